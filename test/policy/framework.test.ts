import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Gathered, normalisedTotals, partScales, rank } from '../../src/policy/framework.js';

/**
 * The normalisation written again from its documented rule, plainly and
 * separately: per part, the finite values' range; a range within a relative
 * 1e-9, or narrower than 1e-290, is flat (100 points each); otherwise 100 for the best finite value,
 * 0 for the worst, linear between; the better infinity 100, the worse 0; a
 * part with no finite value is flat. Weighted mean over the parts.
 */
function referenceTotals(rows: number[][], weights: number[], higher: boolean[]): number[] {
  const parts = weights.length;
  const points = rows.map(() => new Array<number>(parts).fill(0));
  for (let s = 0; s < parts; s++) {
    const finite = rows.map((r) => r[s] as number).filter((v) => Number.isFinite(v));
    const lo = Math.min(...finite);
    const hi = Math.max(...finite);
    const flat = finite.length === 0 || hi - lo <= 1e-9 * Math.max(Math.abs(lo), Math.abs(hi)) || hi - lo < 1e-290;
    rows.forEach((r, i) => {
      const v = r[s] as number;
      let p: number;
      if (flat && (finite.length === 0 || Number.isFinite(v))) p = 100;
      else if (!Number.isFinite(v)) p = (v > 0) === higher[s] ? 100 : 0;
      else p = higher[s] ? (100 * (v - lo)) / (hi - lo) : (100 * (hi - v)) / (hi - lo);
      (points[i] as number[])[s] = p;
    });
  }
  const weightSum = weights.reduce((a, b) => a + b, 0);
  return points.map((p) => p.reduce((t, x, s) => t + x * (weights[s] as number), 0) / weightSum);
}

/** Runs the framework's normalisation on rows of raw parts, optionally with ranges a fused gather kept. */
function frameworkTotals(rows: number[][], weights: number[], higher: boolean[], withRanges = false): { totals: number[]; winner: number } {
  const parts = weights.length;
  const scales = partScales(parts);
  weights.forEach((w, s) => (scales.weights[s] = w));
  higher.forEach((h, s) => (scales.higher[s] = h ? 1 : 0));
  const g = new Gathered(parts);
  g.reserve(rows.length);
  rows.forEach((r, i) => r.forEach((v, s) => (g.raw[i * parts + s] = v)));
  g.n = rows.length;
  if (withRanges) {
    for (let s = 0; s < parts; s++) {
      g.lo[s] = Math.min(...rows.map((r) => r[s] as number));
      g.hi[s] = Math.max(...rows.map((r) => r[s] as number));
    }
    g.rangesKnown = true;
  }
  const totals = new Float64Array(rows.length);
  const winner = rank(g.raw, g.n, scales, totals, true, g);
  return { totals: [...totals], winner };
}

/** Totals lie in 0..100: two ways of summing them differ by rounding only, far below 1e-9. */
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9;

/** A part value: from a small set (ties and flat parts happen), any finite value, or now and then an infinity. */
const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1, 2.5, 10, 1e6) },
  { weight: 3, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity) },
);

const table = fc.integer({ min: 1, max: 5 }).chain((parts) =>
  fc.record({
    weights: fc.array(fc.double({ min: 0.05, max: 10, noNaN: true }), { minLength: parts, maxLength: parts }),
    higher: fc.array(fc.boolean(), { minLength: parts, maxLength: parts }),
    rows: fc.array(fc.array(value, { minLength: parts, maxLength: parts }), { minLength: 1, maxLength: 30 }),
  }),
);

describe('the framework’s one normalisation', () => {
  it('gives the totals of its documented rule, worked by hand: min–max to 0..100, a flat part 100 for all, weighted mean', () => {
    // cost (lower is better) 1, 2, 3 → 100, 50, 0; RTT 10 everywhere is flat → 100; weights 1 and 3.
    const { totals, winner } = frameworkTotals(
      [
        [1, 10],
        [2, 10],
        [3, 10],
      ],
      [1, 3],
      [false, false],
    );
    expect(totals).toEqual([100, 87.5, 75]);
    expect(winner).toBe(0);
  });

  it('treats a subnormal range as flat rather than dividing by it (no NaN)', () => {
    const { totals } = frameworkTotals(
      [
        [0, 1],
        [5e-324, 2],
      ],
      [1, 1],
      [false, false],
    );
    expect(totals).toEqual([100, 50]);
  });

  it('puts the better infinity at 100 and the worse at 0, outside the finite range', () => {
    // Expected completion (lower is better): an endless job's Infinity is the worst; -Infinity would be the best.
    const { totals } = frameworkTotals([[5], [Infinity], [15], [-Infinity]], [1], [false]);
    expect(totals).toEqual([100, 0, 0, 100]);
  });

  it('matches a separately written reference on random tables, infinities and flat parts included', () => {
    fc.assert(
      fc.property(table, ({ weights, higher, rows }) => {
        const expected = referenceTotals(rows, weights, higher);
        const { totals } = frameworkTotals(rows, weights, higher);
        totals.forEach((t, i) => expect(close(t, expected[i] as number), `pool ${i}: ${t} vs ${expected[i]}`).toBe(true));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same bits whether it finds the ranges itself or a fused gather kept them', () => {
    fc.assert(
      fc.property(table, ({ weights, higher, rows }) => {
        expect(frameworkTotals(rows, weights, higher, true)).toEqual(frameworkTotals(rows, weights, higher, false));
      }),
      { numRuns: 300 },
    );
  });
});

describe('ranking', () => {
  it('picks a pool with the highest total, and of equal ones the first declared', () => {
    fc.assert(
      fc.property(table, ({ weights, higher, rows }) => {
        const { winner } = frameworkTotals(rows, weights, higher);
        if (weights.length === 1) {
          // One part: the raw values are compared directly (no rounding, exact ties): the first best raw value wins.
          const raws = rows.map((r) => r[0] as number);
          const best = higher[0] ? Math.max(...raws) : Math.min(...raws);
          expect(winner).toBe(raws.indexOf(best));
          return;
        }
        const expected = referenceTotals(rows, weights, higher);
        const best = Math.max(...expected);
        expect(close(expected[winner] as number, best)).toBe(true);
        // Of the totals it computed, the winner is the first highest: the tie rule takes the lowest index.
        const { totals } = frameworkTotals(rows, weights, higher);
        expect(winner).toBe(totals.indexOf(Math.max(...totals)));
      }),
      { numRuns: 400 },
    );
  });

  it('breaks exact ties to the pool declared first, with one part and with several', () => {
    expect(frameworkTotals([[3], [1], [1]], [1], [false]).winner).toBe(1);
    expect(frameworkTotals([[3], [1], [1]], [1], [true]).winner).toBe(0);
    expect(
      frameworkTotals(
        [
          [2, 1],
          [1, 2],
          [1, 2],
        ],
        [1, 1],
        [false, true],
      ).winner,
    ).toBe(1);
  });
});
