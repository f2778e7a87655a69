import type { ElasticPoolView } from '../model/elastic-nodes.js';

/**
 * A scheduling policy as users write it (docs/policies.md, "Writing your own"):
 * Kubernetes-style extension points over read-only views. Every hook is
 * optional; with none, jobs go in arrival order to the first pool with room.
 *
 * ```js
 * // my-policy.js: prefer the pool with the most free chips
 * export default {
 *   name: 'most-free',
 *   score: (job, pool) => pool.freeChips,
 * };
 * ```
 *
 * Built-in filters always apply first: the chip can run the job, the site
 * is inside its latency circle, it fits now, it stays within its budget.
 * Policies decide; they never change the cluster.
 */
export interface Policy {
  name: string;
  description?: string;
  /** When true, no job starts before one ahead of it in queue order (strict FCFS). Default false. */
  strictOrder?: boolean;
  /** Queue order: negative when a goes first. Default: arrival order. */
  order?(a: JobView, b: JobView): number;
  /** A hard constraint beyond the built-in ones; return why the pool is unfit, or undefined. */
  filter?(job: JobView, pool: PoolView, ctx: PolicyContext): Unfit | undefined;
  /**
   * How good a pool is for the job, higher is better: a number, or named
   * parts (`{ cost: …, rtt: … }`). Each part is normalised over the pools
   * that passed the filters to 0..100, inverted for parts named in
   * `lowerIsBetter`, weighted by `weights` (default 1) and summed. Ties go
   * to the pool declared first.
   */
  score?(job: JobView, pool: PoolView, ctx: PolicyContext): number | Readonly<Record<string, number>>;
  weights?: Readonly<Record<string, number>>;
  lowerIsBetter?: readonly string[];
  /** Full override of the decision for one job. */
  place?(job: JobView, ctx: PolicyContext): Placement | 'wait' | Reject;
  /** Batch mode: placements for the whole queue at each scheduling point, applied in order and re-checked. */
  batch?(queue: readonly JobView[], ctx: PolicyContext): Placement[];
  /** For a job that finds no room: running jobs to preempt so that it can start. */
  preempt?(job: JobView, ctx: PolicyContext): JobView[];
}

/** The hooks of a `Policy`, in the order the docs list them. */
export const hookNames = ['order', 'filter', 'score', 'place', 'batch', 'preempt'] as const;
export type HookName = (typeof hookNames)[number];

/** A job as policies see it: estimates, never the true work (unless the scenario says oracle). */
export interface JobView {
  /** The job's place in arrival order (0, 1, 2, …): its own for the whole run. */
  readonly index: number;
  readonly id: string;
  readonly class: string;
  readonly origin: string;
  readonly arrival: number;
  readonly chips: number;
  /** Estimated work in reference-chip seconds. */
  readonly estimate: number;
  readonly priority: number;
  readonly preemptible: boolean;
  /** Absolute time it should complete by (Infinity without a deadline). */
  readonly due: number;
  /** Most it may cost (Infinity without a budget). */
  readonly budget: number;
  /** Most it pays per chip-hour (Infinity without a bid); it never starts where the ask is higher. */
  readonly bid: number;
  /** A spot job pays the price as it changes and is reclaimed when that rises above its bid. */
  readonly spot: boolean;
  readonly inputGB: number;
  /** For a running job (from `ctx.running()`): its pool, and when it started (s); undefined and NaN for any other. */
  readonly pool: string | undefined;
  readonly start: number;
}

/** A pool as policies see it, live. */
export interface PoolView {
  readonly index: number;
  readonly name: string;
  readonly site: string;
  readonly provider: string;
  readonly chip: string;
  readonly chipKind: string;
  readonly nodes: number;
  readonly chipsPerNode: number;
  readonly freeChips: number;
  readonly freeWholeNodes: number;
  /** Fraction of its chips allocated now. */
  readonly load: number;
  readonly pricePerChipHour: number;
  readonly localQueueLength: number;
  /**
   * For an elastic pool, its nodes by state, live: on, booting (and when
   * each boot will be ready: `nextReadyAt()`, `readyTimes()`), idle, busy,
   * draining, off, failed, and the mean boot time; undefined for a static
   * pool. `nodes` is then the most it may have.
   */
  readonly elastic: ElasticPoolView | undefined;
}

/** Estimates and helpers for policies; nothing here changes the cluster. */
export interface PolicyContext {
  readonly now: number;
  readonly pools: readonly PoolView[];
  readonly options: Readonly<Record<string, unknown>>;
  /** Uniform on [0, 1) from the run's `policy` stream. */
  random(): number;
  rttMs(job: JobView, pool: PoolView): number;
  /** Seconds to move the job's input to the pool: at the pair's bandwidth, or over shared links at the share a new flow would get now. */
  transferS(job: JobView, pool: PoolView): number;
  /** Seconds the job's output is expected to take back to its origin (over shared links only; 0 without `network.links`). */
  outputTransferS(job: JobView, pool: PoolView): number;
  /** Estimated runtime on the pool's chip, seconds; NaN where the chip cannot run it. */
  runtimeS(job: JobView, pool: PoolView): number;
  expectedWaitS(pool: PoolView): number;
  /** Expected seconds from now to completion (wait if no room now, transfer, runtime). */
  completionS(job: JobView, pool: PoolView): number;
  expectedCost(job: JobView, pool: PoolView): number;
  fitsNow(job: JobView, pool: PoolView): boolean;
  /** Pools the job may ever use (chip and circle), in declaration order. */
  candidates(job: JobView): readonly PoolView[];
  /** Jobs running now (for `preempt`). */
  running(): readonly JobView[];
}

/** Where a job goes: start now on the pool, or join its local FIFO queue. */
export interface Placement {
  job?: JobView;
  pool: PoolView | number;
  mode: 'now' | 'enqueue';
}

export interface Reject {
  reject: string;
}

export interface Unfit {
  reason: string;
  /** True when the pool can never suit the job (not just now). */
  never?: boolean;
}
