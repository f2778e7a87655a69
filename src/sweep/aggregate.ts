import { compareMetrics, type CompareMetric } from '../compare/compare-metrics.js';
import type { MetricInfo } from '../compare/comparison.js';
import { chosenMetrics, groupsOf } from '../compare/metric-spec.js';
import { meanInterval, type MeanInterval } from '../stats/mean-interval.js';
import { RESULTS_SCHEMA_VERSION } from '../metrics/results.js';
import { isTimedOut, type SweepRow } from './sweep-row.js';
import { UserError } from '../errors.js';
import type { LeanResults } from '../metrics/lean-results.js';
import { pooledStatistics, QuantilePool, type PooledQuantiles, type PooledStatistic } from '../metrics/pooled-quantiles.js';
import type { QuantileSketch } from '../metrics/quantile-sketch.js';
import { sketchFromJson } from '../metrics/sketch-json.js';

/** One point of a sweep: a variant (its overrides) under one policy, over its seeds. */
export interface SweepPoint {
  set: Record<string, unknown>;
  policy: string;
  seeds: number[];
  /** Seeds whose run timed out (`--timeout`): in `seeds`, without values in `metrics`. */
  timedOut: number[];
  metrics: Record<string, MeanInterval>;
  /** With lean rows (`--lean`): wait, JCT and slowdown over every job of the point's seeds, from their merged sketches. */
  pooled?: PooledQuantiles;
}

/**
 * A sweep's aggregates: per variant and policy, each compare metric's mean
 * and confidence interval over the seeds. Computed from rows in any order
 * (values are taken in seed order), so a merged set of shards gives the
 * very same numbers as one unsharded sweep.
 */
export interface SweepSummary {
  /** The version of the results contract its rows hold. */
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  name: string;
  sweep: string;
  total: number;
  runs: number;
  /** Runs stopped by `--timeout` (among `runs`): they count as done, with no results. */
  timedOut: number;
  confidence: number;
  /** The swept field paths, in matrix order. */
  parameters: string[];
  policies: string[];
  metrics: MetricInfo[];
  points: SweepPoint[];
}

/** Gathers rows (streamed: only each run's metric values are kept) and summarises them. */
export class SweepAggregator {
  private readonly points = new Map<string, { set: Record<string, unknown>; policy: string; order: number; seeds: Map<number, (number | null)[]>; pool: QuantilePool; timedOut: number[] }>();
  private name = '';
  private sweep = '';
  private total = 0;
  private runs = 0;
  private timedOut = 0;
  private parameters: string[] = [];
  private readonly policyOrder = new Map<string, number>();
  private metrics: readonly CompareMetric[] = compareMetrics;
  private chosen = false;

  /**
   * `specs`: the metrics to aggregate instead of the default set, as
   * `--metric` names them; checked against the classes and origins of the
   * first row.
   */
  constructor(private readonly specs?: readonly string[]) {}

  add(row: SweepRow): void {
    // The metrics are chosen at the first row with results (a timed-out run has none to check the specs against).
    if (this.specs !== undefined && !this.chosen && !isTimedOut(row)) {
      this.metrics = chosenMetrics(this.specs, groupsOf(row.results));
      this.chosen = true;
    }
    if (this.runs === 0) {
      this.name = row.name;
      this.sweep = row.sweep;
      this.total = row.total;
      this.parameters = Object.keys(row.set);
    }
    this.runs++;
    const variantKey = JSON.stringify(Object.entries(row.set));
    const key = `${variantKey}\u0000${row.policy}`;
    let point = this.points.get(key);
    if (point === undefined) {
      point = { set: row.set, policy: row.policy, order: 0, seeds: new Map(), pool: new QuantilePool(), timedOut: [] };
      this.points.set(key, point);
    }
    // A point's place: its first run's index (variant-major, then policy, then seed).
    point.order = point.order === 0 ? row.index + 1 : Math.min(point.order, row.index + 1);
    const o = this.policyOrder.get(row.policy);
    if (o === undefined || row.index < o) this.policyOrder.set(row.policy, row.index);
    if (isTimedOut(row)) {
      // A run that timed out has no values: it is missing from every metric, and counted.
      this.timedOut++;
      point.timedOut.push(row.seed);
      point.seeds.set(row.seed, []);
      return;
    }
    point.seeds.set(
      row.seed,
      this.metrics.map((m) => m.value(row.results)),
    );
    const results = row.results;
    if ('sketches' in results) point.pool.add(row.seed, leanSketches(results, row), results);
  }

  summary(confidence = 0.95): SweepSummary {
    const points = [...this.points.values()].sort((a, b) => a.order - b.order);
    const metrics: MetricInfo[] = this.metrics.map(({ key, label, description, unit, better, inTable }: CompareMetric) => ({ key, label, description, unit, better, inTable }));
    return {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      name: this.name,
      sweep: this.sweep,
      total: this.total,
      runs: this.runs,
      timedOut: this.timedOut,
      confidence,
      parameters: this.parameters,
      policies: [...this.policyOrder.entries()].sort((a, b) => a[1] - b[1]).map(([p]) => p),
      metrics,
      points: points.map((p) => {
        const seeds = [...p.seeds.keys()].sort((a, b) => a - b);
        const values = seeds.map((s) => p.seeds.get(s) as (number | null)[]);
        return {
          set: p.set,
          policy: p.policy,
          seeds,
          timedOut: [...p.timedOut].sort((a, b) => a - b),
          metrics: Object.fromEntries(this.metrics.map((m, i) => [m.key, meanInterval(values.map((v) => v[i] ?? null), confidence)])),
          ...(p.pool.runs > 0 ? { pooled: p.pool.result() } : {}),
        };
      }),
    };
  }
}

/** The sketches of a lean row, read back; a damaged one stops the aggregation with what is wrong and where. */
function leanSketches(results: LeanResults, row: SweepRow): Record<PooledStatistic, QuantileSketch> {
  const out = {} as Record<PooledStatistic, QuantileSketch>;
  for (const s of pooledStatistics) {
    const sketch = sketchFromJson((results.sketches as Partial<LeanResults['sketches']> | null)?.[s]);
    if (typeof sketch === 'string') throw new UserError(`run ${row.index} (${row.key}): results.sketches.${s} ${sketch}`);
    out[s] = sketch;
  }
  return out;
}
