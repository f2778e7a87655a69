import type { BrainRecord } from './brain-record.js';
import type { ClusterModel } from '../model/cluster-model.js';
import type { JobTable } from '../model/job-table.js';
import type { JobExplanation } from '../model/explanation.js';
import type { MarketLedger } from '../model/market-ledger.js';
import type { JobStatistics } from './job-statistics.js';
import type { Scenario } from '../scenario/scenario.js';
import type { ElasticMeter } from './elastic-meter.js';
import type { NetworkRecord } from './network-results.js';
import type { TimeSeriesRecorder } from './time-series-recorder.js';
import type { UsageMeter } from './usage-meter.js';

/**
 * Everything a finished run leaves behind for the metrics: the job
 * statistics gathered as jobs finished, the job table, usage integrals,
 * the time series and counters. The summary is computed from these by
 * `summarize`.
 */
export interface RunRecord {
  readonly scenario: Scenario;
  readonly model: ClusterModel;
  /** The policy that ran. */
  readonly policy: { readonly name: string };
  readonly seed: number;
  /**
   * The job table. With `keptJobs` every job of the run, slot i being the
   * i-th arrival; otherwise slots were recycled as jobs finished and it
   * holds nothing to read.
   */
  readonly jobs: JobTable;
  /** Whether `jobs` holds every job of the run (`simulate` keeps them unless told not to). */
  readonly keptJobs: boolean;
  /** The job statistics, gathered as each job's life ended. */
  readonly statistics: JobStatistics;
  /** Milli-chips allocated, per pool, integrated over time. */
  readonly usage: UsageMeter;
  /** Milli-chips out of service (failed nodes), per pool, integrated over time. */
  readonly down: UsageMeter;
  /** Per-pool allocation integrals at `warmupS`. */
  readonly usageAtWarmup: Float64Array;
  /** Per-pool down integrals at `warmupS`. */
  readonly downAtWarmup: Float64Array;
  readonly timeSeries: TimeSeriesRecorder;
  /** End of the measured window: the horizon when jobs were cut, else the last event. */
  readonly endTime: number;
  /** Events counted in `events`: arrivals, completions, failures, repairs, preemptions. */
  readonly events: number;
  /** Reject reasons, indexed by the codes in `jobs.rejectCode`. */
  readonly rejectReasons: readonly string[];
  /** Things the user should know (each said once), such as a class no pool can run. */
  readonly warnings: readonly string[];
  readonly wallSeconds: number;
  /** Every recorded decision about the jobs someone asked about (`--explain`). */
  readonly explanations?: readonly JobExplanation[];
  /** The trades and contracts of a run that traded (docs/market.md). */
  readonly market?: MarketLedger;
  /** What the brain did, when the scenario has one. */
  readonly brain?: BrainRecord;
  /** The elastic pools' meter, when the scenario has elastic pools. */
  readonly elastic?: ElasticMeter;
  /** issue 18: the shared network's figures, when the scenario has links. */
  readonly network?: NetworkRecord;
}
