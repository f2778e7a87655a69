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
 * reservation usually needs the first few releases only. Its arrays are
 * reused from one reservation to the next (a pass asks for one whenever a
 * job must wait), so that none allocates per running job.
 */
class RunningEnds {
  /** Per running job of the pool, by its position in the running set: its estimated end and milli-chips held. */
  end = new Float64Array(64);
  milli = new Float64Array(64);
  /** Positions not yet taken, a binary heap by (end, position). */
  private heap = new Int32Array(64);
  /** Jobs not yet taken. */
  left = 0;

  /** Collects the pool's running jobs. */
  collect(pool: PoolId, ctx: SchedulingContext): void {
    const { running, jobs } = ctx;
    if (this.end.length < running.size) {
      this.end = new Float64Array(running.size * 2);
      this.milli = new Float64Array(running.size * 2);
      this.heap = new Int32Array(running.size * 2);
    }
    const { end, milli, heap } = this;
    let n = 0;
    for (let r = 0; r < running.size; r++) {
      const other = running.at(r);
      if (jobs.pool[other] !== pool) continue;
      end[n] = jobs.estEnd[other] as number;
      milli[n] = jobs.held[other] as number;
      heap[n] = n;
      n++;
    }
    this.left = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** The position of the job that ends first among those not yet taken (`left` > 0). */
  take(): number {
    const heap = this.heap;
    const first = heap[0] as number;
    heap[0] = heap[--this.left] as number;
    this.siftDown(0);
    return first;
  }

  /** Whether the job at position a ends before the one at b; equal ends by position. */
  private before(a: number, b: number): boolean {
    const ea = this.end[a] as number;
    const eb = this.end[b] as number;
    return ea < eb || (ea === eb && a < b);
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = this.left;
    const x = heap[i] as number;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(heap[child + 1] as number, heap[child] as number)) child++;
      if (!this.before(heap[child] as number, x)) break;
      heap[i] = heap[child] as number;
      i = child;
    }
    heap[i] = x;
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
      free += ends.milli[e] as number;
      at = Math.max(ctx.now, ends.end[e] as number);
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
