import type { JobStatistics } from './job-statistics.js';
import { pooledStatistics, type PooledStatistic } from './pooled-quantiles.js';
import type { Results } from './results.js';
import { sketchToJson, type SketchJson } from './sketch-json.js';

/**
 * A run's results as a lean sweep row holds them (`sweep --lean`): the
 * results contract without the time series and without the quantile
 * arrays of `distribution`, and with the sketches of wait, JCT and
 * slowdown instead, so that the runs of a sweep point can be pooled
 * afterwards (`SweepPoint.pooled`). Every summary, count, cost and SLO is
 * there as in a full row: 6.5 kB for a one-class, one-origin M/M/16 run,
 * against 24 kB for a full row (BENCHMARKS.md, issue 20).
 */
export type LeanResults = Omit<Results, 'timeseries' | 'distribution'> & { sketches: Record<PooledStatistic, SketchJson> };

/** The lean form of a run's results; needs sketched quantiles (the default). */
export function leanResults(results: Results, statistics: JobStatistics): LeanResults {
  const { timeseries: _timeseries, distribution: _distribution, ...rest } = results;
  const sketches = {} as Record<PooledStatistic, SketchJson>;
  for (const s of pooledStatistics) {
    const sketch = statistics[s].sketch();
    if (sketch === undefined) throw new Error('lean results need sketched quantiles');
    sketches[s] = sketchToJson(sketch);
  }
  return { ...rest, sketches };
}
