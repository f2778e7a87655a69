import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../src/engine/rng.js';
import { meanOf } from '../../src/model/cluster-model.js';
import type { ResolvedDistribution } from '../../src/scenario/scenario.js';
import { makeSampler, standardNormal } from '../../src/workload/distribution-sampler.js';

const N = 400_000;

function moments(draw: () => number, n = N): { mean: number; sd: number; min: number; max: number } {
  let sum = 0;
  let sum2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sum2 += x * x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = sum / n;
  return { mean, sd: Math.sqrt((sum2 - n * mean * mean) / (n - 1)), min, max };
}

/**
 * Independent draws, so the standard error of the mean is sd/√n; four
 * standard errors make a fixed-seed test that a wrong transform fails.
 */
function expectMean(dist: ResolvedDistribution, trueSd: number, seed = 1): ReturnType<typeof moments> {
  const m = moments(makeSampler(dist, new RngStreams(seed).stream('sizes:test')));
  expect(Math.abs(m.mean - meanOf(dist))).toBeLessThanOrEqual((4 * trueSd) / Math.sqrt(N));
  return m;
}

describe('makeSampler', () => {
  it('draws a constant every time', () => {
    const m = expectMean({ dist: 'constant', value: 3 }, 0);
    expect([m.min, m.max]).toEqual([3, 3]);
  });

  it('draws exponential values with the given mean and sd = mean', () => {
    const m = expectMean({ dist: 'exponential', mean: 2 }, 2);
    expect(m.sd).toBeCloseTo(2, 1);
    expect(m.min).toBeGreaterThanOrEqual(0);
  });

  it('draws uniform values inside [min, max) with sd (max − min)/√12', () => {
    const m = expectMean({ dist: 'uniform', min: 2, max: 5 }, 3 / Math.sqrt(12));
    expect(m.min).toBeGreaterThanOrEqual(2);
    expect(m.max).toBeLessThan(5);
    expect(m.sd).toBeCloseTo(3 / Math.sqrt(12), 2);
  });

  it('draws lognormal values with the requested mean and coefficient of variation', () => {
    // cv 0.5 keeps the variance of the sample sd finite and small.
    const m = expectMean({ dist: 'lognormal', mean: 10, cv: 0.5 }, 5);
    expect(m.sd / m.mean).toBeCloseTo(0.5, 2);
    expect(m.min).toBeGreaterThan(0);
  });

  it('draws Pareto values at or above xm with mean alpha·xm/(alpha − 1)', () => {
    // alpha 5 keeps the variance finite: sd = xm·sqrt(alpha/((alpha−1)²(alpha−2))).
    const xm = 2;
    const alpha = 5;
    const m = expectMean({ dist: 'pareto', alpha, xm }, xm * Math.sqrt(alpha / ((alpha - 1) ** 2 * (alpha - 2))));
    expect(m.min).toBeGreaterThanOrEqual(xm);
  });

  it('draws empirical values uniformly from the list', () => {
    const values = [1, 2, 2, 10];
    const draw = makeSampler({ dist: 'empirical', values }, new RngStreams(4).stream('e'));
    const seen = new Map<number, number>();
    for (let i = 0; i < 40_000; i++) {
      const x = draw();
      seen.set(x, (seen.get(x) ?? 0) + 1);
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([1, 2, 10]);
    // Each list entry is drawn with probability 1/4; "2" appears twice.
    expect((seen.get(2) ?? 0) / 40_000).toBeCloseTo(0.5, 1);
    expect((seen.get(10) ?? 0) / 40_000).toBeCloseTo(0.25, 1);
  });

  it('is reproducible: the same seed and stream name give the same draws', () => {
    const a = makeSampler({ dist: 'exponential', mean: 1 }, new RngStreams(5).stream('x'));
    const b = makeSampler({ dist: 'exponential', mean: 1 }, new RngStreams(5).stream('x'));
    for (let i = 0; i < 100; i++) expect(a()).toBe(b());
  });
});

describe('standardNormal', () => {
  it('has mean 0 and variance 1', () => {
    const m = moments(standardNormal(new RngStreams(3).stream('n')));
    expect(Math.abs(m.mean)).toBeLessThan(4 / Math.sqrt(N));
    expect(m.sd).toBeCloseTo(1, 2);
  });
});

describe('RngStreams', () => {
  it('gives independent sequences to different names and the same to the same name', () => {
    const rng = new RngStreams(42);
    const a = rng.stream('arrivals:0');
    expect(rng.stream('arrivals:0')).toBe(a);
    const b = new RngStreams(42).stream('arrivals:1');
    const xs = Array.from({ length: 5 }, () => a());
    const ys = Array.from({ length: 5 }, () => b());
    expect(xs).not.toEqual(ys);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('refuses a seed that is not a safe integer', () => {
    expect(() => new RngStreams(1.5)).toThrow(RangeError);
    expect(() => new RngStreams(2 ** 60)).toThrow(RangeError);
  });
});
