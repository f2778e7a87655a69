import { quantileSorted } from 'd3-array';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixSortNonNegative, selectQuantiles } from '../../src/metrics/select-quantiles.js';

const ps = [0, 0.01, 0.25, 0.5, 0.95, 0.99, 0.999, 1];

/** The reference: sort a copy, then d3-array's R-7 quantiles. */
function bySorting(values: readonly number[], probabilities: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort() as unknown as number[];
  return probabilities.map((p) => quantileSorted(sorted, p) as number);
}

describe('selectQuantiles', () => {
  it('equals sorting then d3-array quantileSorted, bit for bit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.constantFrom(0, 1, 2)), { minLength: 1, maxLength: 400 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (drawn, probabilities) => {
          // −0 and +0 are one number, which a selection may return either way round (a typed array's sort puts
          // −0 first); JSON writes both as 0. Bit for bit otherwise. (Found by this property: [−0, 0] at p = 5e-324.)
          const values = drawn.map((v) => (v === 0 ? 0 : v));
          const got = selectQuantiles(Float64Array.from(values), values.length, probabilities);
          expect(got).toEqual(bySorting(values, probabilities));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('handles long runs of equal values and large inputs', () => {
    // Most jobs wait exactly 0 s: a bad partition would go quadratic here.
    const n = 200_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = i % 10 === 0 ? (i * 7919) % 1000 : 0;
    const copy = Array.from(values);
    expect(selectQuantiles(values, n, ps)).toEqual(bySorting(copy, ps));
  });

  it('reads only the first n values and permutes nothing else', () => {
    const values = Float64Array.from([5, 1, 3, 99, -99]);
    expect(selectQuantiles(values, 3, [0, 0.5, 1])).toEqual([1, 3, 5]);
    expect(values[3]).toBe(99);
    expect(values[4]).toBe(-99);
  });

  it('gives the only value for n = 1 and NaN for n = 0', () => {
    expect(selectQuantiles(Float64Array.of(7), 1, [0, 0.3, 1])).toEqual([7, 7, 7]);
    expect(selectQuantiles(new Float64Array(0), 0, [0.5])).toEqual([NaN]);
  });

  it('sorts adversarial inputs in bounded time (falls back to a sort)', () => {
    // Sorted, reversed and organ-pipe orders are classic median-of-three killers.
    const n = 100_000;
    const organ = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? i : n - i));
    const reversed = Float64Array.from({ length: n }, (_, i) => n - i);
    for (const values of [organ, reversed]) {
      const copy = Array.from(values);
      expect(selectQuantiles(values, n, ps)).toEqual(bySorting(copy, ps));
    }
  });
});

describe('radixSortNonNegative', () => {
  it('sorts like Float64Array.prototype.sort (property), zeros, subnormals and huge values included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 1e300, noNaN: true }), fc.constantFrom(0, 5e-324, 1, 2, 1e-10)), { maxLength: 300 }),
        (values) => {
          const a = Float64Array.from(values);
          radixSortNonNegative(a);
          expect(Array.from(a)).toEqual(Array.from(Float64Array.from(values).sort()));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sorts a view in place without touching the rest of the buffer', () => {
    const buffer = Float64Array.from([9, 3, 1, 2, 0]);
    radixSortNonNegative(buffer.subarray(1, 4));
    expect(Array.from(buffer)).toEqual([9, 1, 2, 3, 0]);
  });
});
