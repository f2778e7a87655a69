import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/scenario/problem.js';
import { mergeSweeps, summarizeFile } from '../../src/sweep/merge.js';
import { defaultWorkers, runSweep } from '../../src/sweep/run-sweep.js';
import { parseShard } from '../../src/sweep/shard.js';
import { planSweep } from '../../src/sweep/sweep-plan.js';
import type { SweepRow } from '../../src/sweep/sweep-row.js';
import { rowsOf } from '../helpers/sweep-rows.js';

const root = join(import.meta.dirname, '..', '..');
const SWEEP = join(root, 'test/fixtures/sweeps/tiny-sweep.yaml');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'manychip-sweep-'));

describe('a sweep plan', () => {
  it('crosses the matrix (first entry slowest) with policies and seeds, with stable keys', () => {
    const plan = planSweep(SWEEP);
    expect(plan.total).toBe(3 * 2 * 2 * 3);
    expect(plan.parameters).toEqual(['workload[0].arrivals.rate', 'sites[0].pools[0].nodes']);
    expect(plan.variants.map((v) => v.set)).toEqual([
      { 'workload[0].arrivals.rate': 1, 'sites[0].pools[0].nodes': 4 },
      { 'workload[0].arrivals.rate': 1, 'sites[0].pools[0].nodes': 6 },
      { 'workload[0].arrivals.rate': 2, 'sites[0].pools[0].nodes': 4 },
      { 'workload[0].arrivals.rate': 2, 'sites[0].pools[0].nodes': 6 },
      { 'workload[0].arrivals.rate': 3, 'sites[0].pools[0].nodes': 4 },
      { 'workload[0].arrivals.rate': 3, 'sites[0].pools[0].nodes': 6 },
    ]);
    expect(plan.variants[5]?.scenario.sites[0]?.pools[0]?.nodes).toBe(6);
    expect(plan.seeds).toEqual([5, 6, 7]);
    expect(plan.run(7)).toEqual({ index: 7, variant: 1, policy: 'fifo', seed: 6, key: 'workload[0].arrivals.rate=1 | sites[0].pools[0].nodes=6 | fifo | seed 6' });
    // The same sweep read again, from anywhere, has the same fingerprint; a change of values does not.
    expect(planSweep(SWEEP).fingerprint).toBe(plan.fingerprint);
    expect(planSweep(SWEEP, { set: ['workload[0].arrivals.rate=1,2'] }).fingerprint).not.toBe(plan.fingerprint);
  });

  it('fails before any run, naming the path, when an override path is not in the scenario', () => {
    const problems = (f: () => unknown): string[] => {
      try {
        f();
      } catch (e) {
        return (e as InputError).problems.map((p) => `${p.file.split('/').at(-1)}${p.line === undefined ? '' : `:${p.line}`} ${p.message}`);
      }
      return [];
    };
    expect(problems(() => planSweep(SWEEP, { set: ['workload[0].arrivals.rat=1,2'] }))).toEqual([
      '--set workload[0].arrivals.rat: workload[0].arrivals has no field "rat" — fields there: process, rate',
    ]);
    expect(problems(() => planSweep(SWEEP, { set: ['sites[3].pools[0].nodes=1'] }))).toEqual(['--set sites[3].pools[0].nodes: sites has 1 entry; [3] is not one of them']);
    expect(problems(() => planSweep(SWEEP, { set: ['workload[0].arrivals.rate=1,2,1'] }))).toEqual(['--set workload[0].arrivals.rate: the value 1 is given twice']);
    expect(problems(() => planSweep(SWEEP, { policies: ['fifo', 'fifo'] }))).toEqual(['--policies policy fifo is given twice']);
    // A value the scenario format refuses is found in the variant, before any run.
    expect(problems(() => planSweep(SWEEP, { set: ['sites[0].pools[0].nodes=0,2'] }))[0]).toMatch(/^tiny\.yaml:7 .*(with workload\[0\]\.arrivals\.rate=1, sites\[0\]\.pools\[0\]\.nodes=0)/);
  });
});

