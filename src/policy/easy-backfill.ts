import { bestFitting, waitFor } from './choose.js';
import type { Scheduler, SchedulingContext } from './scheduler.js';

const firstDeclared = (): number => 0;

/**
 * FCFS with EASY backfilling (Lifka 1995; Mu'alem and Feitelson 2001), as
 * the KTH SP2 ran it. Jobs start in arrival order. When the first job that
 * cannot start is reached, it gets a reservation: the pool where it could
 * start earliest by the estimates of the running jobs' ends, and that
 * "shadow" time. Later jobs may then start now (backfill) if they do not
 * delay it: on another pool, or ending (by estimate) before the shadow time,
 * or using only chips the reserved job will not need.
 *
 * The reservation counts chips per pool, not node by node: a reserved job
 * that needs a whole node may find its chips spread over several. Estimates
 * are what policies know (requested times for traces), never the truth.
 */
export function easyBackfill(): Scheduler {
  let headDone = false;
  let reservedPool = -1;
  let shadow = Infinity;
  let extraMilli = 0;

  /** The pool where the job could start earliest, by running jobs' estimated ends. */
  const reserve = (job: number, ctx: SchedulingContext): void => {
    reservedPool = -1;
    shadow = Infinity;
    const pools = ctx.candidates(job);
    const ends: { end: number; milli: number }[] = [];
    for (let i = 0; i < pools.length; i++) {
      const pool = pools[i] as number;
      const need = ctx.filters.heldMilli(job, ctx.pool(pool));
      ends.length = 0;
      for (let r = 0; r < ctx.running.size; r++) {
        const other = ctx.running.at(r);
        if (ctx.jobs.pool[other] === pool) ends.push({ end: ctx.jobs.estEnd[other] as number, milli: ctx.jobs.held[other] as number });
      }
      ends.sort((a, b) => a.end - b.end);
      let free = ctx.state.capacity[pool]?.freeMilli ?? 0;
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
        extraMilli = free - need;
      }
    }
  };

  /** Whether starting the job on the pool now leaves the reservation intact. */
  const harmless = (job: number, pool: number, ctx: SchedulingContext): boolean => {
    if (pool !== reservedPool) return true;
    if (ctx.now + ctx.transferS(job, pool) + ctx.runtimeS(job, pool) <= shadow) return true;
    return ctx.filters.heldMilli(job, ctx.pool(pool)) <= extraMilli;
  };

  return {
    name: 'easy-backfill',
    description: 'FCFS with EASY backfilling: later jobs may start if they do not delay the first waiting one',
    strictOrder: false,
    seesHead: true,
    beginPass() {
      headDone = false;
      reservedPool = -1;
    },
    decide(job, ctx, out) {
      const fitting = bestFitting(job, ctx, firstDeclared);
      if (!headDone) {
        // Until a job must wait, this is plain FCFS.
        if (fitting >= 0) {
          out.start(fitting);
          return;
        }
        headDone = true;
        reserve(job, ctx);
        waitFor(job, ctx, out);
        return;
      }
      if (fitting < 0) {
        waitFor(job, ctx, out);
        return;
      }
      const pools = ctx.candidates(job);
      for (let i = 0; i < pools.length; i++) {
        const pool = pools[i] as number;
        if (!ctx.fitsNow(job, pool) || !harmless(job, pool, ctx)) continue;
        if (pool === reservedPool && ctx.now + ctx.transferS(job, pool) + ctx.runtimeS(job, pool) > shadow) {
          extraMilli -= ctx.filters.heldMilli(job, ctx.pool(pool));
        }
        out.start(pool);
        return;
      }
      // It would fit, but only by delaying the reserved job: ask again next pass.
      out.wait(false);
    },
  };
}
