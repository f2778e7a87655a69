import { bestOf, startOrEnqueue, type PoolKey } from './choose.js';
import type { Scheduler } from './scheduler.js';

const completion: PoolKey = (job, pool, ctx) => ctx.completionS(job, pool);

/**
 * MCT, minimum completion time (immediate mode; Maheswaran et al. 1999,
 * Braun et al. 2001): each job is bound, as it comes, to the pool where it
 * is expected to complete first: the pool's expected wait (its ready time,
 * from estimates), then moving its input, then its estimated runtime on
 * that chip. It starts at once if it fits and nobody is queued ahead, else
 * it joins the pool's local queue.
 */
export function mct(): Scheduler {
  return {
    name: 'mct',
    description: 'minimum completion time: expected wait + transfer + runtime',
    strictOrder: false,
    decide: (job, ctx, out) => startOrEnqueue(job, bestOf(job, ctx, completion), ctx, out),
  };
}
