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
  return definePolicy({
    name: 'easy-backfill',
    description: 'FCFS with EASY backfilling: later jobs may start if they do not delay the first waiting one',
    reserve,
  });
}

/** The pool where the job could start earliest, by running jobs' estimated ends. */
function reserve(job: JobId, ctx: SchedulingContext): Reservation {
  let reservedPool = -1 as PoolId;
  let shadow = Infinity;
  let spare = 0;
  const pools = ctx.candidates(job);
  const ends: { end: number; milli: number }[] = [];
  for (let i = 0; i < pools.length; i++) {
    const pool = pools[i] as PoolId;
    const need = ctx.heldMilli(job, pool);
    ends.length = 0;
    for (let r = 0; r < ctx.running.size; r++) {
      const other = ctx.running.at(r);
      if (ctx.jobs.pool[other] === pool) ends.push({ end: ctx.jobs.estEnd[other] as number, milli: ctx.jobs.held[other] as number });
    }
    ends.sort((a, b) => a.end - b.end);
    let free = ctx.capacity(pool).freeMilli;
    let at = ctx.now;
    let k = 0;
    // It does not fit now, so at least one release is needed even if enough chips are free in total.
    while ((free < need || k === 0) && k < ends.length) {
      const e = ends[k++] as { end: number; milli: number };
      free += e.milli;
      at = Math.max(ctx.now, e.end);
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
