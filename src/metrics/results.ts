import type { NetworkResults } from './network-results.js';
import type { JobExplanation } from '../model/explanation.js';
import type { Mechanism } from '../scenario/schema.js';
/**
 * The results contract (`--format json`, schemaVersion 7). Everything but
 * `perf` is a pure function of the scenario, the seed and the quantile
 * method, down to the byte. docs/outputs.md describes every field and what
 * changed from versions 1, 2, 3, 4, 5 and 6.
 */
export interface Results {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  scenario: string;
  policy: string;
  seed: number;
  horizon: number | null;
  jobs: JobCounts;
  /** Seconds from arrival to (last) start, over jobs that started; see `jobs.neverStarted` for those that did not. */
  wait: Summary;
  /** Seconds from arrival to finish, over completed jobs. */
  jct: Summary;
  /**
   * Bounded slowdown max(1, JCT / max(run, τ)) over completed jobs (Feitelson's
   * definition): run is the job's true uninterrupted time on the chip it
   * completed on (input transfer plus its whole work there, not the
   * estimate), τ is `slowdownThresholdS`.
   */
  slowdown: Summary;
  /** τ of `slowdown`, seconds: the scenario's `metrics.slowdownThresholdS` (default 10). */
  slowdownThresholdS: number;
  /** Round-trip time from each placed job's origin to the site it was (last) placed at. */
  rttMs: Summary;
  /** How the quantiles of every summary and of `distribution` were computed. */
  quantiles: QuantileInfo;
  slo: SloResults;
  cost: CostResults;
  energyKWh: number;
  energy: {
    bySite: Record<string, number>;
    /**
     * The part of `energyKWh` that no counted job drew: chips idle, and jobs
     * that arrived before `warmupS`. With the `energyKWh` of every class in
     * `byClass` (or every origin in `byOrigin`) it sums to `energyKWh`.
     */
    unattributedKWh: number;
  };
  /** Allocated chip-seconds ÷ chip-seconds in service: over all pools, per chip type, per site. */
  utilization: { overall: number; byChip: Record<string, number>; bySite: Record<string, number> };
  /**
   * The JCT distribution as its quantile function: `jct[i]` is the R-7
   * quantile at p = i / 100 over completed jobs (101 points, from the
   * minimum to the maximum); empty when none completed. Reports draw CDFs
   * from it without the per-job records.
   */
  distribution: {
    jct: number[];
    /** The same quantile function per class, over that class's completed jobs. */
    jctByClass: Record<string, number[]>;
  };
  /**
   * The job statistics again for each class, in the order the scenario
   * declares them; counts, cost and energy add up to the totals above.
   */
  byClass: Record<string, GroupResults>;
  /** The same per origin region (where the jobs' demand came from), in declaration order. */
  byOrigin: Record<string, GroupResults>;
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
  /** The elastic pools: what they did, their node counts over time and their bill; only when a pool is elastic. */
  elastic?: ElasticResults;
  /** What the brain did (docs/brain.md); only when the scenario has a `brain` block. */
  brain?: BrainResults;
  /** Trades, prices and money of a run that traded (a `market` block, bids or dynamic prices; docs/market.md). */
  market?: MarketResults;
  /** issue 18: the shared network — links, transfers, the share of JCT spent moving data; only with `network.links`. */
  network?: NetworkResults;
}

/** The version of the results contract this build writes (and, in sweep rows, reads). */
export const RESULTS_SCHEMA_VERSION = 7;

/**
 * How the quantiles (p50, p95, p99 of every summary, and the points of
 * `distribution`) were computed: `sketch`, from a DDSketch as jobs
 * finished, each within `relativeError` (0.005) of the exact R-7 quantile
 * (counts, means and maxima are exact); or `exact` (`--exact`), from every
 * value, `relativeError` 0.
 */
export interface QuantileInfo {
  method: 'sketch' | 'exact';
  relativeError: number;
}

/** A scenario's elastic pools, over the measured window (`warmupS` to the end). */
export interface ElasticResults {
  /** The bill of every elastic pool together. */
  cost: ElasticCost;
  /** Per elastic pool, by name, in declaration order. */
  byPool: Record<string, ElasticPoolResults>;
}

/**
 * What an elastic pool costs its owner: reserved nodes for the whole window
 * at the reserved price, used or not; on-demand nodes (those on beyond the
 * reserved ones) from boot start to power-off at the pool's price, split by
 * whether their chips ran jobs (jobs take the reserved nodes' chips first).
 */
export interface ElasticCost {
  reserved: number;
  onDemandBusy: number;
  onDemandIdle: number;
  total: number;
}

export interface ElasticPoolResults {
  /** The rule's name (a module's own name, or its path). */
  rule: string;
  minNodes: number;
  maxNodes: number;
  reservedNodes: number;
  /** Time-averaged node counts: on (booting, idle, busy, draining or stopping), booting, busy, idle. */
  meanNodes: { on: number; booting: number; busy: number; idle: number };
  /** Node-seconds on: what on-demand and energy billing count. */
  nodeSecondsOn: number;
  /** Node-seconds spent booting, cancelled boots included. */
  bootNodeSeconds: number;
  /** Node-hours in service with no job. */
  idleNodeHours: number;
  boots: number;
  /** Boots called off before they were ready (no longer needed). */
  cancelledBoots: number;
  /** Nodes turned off (idle past their timeout, or drained). */
  powerOffs: number;
  /** Busy nodes drained for scale-in (their jobs finished first). */
  drains: number;
  /** Draining nodes taken back into service when capacity was wanted again. */
  reclaims: number;
  /** Nodes lost to failures (replaced by a boot if the rule wants them). */
  failures: number;
  /** Jobs that paid their class's cold start, and the seconds paid. */
  coldStarts: number;
  coldStartSeconds: number;
  cost: ElasticCost;
  /**
   * Per interval of `timeseries.t`, the mean nodes on, booting and busy,
   * and the mean nodes' worth of jobs waiting for the pool (demand beyond
   * what runs).
   */
  timeseries: { on: number[]; booting: number[]; busy: number[]; waiting: number[] };
}

/**
 * One class's or one origin's share of a run: the job statistics of the
 * top level over its jobs only. Counts, `cost.total` and `energyKWh` of all
 * the classes (or all the origins) add up to the run's.
 */
export interface GroupResults {
  jobs: JobCounts;
  wait: Summary;
  jct: Summary;
  slowdown: Summary;
  rttMs: Summary;
  /** As `SloResults`, over the group's jobs (a class has at most one circle, so no `byCircle`). */
  slo: { circleMet: number | null; deadlineMet: number | null };
  /** What the group's jobs paid; `perJob` per completed job of the group. */
  cost: { total: number; perJob: number | null };
  /** Busy energy the group's jobs drew (chips held × busy power × time held), kWh. */
  energyKWh: number;
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
