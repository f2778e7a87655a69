import { IndexedHeap } from '../model/indexed-heap.js';
import { definePolicy } from './framework.js';
import type { JobId, PoolId } from './ids.js';
import type { Scheduler } from './scheduler.js';
import type { Reservation, SchedulingContext } from './scheduling-context.js';

/**
 * FCFS with EASY backfilling (Lifka 1995; Mu'alem and Feitelson 2001), as
 * the KTH SP2 ran it. Jobs start in arrival order. When the first job that
 * cannot start is reached, it gets a reservation: the pool where it could
 * start earliest by the estimates of the running jobs' ends, and that
 * "shadow" time. Later jobs may then start now (backfill) if they do not
 * delay it: on another pool, or ending (by estimate) before the shadow time,
 * or using only chips the reserved job will not need.
 *
 * On the framework: the built-in filters, no scores, and the reservation
 * capability; the dispatcher keeps the reservation for the rest of the pass
 * and the framework's reservation filter keeps later jobs from delaying it.
 *
 * The reservation counts chips per pool, not node by node: a reserved job
 * that needs a whole node may find its chips spread over several. Estimates
 * are what policies know (requested times for traces), never the truth.
 */
export function easyBackfill(): Scheduler {
  const scratch = new RunningEnds();
  return definePolicy({
    name: 'easy-backfill',
    description: 'FCFS with EASY backfilling: later jobs may start if they do not delay the first waiting one',
    reserve: (job, ctx) => reserve(job, ctx, scratch),
  });
}

/**
 * The running jobs of one pool, taken in order of estimated end (equal ends
 * in the running set's order, as a stable sort gives them): a heap, since a
 * reservation usually needs the first few releases only. It is reused from
 * one reservation to the next (a pass asks for one whenever a job must
 * wait), so that none allocates per running job.
 */
class RunningEnds {
  /** Positions in the running set of the pool's jobs not yet taken, keyed by estimated end (equal keys: lower position first). */
  private heap = new IndexedHeap(64);
  /** Per position: milli-chips held. */
  private held = new Float64Array(64);

  /** Collects the pool's running jobs. */
  collect(pool: PoolId, ctx: SchedulingContext): void {
    const { running, jobs } = ctx;
    if (this.held.length < running.size) {
      this.heap = new IndexedHeap(running.size * 2);
      this.held = new Float64Array(running.size * 2);
    }
    this.heap.clear();
    for (let r = 0; r < running.size; r++) {
      const other = running.at(r);
      if (jobs.pool[other] !== pool) continue;
      this.held[r] = jobs.held[other] as number;
      const end = jobs.estEnd[other] as number;
      // An end that cannot be estimated (∞ × 0: infinite estimated work with none left) is taken as never.
      this.heap.push(r, Number.isNaN(end) ? Infinity : end);
    }
  }

  get left(): number {
    return this.heap.size;
  }

  /** The position of the job that ends first among those not yet taken (`left` > 0). */
  take(): number {
    return this.heap.pop();
  }

  endOf(position: number): number {
    return this.heap.keyOf(position);
  }

  heldBy(position: number): number {
    return this.held[position] as number;
  }
}

/** The pool where the job could start earliest, by running jobs' estimated ends. */
function reserve(job: JobId, ctx: SchedulingContext, ends: RunningEnds): Reservation {
  let reservedPool = -1 as PoolId;
  let shadow = Infinity;
  let spare = 0;
  const pools = ctx.candidates(job);
  for (let i = 0; i < pools.length; i++) {
    const pool = pools[i] as PoolId;
    const need = ctx.heldMilli(job, pool);
    ends.collect(pool, ctx);
    let free = ctx.capacity(pool).freeMilli;
    let at = ctx.now;
    let k = 0;
    // It does not fit now, so at least one release is needed even if enough chips are free in total.
    while ((free < need || k === 0) && ends.left > 0) {
      const e = ends.take();
      k++;
      free += ends.heldBy(e);
      at = Math.max(ctx.now, ends.endOf(e));
    }
    if (free < need) continue;
    if (at < shadow) {
      shadow = at;
      reservedPool = pool;
      spare = free - need;
    }
  }
  return { job, pool: reservedPool, at: shadow, spareMilli: spare };
}
