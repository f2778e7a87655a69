import type { Summary } from './results.js';

/**
 * What the brain left behind in a run (raw figures; `summarizeBrain` makes
 * the results' `brain` block of them). Counts cover jobs that arrived at or
 * after `warmupS`, as the job statistics do; the per-site series (in the
 * time series' `brain`) cover the whole run.
 */
export interface BrainRecord {
  /** The brain policy's name. */
  readonly policy: string;
  readonly view: {
    readonly refreshS: number;
    readonly delayS: number | 'rtt' | Readonly<Record<string, number>>;
  };
  readonly transfer: 'none' | 'rtt';
  /** Each site's scheduling policy, by site index. */
  readonly sitePolicies: readonly string[];
  /** Jobs the brain dispatched (arrivals; requeues go back to their site without a decision). */
  readonly decisions: number;
  /** Jobs sent to a site that had no room for them when they arrived, though another site they could use had (for late binding: none of the probed sites had). */
  readonly misrouted: number;
  /** Jobs per site, by site index (late binding: the site each job bound to). */
  readonly dispatchesBySite: Float64Array;
  /** The age of the view of the chosen site at each decision that read the view, seconds: streamed as decisions came (sketched or exact as the run's quantiles are). */
  readonly viewAgeS: Summary;
  /** Late binding only: places reserved, reservations a site took, and those withdrawn because another site took the job first. */
  readonly probes?: { readonly sent: number; readonly bound: number; readonly withdrawn: number };
  /**
   * Layout of each time-series extra vector: per site, cumulative jobs
   * dispatched (from `dispatchOffset`), and the integral of jobs waiting
   * there over time, job-seconds (from `waitingOffset`).
   */
  readonly dispatchOffset: number;
  readonly waitingOffset: number;
}
