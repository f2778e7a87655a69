import { decideBestFitting, type PoolKey } from './choose.js';
import type { Scheduler } from './scheduler.js';

const load: PoolKey = (_job, pool, ctx) => ctx.load(pool);

/**
 * Least-loaded: each job goes to the pool with room whose chips are the
 * least allocated (as a fraction of the pool), spreading work evenly.
 */
export function leastLoaded(): Scheduler {
  return {
    name: 'least-loaded',
    description: 'the pool with room whose chips are least allocated',
    strictOrder: false,
    decide: (job, ctx, out) => decideBestFitting(job, ctx, out, load),
  };
}
