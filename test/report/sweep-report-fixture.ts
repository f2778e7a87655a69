import { compareMetrics } from '../../src/compare/compare-metrics.js';
import type { MetricInfo } from '../../src/compare/comparison.js';
import type { SweepPoint, SweepSummary } from '../../src/sweep/aggregate.js';
import type { MeanInterval } from '../../src/stats/mean-interval.js';
import { hostileName } from './html-report-fixture.js';

export const rateParameter = 'workload[0].arrivals.rate';
export const siteParameter = 'sites[0].name';
export const sweepPolicies = ['fifo', hostileName] as const;
export const rates = [400, 100, 300, 200] as const;
export const sites = ['edge', hostileName] as const;
/** No run observes it. */
export const nullMetric = 'rttP95';
/** Every run observes 0. */
export const zeroMetric = 'deadlineMet';

const metrics: MetricInfo[] = compareMetrics.map(({ key, label, description, unit, better, inTable }) => ({ key, label, description, unit, better, inTable }));
const seeds = [1, 2, 3, 4, 5];

const interval = (mean: number, half: number): MeanInterval => ({ n: seeds.length, mean, sd: half, low: mean - half, high: mean + half });
const none: MeanInterval = { n: 0, mean: null, sd: null, low: null, high: null };

/** A made-up metric value: grows with load, differs by policy and site; shares stay in 0–1 but their intervals can pass 1. */
function metricValue(m: MetricInfo, load: number, policy: number, site: number): MeanInterval {
  if (m.key === nullMetric) return none;
  if (m.key === zeroMetric) return { n: seeds.length, mean: 0, sd: 0, low: 0, high: 0 };
  const base = (1 + policy * 0.3) * (1 + site * 0.5);
  if (m.unit === 'fraction') {
    const mean = Math.max(0, Math.min(1, 0.99 - load * 0.15 * base));
    return interval(mean, 0.02 + load * 0.01);
  }
  const mean = (0.2 + load ** 3) * base * (m.unit === '$' ? 40 : 1);
  return interval(mean, mean * 0.1);
}

const point = (set: Record<string, unknown>, policy: number, load: number, site: number, metricsOf = metricValue): SweepPoint => ({
  set,
  policy: sweepPolicies[policy] as string,
  seeds,
  timedOut: [],
  metrics: Object.fromEntries(metrics.map((m) => [m.key, metricsOf(m, load, policy, site)])),
});

function summary(name: string, parameters: string[], points: SweepPoint[]): SweepSummary {
  return { schemaVersion: 7, name, sweep: 'a1b2c3d4', total: points.length * seeds.length, runs: points.length * seeds.length, timedOut: 0, confidence: 0.95, parameters, policies: [...sweepPolicies], metrics, points };
}

/**
 * 2 sites (one named with markup) × 4 arrival rates (not in order) × 2
 * policies (one named with markup) × 5 seeds, in matrix order: sites
 * outermost, as a sweep file listing the site first would run them.
 */
export function sweepSummary(): SweepSummary {
  const points: SweepPoint[] = [];
  sites.forEach((site, s) => {
    for (const rate of rates) for (const p of [0, 1]) points.push(point({ [siteParameter]: site, [rateParameter]: rate }, p, rate / 400, s));
  });
  return summary(hostileName, [siteParameter, rateParameter], points);
}

export const kindParameter = 'workload[0].kind';
export const kinds = ['training', hostileName, 'inference'] as const;

/** A parameter swept over names only: three workload kinds × 2 policies. */
export function categoricalSweepSummary(): SweepSummary {
  const points: SweepPoint[] = [];
  kinds.forEach((kind, k) => {
    for (const p of [0, 1]) points.push(point({ [kindParameter]: kind }, p, (k + 1) / 3, 0));
  });
  return summary('by kind', [kindParameter], points);
}

/** Three parameters, 4 rates × 4 × 4 = 16 panels: more than a metric draws. */
export function manyPanelsSummary(): SweepSummary {
  const points: SweepPoint[] = [];
  for (const a of [1, 2, 3, 4]) for (const b of ['x', 'y', 'z', 'w']) for (const rate of rates) for (const p of [0, 1]) points.push(point({ a, b, rate }, p, rate / 400, a / 4));
  return summary('many panels', ['a', 'b', 'rate'], points);
}

/**
 * One metric (p95 JCT) over three rates for two policies: a's means 0.8,
 * 1 and 1.3 s, b's as given (35 s at the last rate flattens the others on a
 * linear axis), each ± `half(mean)`.
 */
export function spreadSummary(b: readonly number[], half: (mean: number) => number = (m) => m * 0.1): SweepSummary {
  const jct: MetricInfo = { key: 'jctP95', label: 'p95 JCT', description: '95th percentile of JCT', unit: 's', better: 'lower', inTable: true };
  const a = [0.8, 1, 1.3];
  const points = [1, 2, 3].flatMap((rate, i) =>
    (['a', 'b'] as const).map((policy) => {
      const mean = (policy === 'a' ? a : b)[i] as number;
      return { set: { rate }, policy, seeds: [1, 2, 3], timedOut: [], metrics: { jctP95: { n: 3, mean, sd: half(mean), low: mean - half(mean), high: mean + half(mean) } } };
    }),
  );
  return { schemaVersion: 7, name: 'spread', sweep: 'x', total: 18, runs: 18, timedOut: 0, confidence: 0.95, parameters: ['rate'], policies: ['a', 'b'], metrics: [jct], points };
}
