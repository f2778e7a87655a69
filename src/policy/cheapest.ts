import { decideBestFitting, type PoolKey } from './choose.js';
import type { Scheduler } from './scheduler.js';

const cost: PoolKey = (job, pool, ctx) => ctx.expectedCost(job, pool);

/**
 * Cheapest: each job goes to the pool with room where it is expected to
 * cost least: chips held × the price over its estimated run (a fast chip
 * at a high price can be cheaper than a slow one at a low price), plus the
 * fee for moving its input there. Circles and budgets hold, as always.
 */
export function cheapest(): Scheduler {
  return {
    name: 'cheapest',
    description: 'lowest expected cost (price × estimated runtime + data fees)',
    strictOrder: false,
    decide: (job, ctx, out) => decideBestFitting(job, ctx, out, cost),
  };
}
