import { quantileSorted } from 'd3-array';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuantileSketch } from '../../src/metrics/quantile-sketch.js';

const alpha = QuantileSketch.relativeError;
// The bound holds up to the rounding of a logarithm and an exponential.
const bound = alpha * (1 + 1e-9);
const ps = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

/** The reference: sort a copy, then d3-array's R-7 quantiles. */
function exact(values: readonly number[], probabilities: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort() as unknown as number[];
  return probabilities.map((p) => quantileSorted(sorted, p) as number);
}

function sketchOf(values: readonly number[]): QuantileSketch {
  const s = new QuantileSketch();
  for (const v of values) s.add(v);
  return s;
}

/**
 * The sketch's contract: within `relative` of each exact quantile, give or take what reading the values below
 * the smallest normal double as 0 moves it (under 2.2e-308, as the sketch says).
 */
function expectWithin(got: readonly number[], want: readonly number[], relative: number): void {
  got.forEach((g, i) => {
    const w = want[i] as number;
    if (Math.abs(g - w) > relative * Math.abs(w) + Number.MIN_VALUE * 2 ** 52) throw new Error(`quantile ${i}: ${g} is not within ${relative} of ${w}`);
  });
}

/** n values at the midpoints of n equal slices of probability: a sample whose quantiles follow Q closely. */
function stratified(n: number, q: (p: number) => number): number[] {
  return Array.from({ length: n }, (_, k) => q((k + 0.5) / n));
}

/** Closed-form quantile functions. */
const distributions: Record<string, (p: number) => number> = {
  'exponential, mean 2': (p) => -2 * Math.log(1 - p),
  'uniform on [3, 7]': (p) => 3 + 4 * p,
  'Pareto, x_m = 1, shape 1.5': (p) => 1 / (1 - p) ** (1 / 1.5),
  'Weibull, scale 10, shape 0.5': (p) => 10 * (-Math.log(1 - p)) ** 2,
  // Waits in M/M/1 at ρ = 0.8, μ = 1: zero with probability 1 − ρ, else exponential with rate μ − λ.
  'M/M/1 wait, ρ = 0.8': (p) => (p <= 0.2 ? 0 : -Math.log((1 - p) / 0.8) / 0.2),
};

