import { RESULTS_SCHEMA_VERSION, type Results } from '../metrics/results.js';
import type { PooledQuantiles } from '../metrics/pooled-quantiles.js';
import { holm } from '../stats/holm.js';
import { meanInterval, pairedDifference, type DifferenceInterval, type MeanInterval } from '../stats/mean-interval.js';
import { compareMetrics, type CompareMetric, type MetricUnit } from './compare-metrics.js';
import { meanMarketSeries, type MeanMarketSeries } from './market-series.js';

/** A metric as a comparison describes it (the JSON-safe part of `CompareMetric`). */
export interface MetricInfo {
  key: string;
  label: string;
  description: string;
  unit: MetricUnit;
  better: 'lower' | 'higher';
  inTable: boolean;
}

/** A paired difference against the baseline, with its Holm-corrected verdict. */
export interface Difference extends DifferenceInterval {
  /** Holm-adjusted p-value over every (policy, metric) test of the comparison; null when untested. */
  pHolm: number | null;
  /** The difference is significant at 5% after Holm's correction. */
  significant: boolean;
}

/** Means over seeds of one policy's time series, on the runs' common sampling grid. */
export interface MeanTimeSeries {
  t: number[];
  utilizationByChip: Record<string, number[]>;
  utilizationBySite: Record<string, number[]>;
  queueLength: number[];
}

export interface PolicySummary {
  policy: string;
  /** Mean and 95% interval over seeds, per metric key. */
  metrics: Record<string, MeanInterval>;
  /** Paired difference (this − baseline) per metric key; null for the baseline itself. */
  differences: Record<string, Difference> | null;
  /** Fraction of jobs meeting their circle, per latency circle with jobs, over seeds. */
  sloByCircle: Record<string, MeanInterval>;
  /** The JCT quantile function averaged over seeds (p = 0, 0.01, …, 1); empty when no run completed a job. */
  jctQuantiles: number[];
  timeseries: MeanTimeSeries;
  /** The market's series averaged over seeds, when the runs traded. */
  market?: MeanMarketSeries;
  /** Wait, JCT and slowdown over every job of every seed as one population, from the runs' merged sketches; absent with exact quantiles. */
  pooled?: PooledQuantiles;
}

/**
 * What `compare` returns: every run in the results contract, and per policy
 * and metric the mean over seeds with its 95% Student-t interval, plus the
 * paired difference against the baseline. Runs with the same seed share
 * arrivals, sizes and failures (common random numbers), so the paired
 * difference isolates the policy.
 */
export interface Comparison {
  /** The version of the results contract its runs are in. */
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  scenario: string;
  policies: string[];
  seeds: number[];
  baseline: string;
  confidence: number;
  /** Family-wise error rate of the significance marks (Holm). */
  alpha: number;
  metrics: MetricInfo[];
  /** Chip type → kind (gpu, cpu, …), for legends. */
  chipKinds: Record<string, string>;
  summaries: PolicySummary[];
  /** Per metric key, the policies whose mean is best (several on a tie); empty when no policy has a value. */
  best: Record<string, string[]>;
  /** Policies on the cost vs p95 JCT Pareto front (no other policy is at least as good on both and better on one). */
  paretoFront: string[];
  /** Every run, policy-major then seed order. */
  runs: Results[];
  /** What the compared arms are, when not policies: market mechanisms (one policy under each), or every policy under every mechanism. */
  arms?: 'mechanisms' | 'policies × mechanisms';
  /**
   * Present when the rows are scaling rules (`compare --rules`), each run
   * under the one policy `policy`; `policies` then names the rules.
   */
  rules?: { policy: string };
}

/** What one arm of the comparison is called, singular or plural: a policy, a rule, a mechanism, or an arm. */
export function armNoun(c: Pick<Comparison, 'arms' | 'rules'>, plural: boolean): string {
  if (c.rules !== undefined) return plural ? 'rules' : 'rule';
  if (c.arms === 'mechanisms') return plural ? 'mechanisms' : 'mechanism';
  if (c.arms === 'policies × mechanisms') return plural ? 'arms' : 'arm';
  return plural ? 'policies' : 'policy';
}

export interface AggregateOptions {
  baseline: string;
  chipKinds: Record<string, string>;
  confidence?: number;
  alpha?: number;
  metrics?: readonly CompareMetric[];
}

