import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarizeFile } from '../../src/sweep/merge.js';
import { runBuiltCli } from '../helpers/built-cli.js';
import { runCli } from '../helpers/run-cli.js';

/** Five jobs on two pools: enough for every hook to be called. */
const scenario = `name: timed
chips: { a: { kind: cpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites:
  - { name: s, region: r, pools: [{ name: p0, chip: a, nodes: 1 }, { name: p1, chip: a, nodes: 1 }] }
classes: { j: { speed: { a: 1 }, work: { dist: constant, value: 5 } } }
workload: [{ class: j, origin: r, arrivals: { process: poisson, rate: 1 }, count: 5 }]
`;

/** Policies that never return from one hook (a real infinite loop: nothing but terminating the thread stops it). */
const modules: Record<string, string> = {
  'spin-score.ts': `import type { Policy } from 'manychip';
const policy: Policy = { name: 'spin-score', score: (): number => { for (;;) { /* never returns */ } } };
export default policy;
`,
  'spin-filter.mjs': `export default { name: 'spin-filter', filter() { while (true) {} } };
`,
  'spin-at-load.mjs': `while (true) {}
export default { name: 'never-loads' };
`,
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'manychip-policy-'));
  for (const [file, text] of Object.entries(modules)) writeFileSync(join(dir, file), text);
  writeFileSync(join(dir, 'timed.yaml'), scenario);
});

describe('run --timeout (issue 14, item 22)', () => {
  it('stops a policy that never returns: exit 4, naming the policy and the hook, and no result file', async () => {
    const { code, out, err } = await runCli(['run', join(dir, 'timed.yaml'), '--policy', join(dir, 'spin-score.ts'), '--timeout', '2', '-o', join(dir, 'results.txt'), '--report', join(dir, 'report.html')]);
    expect({ code, out }).toEqual({ code: 4, out: '' });
    expect(err).toBe('error: the run did not finish within 2 s (--timeout): policy "spin-score" was inside its score hook, which has not returned\n');
    // The run was stopped before writing: nothing was put in place, and no temporary file is left behind.
    expect(readdirSync(dir).filter((f) => f.includes('results') || f.includes('report'))).toEqual([]);
  });

  it('stops a module that never finishes loading, with no hook to name', async () => {
    const { code, err } = await runCli(['run', join(dir, 'timed.yaml'), '--policy', join(dir, 'spin-at-load.mjs'), '--timeout', '2']);
    expect(code).toBe(4);
    expect(err).toBe('error: the run did not finish within 2 s (--timeout)\n');
  });

  it('changes nothing for a run that ends in time: the same results, warnings and errors', async () => {
    const strip = (json: string): unknown => ({ ...(JSON.parse(json) as object), perf: null });
    const plain = await runCli(['run', join(dir, 'timed.yaml'), '--format', 'json']);
    const timed = await runCli(['run', join(dir, 'timed.yaml'), '--format', 'json', '--timeout', '60']);
    expect(timed.code).toBe(0);
    expect(strip(timed.out)).toEqual(strip(plain.out));
    const bad = await runCli(['run', join(dir, 'timed.yaml'), '--policy', 'magic', '--timeout', '60']);
    expect(bad).toEqual({ code: 2, out: '', err: (await runCli(['run', join(dir, 'timed.yaml'), '--policy', 'magic'])).err });
  });

  it('refuses a timeout that is not a positive number of seconds', async () => {
    const { code, err } = await runCli(['run', join(dir, 'timed.yaml'), '--timeout', '0']);
    expect(code).toBe(2);
    expect(err).toMatch(/--timeout <s>.*must be a number of seconds above 0/);
  });

  it('works the same in the built CLI', () => {
    const { code, out, err } = runBuiltCli(['run', 'timed.yaml', '--policy', './spin-score.ts', '--timeout', '2'], dir);
    expect({ code, out, err }).toEqual({ code: 4, out: '', err: 'error: the run did not finish within 2 s (--timeout): policy "spin-score" was inside its score hook, which has not returned\n' });
  });
});

describe('compare --timeout', () => {
  it('gives each run the limit, and names the run, the policy and the hook that did not return', async () => {
    const { code, out, err } = await runCli(['compare', join(dir, 'timed.yaml'), '--policies', `fifo,${join(dir, 'spin-filter.mjs')}`, '--seeds', '2', '--timeout', '2', '--quiet']);
    expect({ code, out }).toEqual({ code: 4, out: '' });
    // Runs 1 and 2 are fifo's two seeds; run 3 is the first of spin-filter.
    expect(err).toBe('error: run 3 of the comparison did not finish within 2 s (--timeout): policy "spin-filter" was inside its filter hook, which has not returned\n');
  });
});

describe('sweep --timeout', () => {
  it('records a run that does not end as timed out, replaces its worker and goes on', async () => {
    const sweep = join(dir, 'timed-sweep.yaml');
    writeFileSync(sweep, `name: timed-sweep\nscenario: timed.yaml\nmatrix: { horizon: [100] }\npolicies: [./spin-score.ts, fifo]\nseeds: 2\n`);
    const output = join(dir, 'timed-sweep.jsonl');
    const { code, err } = await runCli(['sweep', sweep, '-o', output, '--workers', '1', '--timeout', '2', '--quiet']);
    expect(code, err).toBe(0);
    expect(err).toContain(`2 runs timed out (--timeout): in ${output} with "timedOut"`);
    const rows = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { index: number; policy: string; timedOut?: unknown; results?: unknown });
    rows.sort((a, b) => a.index - b.index);
    // Runs 0 and 1 (spin-score) timed out in its score hook; runs 2 and 3 (fifo) ran after, on the thread that replaced it.
    expect(rows.map((r) => r.timedOut ?? 'results')).toEqual([
      { limitS: 2, policyName: 'spin-score', hook: 'score' },
      { limitS: 2, policyName: 'spin-score', hook: 'score' },
      'results',
      'results',
    ]);
    const summary = summarizeFile(output);
    expect(summary.timedOut).toBe(2);
    expect(summary.points.map((p) => [p.policy, p.timedOut, p.metrics.jctP95?.n])).toEqual([
      ['./spin-score.ts', [1, 2], 0],
      ['fifo', [], 2],
    ]);
    // merge counts them as done (none missing), and compare of the rows says they are left out.
    const merged = await runCli(['merge', output]);
    expect(merged.code).toBe(0);
    expect(merged.err).toBe('4 runs from 1 file, none missing or doubled\n');
    expect(merged.out).toContain('2 of the 4 runs timed out (--timeout) and are left out of these figures');
    expect(existsSync(output)).toBe(true);
  });
});
