import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
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

  it('takes a value repeated n times as n additions of it: the same counts, quantiles and maxima, means within roundings (property, both modes)', () => {
    const value = fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.constantFrom(0.1, 1.3, 20));
    const entry = fc.tuple(value, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 }));
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 12 }), fc.constantFrom('exact', 'sketch'), (entries, method) => {
        const repeated = new StreamedStatistic(method, 3, 2);
        const added = new StreamedStatistic(method, 3, 2);
        for (const [v, n, cls, origin] of entries) {
          repeated.addRepeated(v, n, cls, origin);
          for (let i = 0; i < n; i++) added.add(v, cls, origin);
        }
        const same = (a: ReturnType<StreamedStatistic['summary']>, b: ReturnType<StreamedStatistic['summary']>): void => {
          expect({ ...a, mean: 0 }).toEqual({ ...b, mean: 0 });
          if (a.mean === null || b.mean === null) expect(a.mean).toBe(b.mean);
          else expect(Math.abs(a.mean - b.mean)).toBeLessThanOrEqual(1e-12 * Math.abs(b.mean));
        };
        same(repeated.summary(), added.summary());
        for (let g = 0; g < 3; g++) same(repeated.classSummary(g), added.classSummary(g));
        for (let g = 0; g < 2; g++) same(repeated.originSummary(g), added.originSummary(g));
        expect(repeated.grid([0, 0.3, 0.9, 1])).toEqual(added.grid([0, 0.3, 0.9, 1]));
      }),
      { numRuns: 200 },
    );
  });

  it('gives n equal values that value as their mean, however they came (a sum of ten 0.1s is 0.9999999999999999), in both modes', () => {
    expect(Array.from({ length: 10 }, () => 0.1).reduce((a, b) => a + b) / 10).toBe(0.09999999999999999);
    for (const method of ['exact', 'sketch'] as const) {
      const one = new StreamedStatistic(method, 2, 1);
      for (let i = 0; i < 10; i++) one.add(0.1, 1, 0);
      const repeated = new StreamedStatistic(method, 2, 1);
      repeated.addRepeated(0.2, 3, 0, 0);
      repeated.addRepeated(0.2, 5, 0, 0);
      expect([one.summary().mean, one.classSummary(1).mean, repeated.summary().mean], method).toEqual([0.1, 0.1, 0.2]);
    }
  });

  it('keeps a finite mean for finite values whose sum overflows, the same as the plain mean when it does not', () => {
    const s = new StreamedStatistic('sketch', 1, 1);
    s.add(1.5e308, 0, 0);
    s.add(1.7e308, 0, 0);
    s.add(1e308, 0, 0);
    expect(s.summary().mean).toBeCloseTo(1.4e308, -300);
    const r = new StreamedStatistic('sketch', 1, 1);
    r.addRepeated(1.5e308, 2, 0, 0);
    r.addRepeated(1e308, 1, 0, 0);
    expect(r.summary().mean).toBeCloseTo(1.3333333333333333e308, -300);
    const t = new StreamedStatistic('sketch', 1, 1);
    for (const v of [0.1, 0.2, 0.3]) t.add(v, 0, 0);
    expect(t.summary().mean).toBe((0.1 + 0.2 + 0.3) / 3);
  });
});
