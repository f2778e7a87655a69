import type { LineBandOptions, LineBandSeries } from '../../src/report/svg/line-band-chart.js';

export const fgdPolicies = ['fgd', 'best-fit', 'packing', 'dot-product', 'random-node'] as const;

/**
 * A figure shaped like FGD's (Weng et al. 2023, fig. 7): GPU allocation
 * against arrived GPU workload, both in % of capacity, 0–130 by whole
 * percent; each policy follows y = x until it saturates at its own level,
 * with a min–max band that widens past saturation. No randomness, so the
 * chart is the same on every run.
 */
export function fgdLikeSeries(): LineBandSeries[] {
  const ceilings = [94, 90, 89, 88, 84];
  return fgdPolicies.map((name, i) => {
    const cap = ceilings[i] as number;
    return {
      name,
      points: Array.from({ length: 131 }, (_, x) => {
        const y = Math.min(x, cap - 6 + 6 * (1 - Math.exp(-(Math.max(0, x - cap + 6)) / 12)));
        const spread = 0.3 + Math.max(0, x - cap + 10) * 0.04;
        return { x, y, lo: Math.max(0, y - spread), hi: Math.min(100, y + spread) };
      }),
    };
  });
}

export function fgdLikeOptions(over: Partial<LineBandOptions> = {}): LineBandOptions {
  return {
    name: 'fgd-allocation',
    title: 'GPU allocation ratio against arrived GPU workload',
    x: { quantity: 'arrived GPU workload', unit: { name: '%' }, domain: [0, 130] },
    y: { quantity: 'GPU allocation ratio', unit: { name: '%' } },
    bandName: 'min–max over 10 seeds',
    reference: { name: 'ideal', points: [{ x: 0, y: 0 }, { x: 100, y: 100 }, { x: 130, y: 100 }] },
    ...over,
  };
}

/** A sweep: p95 JCT in seconds against arrival rate, 95% CIs, a policy with a missing point. */
export function sweepSeries(): LineBandSeries[] {
  const rates = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000];
  return ['fifo', 'sjf', 'cost-aware'].map((name, i) => ({
    name,
    points: rates.map((r) => {
      const y = i === 2 && r === 600 ? undefined : 0.05 + (r / 1000) ** 3 * (1 + i * 0.4);
      return y === undefined ? { x: r, y } : { x: r, y, lo: y * 0.9, hi: y * 1.1 };
    }),
  }));
}
