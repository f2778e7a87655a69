import type { JobExplanation } from '../model/explanation.js';
/**
 * The results contract (`--format json`, schemaVersion 2: version 1 plus
 * the optional `brain` block). Everything but `perf` is a pure function of
 * the scenario and the seed, down to the byte.
 */
export interface Results {
  schemaVersion: 2;
  scenario: string;
  policy: string;
  seed: number;
  horizon: number | null;
  jobs: JobCounts;
  /** Seconds from arrival to (last) start, over jobs that started; see `jobs.neverStarted` for those that did not. */
  wait: Summary;
  /** Seconds from arrival to finish, over completed jobs. */
  jct: Summary;
  /** Bounded slowdown max(1, jct / max(runS, 10)), over completed jobs. */
  slowdown: Summary;
  /** Round-trip time from each placed job's origin to the site it was (last) placed at. */
  rttMs: Summary;
  slo: SloResults;
  cost: CostResults;
  energyKWh: number;
  energy: { bySite: Record<string, number> };
  /** Allocated chip-seconds ÷ chip-seconds in service: over all pools, per chip type, per site. */
  utilization: { overall: number; byChip: Record<string, number>; bySite: Record<string, number> };
  /**
   * The JCT distribution as its quantile function: `jct[i]` is the R-7
   * quantile at p = i / 100 over completed jobs (101 points, from the
   * minimum to the maximum); empty when none completed. Reports draw CDFs
   * from it without the per-job records.
   */
  distribution: { jct: number[] };
  /**
   * Time-averaged fraction of the chips in service that were idle but on
   * nodes where none of the waiting jobs that could use them fitted
   * (sampled at each time-series point; 0 while nothing waits).
   */
  fragmentation: number;
  rejectReasons: Record<string, number>;
  timeseries: TimeSeries;
  /** Last completion − first arrival; null while jobs remain unfinished. */
  makespan: number | null;
  /** Arrivals, completions, failures, repairs and preemptions applied. */
  events: number;
  perf: Perf;
  /** Why each decision about the jobs asked about came out as it did; only with `--explain` / `--explain-sample`. */
  explanations?: readonly JobExplanation[];
  /** What the brain did (docs/brain.md); only when the scenario has a `brain` block. */
  brain?: BrainResults;
}

/** The brain block of the results (docs/outputs.md, docs/brain.md). */
export interface BrainResults {
  /** The brain policy. */
  policy: string;
  view: { refreshS: number; delayS: number | 'rtt' | Record<string, number> };
  transfer: 'none' | 'rtt';
  /** Each site's scheduling policy. */
  sitePolicies: Record<string, string>;
  /** Jobs the brain dispatched (arrived at or after `warmupS`). */
  decisions: number;
  /** Jobs sent to a site with no room for them on arrival though another site they could use had room (late binding: none of the probed sites had). */
  misrouted: number;
  /** misrouted ÷ decisions; null without decisions. */
  misroutedFraction: number | null;
  /** Jobs per site (late binding: the site each bound to). */
  dispatches: { bySite: Record<string, number> };
  /** Age of the view of the chosen site at each decision that read the view (not late binding's), seconds. */
  viewAgeS: Summary;
  /** Late binding only: places reserved at sites, those a site took (one per job), and those withdrawn when another site took the job first. */
  probes?: { sent: number; bound: number; withdrawn: number };
  /**
   * Per site over the run, on the intervals of `timeseries.t`: jobs the
   * brain sent there per second, and the mean number of jobs waiting there
   * (the site's real load, whatever the view said).
   */
  timeseries: { dispatchRateBySite: Record<string, number[]>; waitingBySite: Record<string, number[]> };
}

/** Counts over jobs that arrived at or after `warmupS`. arrived = completed + rejected + failed + unfinished. */
export interface JobCounts {
  arrived: number;
  completed: number;
  rejected: number;
  /** Lost to a node failure when the scenario says `onNodeFailure: fail`. */
  failed: number;
  /** Still waiting or running at the end (cut at the horizon). */
  unfinished: number;
  /** Times jobs were preempted by higher-priority ones (each went back to the queue). */
  preempted: number;
  /** Unfinished jobs that were waiting at the end, so have no wait in `wait`. */
  neverStarted: number;
  /** Times jobs went back to the queue after a node failure. */
  restarts: number;
}

/** Null fields when there were no observations. */
export interface Summary {
  count: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface SloResults {
  /** Fraction of arrived jobs with a circle SLO that were placed inside it; null when none had one. */
  circleMet: number | null;
  /** Fraction of arrived jobs with a deadline that completed by it; null when none had one. */
  deadlineMet: number | null;
  byCircle: Record<string, { jobs: number; met: number | null }>;
}

export interface CostResults {
  total: number;
  /** Total cost (of every counted job, cut or completed) per completed job; null when none completed. */
  perJob: number | null;
  byProvider: Record<string, number>;
}

export interface TimeSeries {
  /** End of each interval, seconds; each value is the average over the interval before it. */
  t: number[];
  utilizationByChip: Record<string, number[]>;
  utilizationBySite: Record<string, number[]>;
  /** Mean number of jobs waiting in the central queue over each interval. */
  queueLength: number[];
  /** Fragmentation at the end of each interval (see `Results.fragmentation`). */
  fragmentation: number[];
}

export interface Perf {
  wallSeconds: number;
  eventsPerSecond: number;
}