/**
 * Aggregates runs into a comparison. `runs[i][j]` is policy `policies[i]`
 * under seed `seeds[j]`; every policy must have run every seed.
 */
export function aggregate(policies: readonly string[], seeds: readonly number[], runs: readonly (readonly Results[])[], options: AggregateOptions): Comparison {
  const metrics = options.metrics ?? compareMetrics;
  const confidence = options.confidence ?? 0.95;
  const alpha = options.alpha ?? 0.05;
  const baseIndex = policies.indexOf(options.baseline);
  if (baseIndex < 0) throw new RangeError(`the baseline "${options.baseline}" is not one of the compared policies (${policies.join(', ')})`);
  runs.forEach((row, i) => {
    if (row.length !== seeds.length) throw new RangeError(`policy ${policies[i]} has ${row.length} runs for ${seeds.length} seeds`);
  });
  const valuesOf = (i: number, m: CompareMetric): (number | null)[] => (runs[i] as readonly Results[]).map((r) => m.value(r));

  const summaries: PolicySummary[] = policies.map((policy, i) => {
    const own = runs[i] as readonly Results[];
    const market = meanMarketSeries(own);
    return {
      policy,
      metrics: Object.fromEntries(metrics.map((m) => [m.key, meanInterval(valuesOf(i, m), confidence)])),
      differences:
        i === baseIndex
          ? null
          : Object.fromEntries(metrics.map((m) => [m.key, { ...pairedDifference(valuesOf(i, m), valuesOf(baseIndex, m), confidence), pHolm: null, significant: false }])),
      sloByCircle: sloByCircle(own, confidence),
      jctQuantiles: meanQuantiles(own.map((r) => r.distribution.jct)),
      timeseries: meanTimeSeries(own),
      ...(market === undefined ? {} : { market }),
    };
  });

  // Holm over the whole family of tests the comparison reports.
  const tests: Difference[] = [];
  for (const s of summaries) if (s.differences !== null) for (const m of metrics) tests.push(s.differences[m.key] as Difference);
  const { rejected, adjusted } = holm(tests.map((d) => d.p ?? NaN), alpha);
  tests.forEach((d, k) => {
    d.significant = rejected[k] as boolean;
    d.pHolm = Number.isNaN(adjusted[k] as number) ? null : (adjusted[k] as number);
  });

  const best: Record<string, string[]> = {};
  for (const m of metrics) {
    const means = summaries.map((s) => (s.metrics[m.key] as MeanInterval).mean);
    const present = means.filter((v): v is number => v !== null);
    if (present.length === 0) {
      best[m.key] = [];
      continue;
    }
    const top = m.better === 'lower' ? Math.min(...present) : Math.max(...present);
    best[m.key] = policies.filter((_, i) => means[i] === top);
  }

  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    scenario: runs[0]?.[0]?.scenario ?? '',
    policies: [...policies],
    seeds: [...seeds],
    baseline: options.baseline,
    confidence,
    alpha,
    metrics: metrics.map(({ key, label, description, unit, better, inTable }) => ({ key, label, description, unit, better, inTable })),
    chipKinds: options.chipKinds,
    summaries,
    best,
    paretoFront: paretoFront(summaries, 'cost', 'jctP95'),
    runs: runs.flat(),
  };
}

/** How many tests Holm's correction ran over: every (policy, metric) difference that could be tested. */
export function holmFamilySize(c: Comparison): number {
  return c.summaries.reduce((n, s) => n + Object.values(s.differences ?? {}).filter((d) => d.p !== null).length, 0);
}

/** Policies not dominated on two lower-is-better metrics; policies missing either value are left out. */
export function paretoFront(summaries: readonly PolicySummary[], xKey: string, yKey: string): string[] {
  const points = summaries
    .map((s) => ({ policy: s.policy, x: s.metrics[xKey]?.mean ?? null, y: s.metrics[yKey]?.mean ?? null }))
    .filter((p): p is { policy: string; x: number; y: number } => p.x !== null && p.y !== null);
  return points
    .filter((p) => !points.some((q) => q !== p && q.x <= p.x && q.y <= p.y && (q.x < p.x || q.y < p.y)))
    .map((p) => p.policy);
}