describe('running a sweep', () => {
  it('gives the same rows on worker threads as in one thread', async () => {
    const dir = tmp();
    const plan = planSweep(SWEEP, { seeds: 2 });
    await runSweep(plan, { output: join(dir, 'one.jsonl'), workers: 0 });
    await runSweep(plan, { output: join(dir, 'two.jsonl'), workers: 2 });
    const one = rowsOf(join(dir, 'one.jsonl'));
    expect(one.size).toBe(plan.total);
    expect(rowsOf(join(dir, 'two.jsonl'))).toEqual(one);
  }, 60_000);

  it('in 3 shards, merged, equals the unsharded sweep run for run, and its aggregates', async () => {
    const dir = tmp();
    const plan = planSweep(SWEEP);
    await runSweep(plan, { output: join(dir, 'all.jsonl'), workers: 2 });
    const shards = [0, 1, 2].map((i) => join(dir, `s${i}.jsonl`));
    for (let i = 0; i < 3; i++) await runSweep(plan, { output: shards[i] as string, workers: 1, shard: { index: i, count: 3 } });
    expect(shards.map((f) => rowsOf(f).size)).toEqual([12, 12, 12]);
    const merged = mergeSweeps(shards, join(dir, 'merged.jsonl'));
    expect(merged.runs).toBe(36);
    expect(rowsOf(join(dir, 'merged.jsonl'))).toEqual(rowsOf(join(dir, 'all.jsonl')));
    expect(merged.summary).toEqual(summarizeFile(join(dir, 'all.jsonl')));
    // A shard missing, or one given twice, is refused with the runs named.
    expect(() => mergeSweeps(shards.slice(0, 2))).toThrow(/12 of the sweep's 36 runs are missing \(runs 2, 5, 8,/);
    expect(() => mergeSweeps([...shards, shards[0] as string])).toThrow(/run 0 \(.*\) is also at .*s0\.jsonl:1: the shards overlap/);
  }, 120_000);

  it('killed mid-way and resumed, has every run exactly once', async () => {
    const dir = tmp();
    const out = join(dir, 'runs.jsonl');
    const plan = planSweep(SWEEP);
    // A real kill: the CLI in a child process, SIGKILLed once some rows are written.
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/bin.ts'), 'sweep', SWEEP, '-o', out, '--workers', '1', '--quiet'], { cwd: root, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let killed = false;
    await Promise.race([
      exited,
      new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (existsSync(out) && statSync(out).size > 0 && readFileSync(out, 'utf8').split('\n').length > 10) {
            killed = child.kill('SIGKILL');
            clearInterval(poll);
            resolve();
          }
        }, 5);
        void exited.then(() => clearInterval(poll));
      }),
    ]);
    const code = await exited;
    // A child that ended on its own, before the kill, would make this test prove nothing.
    expect({ killed, code }).toEqual({ killed: true, code: null });
    const before = readFileSync(out, 'utf8').split('\n').filter((l) => l !== '').length;
    expect(before).toBeGreaterThan(9);
    expect(before).toBeLessThan(plan.total);
    // And a last line cut short, as a kill in the middle of a write leaves it.
    appendFileSync(out, '{"sweep":"');
    const warnings: string[] = [];
    const outcome = await runSweep(plan, { output: out, workers: 2, resume: true, onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([`${out}: its last line was cut short (a run killed while writing); that run is done again`]);
    expect(outcome.skipped + outcome.ran).toBe(plan.total);
    const rows = rowsOf(out);
    expect(rows.size).toBe(plan.total);
    const keys = new Set([...rows.values()].map((r) => (r as SweepRow).key));
    expect(keys.size).toBe(plan.total);
    // Resuming a finished sweep does nothing.
    expect((await runSweep(plan, { output: out, resume: true })).ran).toBe(0);
  }, 120_000);

  it('resumes a file with CRLF line endings, or whose last whole row lost its newline', async () => {
    const dir = tmp();
    const plan = planSweep(SWEEP, { seeds: 1 });
    const full = join(dir, 'full.jsonl');
    await runSweep(plan, { output: full, workers: 0 });
    const lines = readFileSync(full, 'utf8').trim().split('\n');
    // CRLF, five whole rows and a sixth cut short.
    const crlf = join(dir, 'crlf.jsonl');
    writeFileSync(crlf, `${lines.slice(0, 5).join('\r\n')}\r\n${(lines[5] as string).slice(0, 40)}`);
    await runSweep(plan, { output: crlf, workers: 0, resume: true });
    expect(rowsOf(crlf)).toEqual(rowsOf(full));
    // Five whole rows, the last without its newline: kept, and the next row starts on a new line.
    const bare = join(dir, 'bare.jsonl');
    writeFileSync(bare, lines.slice(0, 5).join('\n'));
    const outcome = await runSweep(plan, { output: bare, workers: 0, resume: true });
    expect(outcome.skipped).toBe(5);
    expect(rowsOf(bare)).toEqual(rowsOf(full));
  }, 60_000);

  it('reports a worker thread that exits mid-run instead of waiting for it', async () => {
    const plan = planSweep(SWEEP, { seeds: 1, policies: [join(root, 'test/fixtures/policies/exits.js')] });
    await expect(runSweep(plan, { output: join(tmp(), 'x.jsonl'), workers: 1 })).rejects.toThrow('a worker thread exited (code 3) in the middle of a run: a policy module may call process.exit');
  }, 60_000);

  it('refuses to overwrite its output, or to resume another sweep’s', async () => {
    const dir = tmp();
    const out = join(dir, 'runs.jsonl');
    writeFileSync(out, '');
    const plan = planSweep(SWEEP, { seeds: 1 });
    await expect(runSweep(plan, { output: out })).rejects.toThrow(`${out} exists: give --resume to finish the sweep that wrote it, or --force to start over`);
    await runSweep(plan, { output: out, force: true, workers: 0 });
    await expect(runSweep(planSweep(SWEEP, { seeds: 2 }), { output: out, resume: true })).rejects.toThrow(/runs\.jsonl:1 holds a run of another sweep/);
  }, 60_000);
});

describe('workers', () => {
  it('default to the cores this process may use, fewer if Slurm gave the task fewer', () => {
    expect(defaultWorkers({})).toBeGreaterThanOrEqual(1);
    expect(defaultWorkers({ SLURM_CPUS_PER_TASK: '1' })).toBe(1);
  });
});

describe('shards', () => {
  it('take their index from the command line or from a Kubernetes or Slurm environment', () => {
    expect(parseShard('1/3', {})).toEqual({ index: 1, count: 3 });
    expect(parseShard('k8s/4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
    expect(parseShard('slurm/4', { SLURM_ARRAY_TASK_ID: '0' })).toEqual({ index: 0, count: 4 });
    expect(parseShard('env/4', { SLURM_ARRAY_TASK_ID: '2' })).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('k8s/4', {})).toThrow('--shard k8s/4: JOB_COMPLETION_INDEX is not set');
    expect(() => parseShard('slurm/4', { SLURM_ARRAY_TASK_ID: '4' })).toThrow('--shard slurm/4: index 4 is not below 4 (shards are numbered 0 to 3; a Slurm array should be --array=0-3)');
    expect(() => parseShard('3', {})).toThrow(/write i\/n/);
  });
});
