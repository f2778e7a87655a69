import { QuantileSketch } from './quantile-sketch.js';
import type { Summary } from './results.js';

/** The statistics whose sketches runs share for pooling. */
export const pooledStatistics = ['wait', 'jct', 'slowdown'] as const;
export type PooledStatistic = (typeof pooledStatistics)[number];

/**
 * Wait, JCT and slowdown over every job of several runs (the seeds of one
 * policy, or of one sweep point) taken as one population: counts and
 * maxima add up, means are weighted by count, and quantiles come from the
 * runs' sketches merged, so they carry the sketch's bound (each within
 * 0.5% of the exact quantile of all those jobs together). Not the mean of
 * the runs' p95s, which is what the per-seed metrics give.
 */
export type PooledQuantiles = { runs: number } & Record<PooledStatistic, Summary>;

/**
 * Gathers runs for `PooledQuantiles`. Merging sketches does not depend on
 * the order runs come in; the means are summed in the order of the keys
 * given with each run (seeds), so that rows arriving in any order give
 * the same bits.
 */
export class QuantilePool {
  private readonly sketches = new Map<PooledStatistic, QuantileSketch>(pooledStatistics.map((s) => [s, new QuantileSketch()]));
  private readonly parts = new Map<number, Record<PooledStatistic, Summary>>();

  /** One run, by its key (its seed), with its sketch and summary of each statistic. */
  add(key: number, sketches: Record<PooledStatistic, QuantileSketch>, summaries: Record<PooledStatistic, Summary>): void {
    for (const s of pooledStatistics) (this.sketches.get(s) as QuantileSketch).merge(sketches[s]);
    this.parts.set(key, summaries);
  }

  get runs(): number {
    return this.parts.size;
  }

  result(): PooledQuantiles {
    const keys = [...this.parts.keys()].sort((a, b) => a - b);
    const pooled = { runs: keys.length } as PooledQuantiles;
    for (const s of pooledStatistics) {
      const sketch = this.sketches.get(s) as QuantileSketch;
      let weighted = 0;
      for (const k of keys) {
        const part = (this.parts.get(k) as Record<PooledStatistic, Summary>)[s];
        if (part.count > 0) weighted += (part.mean as number) * part.count;
      }
      if (sketch.count === 0) {
        pooled[s] = { count: 0, mean: null, p50: null, p95: null, p99: null, max: null };
        continue;
      }
      const [p50, p95, p99] = sketch.quantiles([0.5, 0.95, 0.99]) as [number, number, number];
      pooled[s] = { count: sketch.count, mean: weighted / sketch.count, p50, p95, p99, max: sketch.max };
    }
    return pooled;
  }
}