function sloByCircle(runs: readonly Results[], confidence: number): Record<string, MeanInterval> {
  const circles = new Set<string>();
  for (const r of runs) for (const [name, c] of Object.entries(r.slo.byCircle)) if (c.jobs > 0) circles.add(name);
  return Object.fromEntries([...circles].map((name) => [name, meanInterval(runs.map((r) => r.slo.byCircle[name]?.met ?? null), confidence)]));
}

/** The pointwise mean of quantile functions (Vincent averaging), over the runs that have one. */
function meanQuantiles(grids: readonly number[][]): number[] {
  const present = grids.filter((g) => g.length > 0);
  if (present.length === 0) return [];
  const n = Math.min(...present.map((g) => g.length));
  const out = new Array<number>(n).fill(0);
  for (const g of present) for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (g[i] as number) / present.length;
  return out;
}

/**
 * The mean over seeds of each series. Each value of a series is the average
 * over the interval that ends at its time (intervals start at 0). Runs with
 * a horizon share one sampling grid and are averaged point by point; runs
 * without one (or drained) each chose their own interval, so every run is
 * first averaged, time-weighted, over the intervals of the longest run's
 * grid, and each point is the mean over the runs that were still going
 * then.
 */
function meanTimeSeries(runs: readonly Results[]): MeanTimeSeries {
  const longest = runs.reduce<Results | undefined>((a, r) => (a === undefined || lastOf(r.timeseries.t) > lastOf(a.timeseries.t) ? r : a), undefined);
  if (longest === undefined) return { t: [], utilizationByChip: {}, utilizationBySite: {}, queueLength: [] };
  const grid = longest.timeseries.t;
  const mean = (pick: (r: Results) => readonly number[] | undefined): number[] => {
    const sum = new Float64Array(grid.length);
    const weight = new Float64Array(grid.length);
    for (const r of runs) {
      const onGrid = sameGrid(r.timeseries.t, grid) ? (pick(r) ?? []) : resample(r.timeseries.t, pick(r) ?? [], grid);
      for (let i = 0; i < grid.length; i++) {
        const v = onGrid[i];
        if (v === undefined || Number.isNaN(v)) continue;
        sum[i] = (sum[i] as number) + v;
        weight[i] = (weight[i] as number) + 1;
      }
    }
    return Array.from(sum, (s, i) => ((weight[i] as number) > 0 ? s / (weight[i] as number) : 0));
  };
  const byKey = (keys: string[], pick: (r: Results, key: string) => readonly number[] | undefined): Record<string, number[]> =>
    Object.fromEntries(keys.map((k) => [k, mean((r) => pick(r, k))]));
  return {
    t: [...grid],
    utilizationByChip: byKey(Object.keys(longest.timeseries.utilizationByChip), (r, k) => r.timeseries.utilizationByChip[k]),
    utilizationBySite: byKey(Object.keys(longest.timeseries.utilizationBySite), (r, k) => r.timeseries.utilizationBySite[k]),
    queueLength: mean((r) => r.timeseries.queueLength),
  };
}

function lastOf(t: readonly number[]): number {
  return t.length === 0 ? -Infinity : (t[t.length - 1] as number);
}

function sameGrid(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A series of interval averages (value i over (t[i−1], t[i]], t[−1] = 0)
 * averaged, time-weighted, over each interval of another grid; NaN where
 * the series does not reach, and over the part it covers where it ends
 * inside an interval.
 */
export function resample(t: readonly number[], values: readonly number[], grid: readonly number[]): number[] {
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < grid.length; i++) {
    const from = i === 0 ? 0 : (grid[i - 1] as number);
    const to = grid[i] as number;
    let area = 0;
    let covered = 0;
    while (k < t.length && (t[k] as number) <= from) k++;
    for (let j = k; j < t.length; j++) {
      const start = j === 0 ? 0 : (t[j - 1] as number);
      if (start >= to) break;
      const overlap = Math.min(to, t[j] as number) - Math.max(from, start);
      if (overlap <= 0) continue;
      area += overlap * (values[j] ?? 0);
      covered += overlap;
    }
    out.push(covered > 0 ? area / covered : NaN);
  }
  return out;
}

/** A single run as a comparison of one policy under one seed, so that one report serves `run` and `compare`. */
export function comparisonOfRun(results: Results, chipKinds: Record<string, string>): Comparison {
  return aggregate([results.policy], [results.seed], [[results]], { baseline: results.policy, chipKinds });
}
