import { describe, expect, it } from 'vitest';
import { meanInterval, pairedDifference } from '../../src/stats/mean-interval.js';

describe('meanInterval', () => {
  it('gives the Student-t interval of a hand-worked sample', () => {
    // mean 3, sd √2.5, t(0.975, 4) = 2.7764451, half-width = 2.7764451 · √2.5 / √5.
    const m = meanInterval([1, 2, 3, 4, 5]);
    const half = 2.7764451051977987 * Math.sqrt(2.5 / 5);
    expect(m.n).toBe(5);
    expect(m.mean).toBe(3);
    expect(m.sd).toBeCloseTo(Math.sqrt(2.5), 14);
    expect(m.low).toBeCloseTo(3 - half, 9);
    expect(m.high).toBeCloseTo(3 + half, 9);
  });

  it('leaves out missing values and has no interval below two observations', () => {
    expect(meanInterval([null, 4, NaN])).toEqual({ n: 1, mean: 4, sd: null, low: null, high: null });
    expect(meanInterval([])).toEqual({ n: 0, mean: null, sd: null, low: null, high: null });
  });

  it('stays accurate for large values with a small spread', () => {
    const m = meanInterval([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    expect(m.sd).toBeCloseTo(1, 9);
  });
});

describe('pairedDifference', () => {
  it('tests the differences, not the two samples', () => {
    // Large spread across seeds, tiny spread in the differences: the paired interval is narrow.
    const a = [10, 110, 1010, 10010];
    const b = [9, 109.1, 1009, 10009.1];
    const d = pairedDifference(a, b);
    expect(d.n).toBe(4);
    expect(d.mean).toBeCloseTo(0.95, 12);
    expect(d.p).not.toBeNull();
    expect(d.p as number).toBeLessThan(0.001);
    expect(d.low as number).toBeGreaterThan(0);
  });

  it('decides exactly when every difference is the same', () => {
    expect(pairedDifference([1, 2, 3], [1, 2, 3]).p).toBe(1);
    expect(pairedDifference([2, 3, 4], [1, 2, 3]).p).toBe(0);
  });

  it('pairs only where both values are present', () => {
    const d = pairedDifference([1, null, 3, 5], [0, 1, null, 2]);
    expect(d.n).toBe(2);
    expect(d.mean).toBe(2);
    expect(pairedDifference([1], [2]).p).toBeNull();
  });
});
