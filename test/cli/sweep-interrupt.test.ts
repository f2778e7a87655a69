import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { planSweep } from '../../src/sweep/sweep-plan.js';
import { rowsOf } from '../helpers/sweep-rows.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'src', 'cli', 'bin.js');

/** A sweep of slow runs (the policy sleeps 40 ms per decision): Ctrl-C finds it in the middle. */
function slowSweep(): { dir: string; sweep: string; runs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'manychip-policy-'));
  writeFileSync(
    join(dir, 'slow.yaml'),
    `name: slow
chips: { a: { kind: cpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites: [{ name: s, region: r, pools: [{ chip: a, nodes: 2 }] }]
classes: { j: { speed: { a: 1 }, work: { dist: constant, value: 1 } } }
workload: [{ class: j, origin: r, arrivals: { process: poisson, rate: 1 }, count: 6 }]
`,
  );
  writeFileSync(
    join(dir, 'slow.mjs'),
    `const pause = new Int32Array(new SharedArrayBuffer(4));
export default { name: 'slow', score(job, pool) { Atomics.wait(pause, 0, 0, 40); return pool.index; } };
`,
  );
  writeFileSync(join(dir, 'slow-sweep.yaml'), 'name: slow-sweep\nscenario: slow.yaml\nmatrix: { horizon: [1000] }\npolicies: [./slow.mjs]\nseeds: 12\n');
  return { dir, sweep: join(dir, 'slow-sweep.yaml'), runs: 12 };
}

const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : []);

describe('a sweep stopped with Ctrl-C (issue 13, item 5)', () => {
  it('says how many runs finished and the exact --resume command, exits 130, and that command finishes the sweep', async () => {
    const { dir, runs } = slowSweep();
    const output = join(dir, 'runs.jsonl');
    // The built CLI in a child process, sent a real SIGINT once some rows are written.
    const child = spawn(process.execPath, [bin, 'sweep', 'slow-sweep.yaml', '-o', 'runs.jsonl', '--workers', '1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let sent = false;
    const poll = setInterval(() => {
      if (!sent && lines(output).length >= 2) sent = child.kill('SIGINT');
    }, 10);
    const code = await exited;
    clearInterval(poll);
    // A sweep that ended on its own, before the signal, would make this test prove nothing.
    expect(sent).toBe(true);
    expect(code).toBe(130);
    const done = lines(output).length;
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThan(runs);
    const command = 'manychip sweep slow-sweep.yaml -o runs.jsonl --workers 1 --resume';
    expect(err).toBe(`interrupted: ${done} of ${runs} runs done, their rows in runs.jsonl; to do the other ${runs - done}, run:\n  ${command}\n`);

    // The command it prints finishes the sweep: every run once, the same rows as a sweep never stopped.
    const resumed = spawnSync('sh', ['-c', command.replace(/^manychip /, `"${process.execPath}" "${bin}" `)], { cwd: dir, encoding: 'utf8', timeout: 50_000, killSignal: 'SIGKILL' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`${runs - done} runs done, ${done} already in runs.jsonl`);
    const whole = spawnSync(process.execPath, [bin, 'sweep', 'slow-sweep.yaml', '-o', 'whole.jsonl', '--workers', '1', '--quiet'], { cwd: dir, encoding: 'utf8', timeout: 50_000, killSignal: 'SIGKILL' });
    expect(whole.status, whole.stderr).toBe(0);
    expect(rowsOf(output)).toEqual(rowsOf(join(dir, 'whole.jsonl')));
  }, 120_000);

  for (const workers of [0, 2]) {
    it(`stops in order with ${workers} workers: the rows written are whole, and the outcome says interrupted`, async () => {
      const { dir, sweep, runs } = slowSweep();
      const output = join(dir, 'runs.jsonl');
      const stop = new AbortController();
      const outcome = await runSweep(planSweep(sweep), { output, workers, signal: stop.signal, onProgress: (done) => done >= 2 && stop.abort() });
      expect(outcome.interrupted).toBe(true);
      expect(outcome.ran).toBe(lines(output).length);
      expect(outcome.ran).toBeGreaterThanOrEqual(2);
      expect(outcome.ran).toBeLessThan(runs);
      for (const line of lines(output)) expect(() => JSON.parse(line) as unknown).not.toThrow();
    });
  }
});
