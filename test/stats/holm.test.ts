import { describe, expect, it } from 'vitest';
import { holm } from '../../src/stats/holm.js';

describe('holm', () => {
  it('rejects step-down until the first p-value above alpha / (m − k) (hand-worked)', () => {
    // Sorted: 0.005 ≤ 0.05/4, 0.01 ≤ 0.05/3, 0.03 > 0.05/2: stop; 0.04 is not rejected although 0.04 ≤ 0.05/1.
    const { rejected, adjusted } = holm([0.01, 0.04, 0.03, 0.005]);
    expect(rejected).toEqual([true, false, false, true]);
    expect(adjusted[3]).toBeCloseTo(0.02, 15);
    expect(adjusted[0]).toBeCloseTo(0.03, 15);
    expect(adjusted[2]).toBeCloseTo(0.06, 15);
    // Adjusted p-values are monotone in the sorted order: 0.04 × 1 is raised to 0.06.
    expect(adjusted[1]).toBeCloseTo(0.06, 15);
  });

  it('is stricter than testing each at alpha, and equals Bonferroni for the smallest p-value', () => {
    const { rejected } = holm([0.02, 0.02, 0.02]);
    expect(rejected).toEqual([false, false, false]);
    expect(holm([0.016, 0.9, 0.9]).rejected).toEqual([true, false, false]);
  });

  it('leaves NaN p-values out of the family and never rejects them', () => {
    const { rejected, adjusted } = holm([NaN, 0.03, NaN]);
    expect(rejected).toEqual([false, true, false]);
    expect(adjusted[0]).toBeNaN();
    expect(adjusted[1]).toBeCloseTo(0.03, 15);
  });

  it('caps adjusted p-values at 1 and handles an empty family', () => {
    expect(holm([0.6, 0.7]).adjusted).toEqual([1, 1]);
    expect(holm([])).toEqual({ rejected: [], adjusted: [] });
  });
});
