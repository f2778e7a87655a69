import type { ClusterModel } from './cluster-model.js';
import { JobQueue } from './job-queue.js';

/**
 * Each pool's local FIFO queue (jobs a policy bound to the pool with
 * `enqueue`) and its expected wait, kept in O(1) from estimates.
 *
 * The expected wait of a pool is the estimated chip-seconds still owed to
 * it, by its running jobs (each held chip until its estimated end) and by
 * its local queue, spread over its chips:
 *
 *   wait = max(0, Σ_running h·estEnd − now·Σ_running h + Σ_queued h·d) / chips
 *
 * which is the fluid approximation for a pool of many chips. A pool of a
 * single chip is a machine of the heterogeneous-computing literature, and
 * for it the wait is kept as that literature keeps it: a ready time that
 * each job assigned pushes back by its chip-seconds (its estimated duration
 * when it holds the chip whole), and that each job's end corrects by how
 * much it ran over or under its estimate. With whole-chip jobs and exact
 * estimates this is the ready time of the textbook heuristics, added up in
 * the same order, to the last bit. Every update and query is O(1).
 */
export class PoolQueues {
  readonly local: JobQueue[];
  private readonly runningEndSum: Float64Array;
  private readonly runningHeld: Float64Array;
  private readonly queuedWork: Float64Array;
  private readonly chips: Float64Array;
  /** Ready time of single-chip pools (NaN for the others). */
  private readonly ready: Float64Array;

  constructor(model: ClusterModel) {
    const n = model.pools.length;
    this.local = model.pools.map(() => new JobQueue(16));
    this.runningEndSum = new Float64Array(n);
    this.runningHeld = new Float64Array(n);
    this.queuedWork = new Float64Array(n);
    this.chips = Float64Array.from(model.pools, (p) => p.nodes * p.chipsPerNode);
    this.ready = Float64Array.from(model.pools, (p) => (p.nodes * p.chipsPerNode === 1 ? 0 : NaN));
  }

  /**
   * A job holding `heldChips` starts in `pool` at `now` and is expected to
   * end at `estEnd`. `fromQueue`: it was waiting in the pool's local queue
   * (so the ready time already counts it).
   */
  started(pool: number, heldChips: number, now: number, estEnd: number, fromQueue: boolean): void {
    this.runningEndSum[pool] = (this.runningEndSum[pool] as number) + heldChips * estEnd;
    this.runningHeld[pool] = (this.runningHeld[pool] as number) + heldChips;
    const ready = this.ready[pool] as number;
    if (!fromQueue && !Number.isNaN(ready)) this.ready[pool] = Math.max(ready, now) + heldChips * (estEnd - now);
  }

  /**
   * A job that `started` with these figures leaves the pool at `now`
   * (finished, evicted or preempted): the work it was expected still to do,
   * or the time it overran, moves the ready time.
   */
  ended(pool: number, heldChips: number, now: number, estEnd: number): void {
    this.runningEndSum[pool] = (this.runningEndSum[pool] as number) - heldChips * estEnd;
    this.runningHeld[pool] = (this.runningHeld[pool] as number) - heldChips;
    const ready = this.ready[pool] as number;
    if (!Number.isNaN(ready) && estEnd !== now) this.ready[pool] = Math.max(now, ready - heldChips * (estEnd - now));
  }

  /** Binds a job to the pool's local queue; `chipSeconds` is its estimated held chips × duration. */
  enqueue(pool: number, job: number, chipSeconds: number, now: number): void {
    (this.local[pool] as JobQueue).push(job);
    this.queuedWork[pool] = (this.queuedWork[pool] as number) + chipSeconds;
    const ready = this.ready[pool] as number;
    if (!Number.isNaN(ready)) this.ready[pool] = Math.max(ready, now) + chipSeconds;
  }

  /** Takes the head off the pool's local queue; `chipSeconds` as given to `enqueue`. */
  dequeue(pool: number, chipSeconds: number): number {
    this.queuedWork[pool] = (this.queuedWork[pool] as number) - chipSeconds;
    return (this.local[pool] as JobQueue).shift();
  }

  localLength(pool: number): number {
    return (this.local[pool] as JobQueue).size;
  }

  /** Expected seconds until the pool has worked off what it owes, from estimates. */
  expectedWaitS(pool: number, now: number): number {
    const ready = this.ready[pool] as number;
    if (!Number.isNaN(ready)) return ready > now ? ready - now : 0;
    const owed = (this.runningEndSum[pool] as number) - now * (this.runningHeld[pool] as number) + (this.queuedWork[pool] as number);
    return owed > 0 ? owed / (this.chips[pool] as number) : 0;
  }
}
