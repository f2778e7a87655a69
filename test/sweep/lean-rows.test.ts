import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QuantileSketch } from '../../src/metrics/quantile-sketch.js';
import { sketchFromJson } from '../../src/metrics/sketch-json.js';
import { summarizeFile } from '../../src/sweep/merge.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { planSweep } from '../../src/sweep/sweep-plan.js';
import type { CompletedRow } from '../../src/sweep/sweep-row.js';

const root = join(import.meta.dirname, '..', '..');
const SWEEP = join(root, 'test/fixtures/sweeps/tiny-sweep.yaml');

function rows(file: string): CompletedRow[] {
  return readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as CompletedRow);
}

describe('a lean sweep (--lean)', () => {
  it('writes rows without time series and quantile arrays, with sketches; aggregates the same metrics as a full sweep, and pools each point', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manychip-lean-'));
    const plan = planSweep(SWEEP);
    await runSweep(plan, { output: join(dir, 'full.jsonl'), workers: 0 });
    await runSweep(plan, { output: join(dir, 'lean.jsonl'), workers: 0, lean: true });
    const full = rows(join(dir, 'full.jsonl'));
    const lean = rows(join(dir, 'lean.jsonl'));
    expect(lean.length).toBe(full.length);
    for (const [i, row] of lean.entries()) {
      const r = row.results as unknown as Record<string, unknown>;
      expect(r['timeseries']).toBeUndefined();
      expect(r['distribution']).toBeUndefined();
      const f = full[i]?.results as unknown as Record<string, unknown>;
      // Everything else is the full row's.
      for (const key of Object.keys(f)) if (key !== 'timeseries' && key !== 'distribution' && key !== 'perf') expect(r[key], key).toEqual(f[key]);
      // Each sketch gives back the row's own summary.
      const jct = sketchFromJson((r['sketches'] as Record<string, unknown>)['jct']) as QuantileSketch;
      const [p50, p95, p99] = jct.quantiles([0.5, 0.95, 0.99]);
      expect({ p50, p95, p99, count: jct.count }).toEqual({ p50: f['jct'] && (f['jct'] as { p50: number }).p50, p95: (f['jct'] as { p95: number }).p95, p99: (f['jct'] as { p99: number }).p99, count: (f['jct'] as { count: number }).count });
    }
    const a = summarizeFile(join(dir, 'full.jsonl'));
    const b = summarizeFile(join(dir, 'lean.jsonl'));
    expect(b.points.map((p) => p.metrics)).toEqual(a.points.map((p) => p.metrics));
    expect(a.points.every((p) => p.pooled === undefined)).toBe(true);
    for (const p of b.points) {
      const mine = lean.filter((r) => r.policy === p.policy && JSON.stringify(r.set) === JSON.stringify(p.set));
      expect(p.pooled?.runs).toBe(3);
      expect(p.pooled?.jct.count).toBe(mine.reduce((n, r) => n + r.results.jct.count, 0));
      expect(p.pooled?.jct.max).toBe(Math.max(...mine.map((r) => r.results.jct.max ?? -Infinity)));
    }
  }, 120_000);

  it('stops the aggregation with the run and what is wrong when a row holds a damaged sketch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manychip-lean-'));
    const plan = planSweep(SWEEP, { set: ['workload[0].arrivals.rate=1', 'sites[0].pools[0].nodes=4'], seeds: 1 });
    const file = join(dir, 'lean.jsonl');
    await runSweep(plan, { output: file, workers: 0, lean: true });
    const [first, ...rest] = readFileSync(file, 'utf8').trimEnd().split('\n');
    const row = JSON.parse(first as string) as { results: { sketches: { wait: { count: number } } } };
    row.results.sketches.wait.count += 1;
    writeFileSync(file, `${[JSON.stringify(row), ...rest].join('\n')}\n`);
    expect(() => summarizeFile(file)).toThrow(/^run 0 \(.*\): results\.sketches\.wait holds counts that add up to \d+, not its count \d+$/);
  });
});
