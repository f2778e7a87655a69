import type { Decision, SchedulingContext } from './scheduler.js';

/** A per-pool figure a policy minimises; written at module level so that no closure is made per decision. */
export type PoolKey = (job: number, pool: number, ctx: SchedulingContext) => number;

/**
 * Among the job's candidate pools that it fits on now, the one with the
 * smallest key; ties go to the pool declared first. -1 when none fits.
 */
export function bestFitting(job: number, ctx: SchedulingContext, key: PoolKey): number {
  return best(job, ctx, key, true);
}

/**
 * Among all the job's candidate pools within its budget, whether or not it
 * fits now, the one with the smallest key; ties go to the pool declared
 * first. -1 when there is none.
 */
export function bestOf(job: number, ctx: SchedulingContext, key: PoolKey): number {
  return best(job, ctx, key, false);
}

function best(job: number, ctx: SchedulingContext, key: PoolKey, mustFitNow: boolean): number {
  const pools = ctx.candidates(job);
  let chosen = -1;
  let chosenKey = Infinity;
  for (let i = 0; i < pools.length; i++) {
    const pool = pools[i] as number;
    if (mustFitNow ? !ctx.fitsNow(job, pool) : !ctx.affordable(job, pool)) continue;
    const k = key(job, pool, ctx);
    if (chosen < 0 || k < chosenKey) {
      chosen = pool;
      chosenKey = k;
    }
  }
  return chosen;
}

/**
 * Start on the pool if the job fits there now and nobody is queued ahead;
 * else join its local queue. Without a pool (-1: none within budget) it waits.
 */
export function startOrEnqueue(job: number, pool: number, ctx: SchedulingContext, out: Decision): void {
  if (pool < 0) waitFor(job, ctx, out);
  else if (ctx.queues.localLength(pool) === 0 && ctx.fitsNow(job, pool)) out.start(pool);
  else out.enqueue(pool);
}

/**
 * Leave the job waiting. Whether only capacity holds it back: a job with a
 * budget may also be waiting for a price to fall, so it is asked again on
 * every pass rather than skipped with its shape.
 */
export function waitFor(job: number, ctx: SchedulingContext, out: Decision): void {
  out.wait(ctx.jobs.budget[job] === Infinity);
}

/** Decide by the smallest key among pools the job fits on now; wait when none does. */
export function decideBestFitting(job: number, ctx: SchedulingContext, out: Decision, key: PoolKey): void {
  const pool = bestFitting(job, ctx, key);
  if (pool >= 0) out.start(pool);
  else waitFor(job, ctx, out);
}
