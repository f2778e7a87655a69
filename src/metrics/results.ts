import type { JobExplanation } from '../model/explanation.js';
import type { Mechanism } from '../scenario/schema.js';
/**
 * The results contract (`--format json`, schemaVersion 2: version 1 plus
 * the optional `market` block). Everything but `perf` is a pure function of
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
  /** Trades, prices and money of a run that traded (a `market` block, bids or dynamic prices; docs/market.md). */
  market?: MarketResults;
}

/**
 * A market run's trades (docs/market.md), over jobs that arrived at or
 * after `warmupS`. Prices are per chip-hour; money is in the currency of
 * the prices.
 */
export interface MarketResults {
  mechanism: Mechanism;
  /** The seller's share of the spread: trade price = ask + k · (bid − ask). */
  k: number;
  /** Seconds between clearings of a call market; null for the others. */
  intervalS: number | null;
  /** Seconds between a spot job's notice and its reclamation. */
  noticeS: number;
  /** Trades made: every start of a job (a restart after a reclamation, preemption or failure trades again). */
  trades: number;
  /** Chips held under the trades' contracts × the time they held them, hours. */
  chipHoursTraded: number;
  /** Per chip type traded: the trade prices (the locked price of an on-demand trade, the ask at the start of a spot one). */
  tradePrice: Record<string, Summary>;
  /** What jobs paid under their contracts (chips and data fees); equals the sum of `revenueByProvider`. */
  paid: number;
  /** What each provider earned. */
  revenueByProvider: Record<string, number>;
  /** Σ over trades with a bid of (bid × chip-hours − what was paid for the chips): what buyers would have paid more at their bids. */
  buyerSurplus: number;
  spot: {
    /** Spot jobs told that the price rose above their bid. */
    notices: number;
    /** Spot jobs reclaimed when their notice ran out (each requeued). */
    reclamations: number;
  };
  /** Bids still waiting at the end, and the reference-chip hours they asked for (chips × estimated work). */
  unmatched: { bids: number; bidHours: number };
  /** On the grid of `timeseries.t`: per chip type, the mean trade price of the trades made in each interval (null: none), the chip-hours those trades held, and the mean ask of its pools over the interval. */
  timeseries: {
    tradePriceByChip: Record<string, (number | null)[]>;
    chipHoursByChip: Record<string, number[]>;
    askByChip: Record<string, number[]>;
  };
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
