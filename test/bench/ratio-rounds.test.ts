import { describe, expect, it } from 'vitest';
import { inRatioRounds, median, summarizeRounds } from '../../src/bench/ratio-rounds.js';

describe('median', () => {
  it('is the middle value of an odd count and the mean of the middle two of an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('is NaN for no values, and leaves its input unsorted', () => {
    expect(median([])).toBeNaN();
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('summarizeRounds', () => {
  it('takes the median of the per-round ratios, not the ratio of the median rates', () => {
    // The machine slowed down over three rounds; the contender kept at half the reference within each.
    const s = summarizeRounds([
      { rate: 50, reference: 100 },
      { rate: 20, reference: 40 },
      { rate: 5, reference: 10 },
    ]);
    expect(s.ratio).toBe(0.5);
    expect(s.rate).toBe(20);
    expect(s.reference).toBe(40);
    expect([s.ratioMin, s.ratioMax, s.rounds]).toEqual([0.5, 0.5, 3]);
  });

  it('divides the best rate by the best reference, each from its quietest round', () => {
    const s = summarizeRounds([
      { rate: 60, reference: 90 },
      { rate: 70, reference: 80 }, // the contender's quietest moment
      { rate: 40, reference: 100 }, // the reference's
    ]);
    expect([s.bestRate, s.bestReference, s.bestRatio]).toEqual([70, 100, 0.7]);
  });

  it('leaves one spoilt round out of the figure', () => {
    const s = summarizeRounds([
      { rate: 70, reference: 100 },
      { rate: 71, reference: 100 },
      { rate: 10, reference: 100 }, // a neighbour took the CPU during this contender's sample
      { rate: 69, reference: 100 },
      { rate: 72, reference: 100 },
    ]);
    expect(s.ratio).toBeCloseTo(0.7, 12);
    expect(s.ratioMin).toBeCloseTo(0.1, 12);
  });
});

describe('inRatioRounds', () => {
  it('pairs each contender with the reference of its own round', async () => {
    const rounds = [
      [100, 50, 25],
      [10, 5, 3],
      [40, 20, 10],
    ];
    const [a, b] = await inRatioRounds(3, (i) => rounds[i] as number[]);
    expect(a?.ratio).toBe(0.5);
    expect(b?.ratio).toBe(0.25);
    expect(b?.ratioMax).toBeCloseTo(0.3, 12);
  });
});
