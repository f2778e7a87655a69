import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../helpers/cli-main.js';
import { dataTrace, repoRoot as root } from '../helpers/data-traces.js';

/** Messages name trace files relative to the working directory, wherever the tests run from. */
const MALFORMED = relative(process.cwd(), join(root, 'test/fixtures/traces/malformed.swf'));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (t) => ((out += t), true) }, { write: (t) => ((err += t), true) });
  return { code, out, err };
}

/** A scenario replaying the malformed SWF fixture on 8 single-chip nodes. */
function malformedScenario(): string {
  const dir = mkdtempSync(join(tmpdir(), 'manychip-traces-'));
  const file = join(dir, 'bad.yaml');
  writeFileSync(
    file,
    `name: bad
chips: { c: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: c, nodes: 8 }] }]
classes: { b: { speed: { c: 1 }, work: { dist: constant, value: 0 } } }
workload:
  - { class: b, origin: r, trace: { format: swf, file: ${join(root, 'test/fixtures/traces/malformed.swf')} } }
policy: easy-backfill
`,
  );
  return file;
}

describe('malformed trace rows on the command line', () => {
  it('run skips and counts them, with one warning naming the first', async () => {
    const { code, out, err } = await cli('run', malformedScenario(), '--format', 'json');
    expect(code).toBe(0);
    expect((JSON.parse(out) as { jobs: { arrived: number } }).jobs.arrived).toBe(3);
    expect(err).toContain(`warning: ${MALFORMED}: 4 malformed rows skipped (first at line 7, field 4 (run time): "abc" is not a number (-1 means unknown)); --strict fails on them instead\n`);
  });

  it('run --strict fails with file, line and field, exit code 2, and no stack', async () => {
    const { code, out, err } = await cli('run', malformedScenario(), '--strict');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`error: ${MALFORMED}:7:1 field 4 (run time): "abc" is not a number (-1 means unknown)\n`);
  });

  it('validate reads the traces through and says how many jobs each gives', async () => {
    const scenario = join(root, 'scenarios/kth-sp2.yaml');
    const ok = await cli('validate', scenario);
    expect(ok.code).toBe(0);
    expect(ok.out).toBe(`${scenario}: ok (1 site, 1 class, ${relative(process.cwd(), dataTrace('swf', 'KTH-SP2-1996-2.1-cln.swf.gz'))}: 28,475 jobs)\n`);
    const strict = await cli('validate', malformedScenario(), '--strict');
    expect(strict.code).toBe(2);
    expect(strict.err.startsWith(`error: ${MALFORMED}:7:1 field 4 (run time)`)).toBe(true);
  });
});

describe('a pod list without the columns its use needs', () => {
  it('is refused at its first line, naming what it lacks, by validate and by run (exit 2)', async () => {
    const multigpu = dataTrace('alibaba-gpu-2023', 'openb_pod_list_multigpu50.csv.gz');
    const dir = mkdtempSync(join(tmpdir(), 'manychip-pods-'));
    const file = join(dir, 'in-time.yaml');
    writeFileSync(
      file,
      `name: in-time
chips: { g: { kind: gpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: g, nodes: 4, chipsPerNode: 8, cpuCores: 96, memGiB: 512 }] }]
classes: { pod: { speed: { g: 1 }, work: { dist: constant, value: 1 } } }
workload:
  - { class: pod, origin: r, trace: { format: alibaba-pods, file: ${multigpu} } }
`,
    );
    const name = relative(process.cwd(), multigpu);
    for (const command of ['validate', 'run']) {
      const { code, err } = await cli(command, file);
      expect(code).toBe(2);
      expect(err).toBe(`error: ${name}:1:1 is not an Alibaba pod list with times: the header lacks pod_phase, creation_time, deletion_time, scheduled_time (needs name, cpu_milli, memory_mib, num_gpu, gpu_milli, pod_phase, creation_time, deletion_time, scheduled_time)\n`);
    }
  });
});

describe('a trace that gives no job', () => {
  /** A scenario replaying `trace` (written beside it) with one workload entry, and the trace's name as messages show it. */
  function emptyTraceScenario(trace: string): { file: string; name: string } {
    const dir = mkdtempSync(join(tmpdir(), 'manychip-empty-trace-'));
    writeFileSync(join(dir, 't.swf'), trace);
    const file = join(dir, 'empty.yaml');
    writeFileSync(
      file,
      `name: empty
chips: { c: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: c, nodes: 2 }] }]
classes: { b: { speed: { c: 1 }, work: { dist: constant, value: 0 } } }
workload:
  - { class: b, origin: r, trace: { format: swf, file: t.swf } }
`,
    );
    return { file, name: relative(process.cwd(), join(dir, 't.swf')) };
  }

  it('is refused by validate, validate --strict and run (exit 2) when the file is empty or a header alone', async () => {
    for (const trace of ['', '; Computer: IBM SP2\n; MaxProcs: 100\n']) {
      const { file, name } = emptyTraceScenario(trace);
      for (const argv of [['validate', file], ['validate', '--strict', file], ['run', file]]) {
        const { code, out, err } = await cli(...argv);
        expect(code).toBe(2);
        expect(out).toBe('');
        expect(err).toBe(`error: ${name} has no jobs to replay (the file has no job rows); a workload entry's trace must give at least one\n`);
      }
    }
  });

  it('is refused with what was left out when every row was malformed or skipped', async () => {
    const { file, name } = emptyTraceScenario('1 0 5 100 2\n2 0 5 -1 -1 -1 -1 -1 200 -1 1 1 1 -1 -1 -1 -1 -1\n');
    const { code, err } = await cli('run', file);
    expect(code).toBe(2);
    expect(err).toBe(
      `error: ${name} has no jobs to replay (every row was left out: 1 malformed row, the first at line 1, line: has 5 fields; an SWF job line has 18; 1 job skipped: no run time (field 4 is -1)); a workload entry's trace must give at least one\n`,
    );
  });
});
