/**
 * The results contract (`--format json`, schemaVersion 1). Everything but
 * `perf` is a pure function of the scenario and the seed, down to the byte.
 */
export interface Results {
  schemaVersion: 1;
  scenario: string;
  policy: string;
  seed: number;
  horizon: number | null;
  jobs: JobCounts;
  /** Seconds from arrival to start, over jobs that started. */
  wait: Summary;
  /** Seconds from arrival to finish, over completed jobs. */
  jct: Summary;
  /** Bounded slowdown max(1, jct / max(runS, 10)), over completed jobs. */
  slowdown: Summary;
  /** Round-trip time from each placed job's origin to its site. */
  rttMs: Summary;
  slo: SloResults;
  cost: CostResults;
  energyKWh: number;
  energy: { bySite: Record<string, number> };
  utilization: { byChip: Record<string, number>; bySite: Record<string, number> };
  /** Not yet measured (see issue "Real workloads"); null until then. */
  fragmentation: number | null;
  rejectReasons: Record<string, number>;
  timeseries: TimeSeries;
  /** Last completion − first arrival; null while jobs remain unfinished. */
  makespan: number | null;
  /** Arrivals, completions, failures, repairs and preemptions applied. */
  events: number;
  perf: Perf;
}

export interface JobCounts {
  arrived: number;
  completed: number;
  rejected: number;
  failed: number;
  unfinished: number;
  preempted: number;
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
  /** Total cost over completed jobs; null when none completed. */
  perJob: number | null;
  byProvider: Record<string, number>;
}

export interface TimeSeries {
  /** End of each interval, seconds; each value is the average over the interval before it. */
  t: number[];
  utilizationByChip: Record<string, number[]>;
  utilizationBySite: Record<string, number[]>;
  queueLength: number[];
}

export interface Perf {
  wallSeconds: number;
  eventsPerSecond: number;
}