describe('QuantileSketch', () => {
  for (const [name, q] of Object.entries(distributions)) {
    it(`gives p50, p95 and p99 of the ${name} distribution within its bound of the closed form and of the exact sample quantiles`, () => {
      const values = stratified(100_000, q);
      const s = sketchOf(values);
      const probabilities = [0.5, 0.95, 0.99];
      const got = s.quantiles(probabilities);
      expectWithin(got, exact(values, probabilities), bound);
      // The sample's own quantiles sit within 1e-4 of the closed form here; the sketch adds at most α.
      expectWithin(got, probabilities.map(q), alpha + 1e-3);
      expect(s.count).toBe(values.length);
    });
  }

  it('reads values below the smallest normal double back as 0, and keeps the smallest and largest exactly (the property once drew this)', () => {
    const s = sketchOf([5e-324, 5e-324, 0]);
    expect(s.zeros).toBe(3);
    // p = 0.5 is rank 1 of [0, 5e-324, 5e-324], counted as zero: 0 where the exact is 5e-324. p = 0.9 is 0.2 × rank 1
    // (read as 0) + 0.8 × rank 2 (the largest, kept exactly): 4e-324, which rounds to 5e-324; p = 1 is the largest.
    expect(s.quantiles([0, 0.5, 0.9, 1])).toEqual([0, 0, 5e-324, 5e-324]);
    expectWithin(s.quantiles(ps), exact([5e-324, 5e-324, 0], ps), bound);
  });

  it('is within its bound of the exact R-7 quantile at every probability, for any non-negative values (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.double({ min: 0, max: 1e6, noNaN: true }),
            fc.double({ min: 1e-300, max: 1e300, noNaN: true }),
            fc.constantFrom(0, 1, 2, 1e-9, 5e-324),
            fc.integer({ min: 0, max: 100 }),
          ),
          { minLength: 1, maxLength: 300 },
        ),
        (values) => {
          // Within 10^17 of the largest value nothing collapses: keep the ratio of non-zero values below that.
          const positive = values.filter((v) => v > 0);
          const top = Math.max(0, ...positive);
          const kept = values.map((v) => (v > 0 && v < top * 1e-17 ? top : v));
          expectWithin(sketchOf(kept).quantiles(ps), exact(kept, ps), bound);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('holds small samples and sparse tails to the bound, by interpolating between order statistics', () => {
    // R-7's p99 of these ten values is 9 + 0.91 · 91 = 91.81; the ninth value alone is 9.
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
    const [p50, p99] = sketchOf(values).quantiles([0.5, 0.99]) as [number, number];
    expect(Math.abs(p50 - 5.5)).toBeLessThanOrEqual(5.5 * bound);
    expect(Math.abs(p99 - 91.81)).toBeLessThanOrEqual(91.81 * bound);
  });

  it('keeps the smallest and largest values, and zeros, exactly', () => {
    const s = sketchOf([0, 0, 0, 3.14159, 2.71828, 1e-12, 42.4242]);
    expect(s.quantiles([0, 1])).toEqual([0, 42.4242]);
    expect(s.zeros).toBe(3);
    expect(s.quantiles([0.25])).toEqual([0]);
    expect(new QuantileSketch().quantiles([0.5])).toEqual([NaN]);
    expect(sketchOf([7.5]).quantiles([0, 0.5, 1])).toEqual([7.5, 7.5, 7.5]);
  });

  it('merges into the very sketch of the union, whatever the split and the order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { maxLength: 200 }), fc.nat(), (values, cut) => {
        const at = values.length === 0 ? 0 : cut % (values.length + 1);
        const merged = sketchOf(values.slice(0, at));
        merged.merge(sketchOf(values.slice(at)));
        const whole = sketchOf([...values].reverse());
        expect(merged.quantiles(ps)).toEqual(whole.quantiles(ps));
        expect([merged.count, merged.zeros, merged.min, merged.max]).toEqual([whole.count, whole.zeros, whole.min, whole.max]);
        expect(merged.occupied()).toEqual(whole.occupied());
      }),
      { numRuns: 300 },
    );
  });

  it('stays within its bucket limit over values spanning the whole double range, exact above the collapsed part', () => {
    const s = new QuantileSketch();
    const values: number[] = [];
    for (let e = -300; e <= 300; e += 0.5) values.push(10 ** e);
    for (const v of values) s.add(v);
    expect(s.occupied().counts.length).toBeLessThanOrEqual(QuantileSketch.maxBuckets);
    // The top 17 orders of magnitude (the upper 34 of 1,201 values) are kept bucket by bucket.
    const high = [0.98, 0.99, 0.995];
    expectWithin(s.quantiles(high), exact(values, high), bound);
    expect(s.quantiles([0, 1])).toEqual([1e-300, 1e300]);
  });

  it('counts a value added n times at once as n additions of it (property)', () => {
    const value = fc.oneof(fc.constant(0), fc.constant(1e-320), fc.double({ min: 1e-6, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.integer({ min: 1, max: 30 })), { minLength: 1, maxLength: 20 }), (entries) => {
        const repeated = new QuantileSketch();
        const added = new QuantileSketch();
        for (const [v, n] of entries) {
          repeated.addRepeatedToBucket(QuantileSketch.bucketOf(v), v, n);
          for (let i = 0; i < n; i++) added.add(v);
        }
        expect([repeated.count, repeated.zeros, repeated.min, repeated.max]).toEqual([added.count, added.zeros, added.min, added.max]);
        expect(repeated.occupied()).toEqual(added.occupied());
      }),
      { numRuns: 200 },
    );
  });

  it('rebuilds from its parts', () => {
    const s = sketchOf(stratified(5000, distributions['exponential, mean 2'] as (p: number) => number).concat([0, 0]));
    const { first, counts } = s.occupied();
    const copy = QuantileSketch.fromParts({ count: s.count, zeros: s.zeros, min: s.min, max: s.max, first, counts });
    expect(copy.quantiles(ps)).toEqual(s.quantiles(ps));
  });
});
