import type { ClusterModel } from '../model/cluster-model.js';
import type { JobTable } from '../model/job-table.js';
import type { Policy } from '../policy/policy.js';
import type { Scenario } from '../scenario/parse-scenario.js';
import type { TimeSeriesRecorder } from './time-series-recorder.js';
import type { UsageMeter } from './usage-meter.js';

/**
 * Everything a finished run leaves behind for the metrics: the job table,
 * usage integrals, the time series and counters. Raw numbers only; the
 * summary is computed from these by `summarize`.
 */
export interface RunRecord {
  readonly scenario: Scenario;
  readonly model: ClusterModel;
  readonly policy: Policy;
  readonly seed: number;
  readonly jobs: JobTable;
  readonly usage: UsageMeter;
  /** Per-pool allocation integrals at `warmupS`. */
  readonly usageAtWarmup: Float64Array;
  readonly timeSeries: TimeSeriesRecorder;
  /** End of the measured window: the horizon when jobs were cut, else the last event. */
  readonly endTime: number;
  /** Events counted in `events` (arrivals and completions so far). */
  readonly events: number;
  readonly rejectReasons: ReadonlyMap<number, string>;
  readonly wallSeconds: number;
}
