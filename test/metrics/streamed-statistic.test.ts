import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QuantileSketch } from '../../src/metrics/quantile-sketch.js';
import { StreamedStatistic } from '../../src/metrics/streamed-statistic.js';
import { loadScenarioFile, policyNames, runScenario } from '../../src/index.js';

const root = join(import.meta.dirname, '..', '..');
const scenarioFiles = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml'));
const bound = QuantileSketch.relativeError * (1 + 1e-9);

/** Keys whose numbers are quantiles: sketched within the bound; every other number must be the same. */
const quantileKeys = new Set(['p50', 'p95', 'p99']);

/** Walks two results side by side: quantiles within `bound` of exact, everything else equal; returns how many quantiles it checked. */
function compareResults(sketched: unknown, exact: unknown, path: string, inQuantiles: boolean): number {
  if (typeof exact === 'number' && typeof sketched === 'number') {
    if (inQuantiles) {
      if (Math.abs(sketched - exact) > bound * Math.abs(exact)) throw new Error(`${path}: sketched ${sketched} is not within ${QuantileSketch.relativeError} of ${exact}`);
      return 1;
    }
    expect(sketched, path).toBe(exact);
    return 0;
  }
  if (exact === null || typeof exact !== 'object') {
    expect(sketched, path).toEqual(exact);
    return 0;
  }
  expect(Object.keys(sketched as object), path).toEqual(Object.keys(exact));
  let n = 0;
  for (const [key, value] of Object.entries(exact)) {
    if (path === '' && (key === 'perf' || key === 'quantiles')) continue;
    n += compareResults((sketched as Record<string, unknown>)[key], value, `${path}.${key}`, inQuantiles || quantileKeys.has(key) || key === 'distribution');
  }
  return n;
}

describe('streamed statistics on every bundled scenario', () => {
  for (const file of scenarioFiles) {
    it(`${file}: sketched p50, p95 and p99 of wait, JCT, slowdown and RTT (run, classes, origins) and the JCT distributions within 0.5% of exact; all else the same`, () => {
      const scenario = loadScenarioFile(join(root, 'scenarios', file), { policyNames: policyNames() });
      const exact = runScenario(scenario, { quantiles: 'exact' });
      const sketched = runScenario(scenario);
      expect(exact.quantiles).toEqual({ method: 'exact', relativeError: 0 });
      expect(sketched.quantiles).toEqual({ method: 'sketch', relativeError: QuantileSketch.relativeError });
      expect(compareResults(sketched, exact, '', false)).toBeGreaterThan(0);
    });
  }
});

describe('StreamedStatistic', () => {
  it('gives every class and origin the summary of its own values, and the run the summary of all, in both modes', () => {
    const values = [
      [3, 0, 0],
      [1, 1, 0],
      [4, 0, 1],
      [1, 1, 1],
      [5, 0, 1],
      [9, 1, 0],
      [2, 0, 0],
    ] as const;
    for (const method of ['exact', 'sketch'] as const) {
      const s = new StreamedStatistic(method, 2, 2);
      for (const [v, cls, origin] of values) s.add(v, cls, origin);
      expect(s.summary()).toMatchObject({ count: 7, mean: 25 / 7, max: 9 });
      expect(s.classSummary(0)).toMatchObject({ count: 4, mean: 14 / 4, max: 5 });
      expect(s.classSummary(1)).toMatchObject({ count: 3, mean: 11 / 3, max: 9 });
      expect(s.originSummary(1)).toMatchObject({ count: 3, mean: 10 / 3, max: 5 });
      // Class 1 holds 1, 1, 9: R-7's median is 1.
      expect(Math.abs((s.classSummary(1).p50 as number) - 1)).toBeLessThanOrEqual(bound);
      expect(s.classGrid(0, [0, 1])).toEqual([2, 5]);
    }
  });

  it('keeps a finite mean for finite values whose sum overflows, the same as the plain mean when it does not', () => {
    const s = new StreamedStatistic('sketch', 1, 1);
    s.add(1.5e308, 0, 0);
    s.add(1.7e308, 0, 0);
    s.add(1e308, 0, 0);
    expect(s.summary().mean).toBeCloseTo(1.4e308, -300);
    const t = new StreamedStatistic('sketch', 1, 1);
    for (const v of [0.1, 0.2, 0.3]) t.add(v, 0, 0);
    expect(t.summary().mean).toBe((0.1 + 0.2 + 0.3) / 3);
  });
});
