import { definePolicy } from './framework.js';
import type { Scheduler } from './scheduler.js';

/**
 * Random: each job goes to a pool drawn uniformly among those it fits on
 * now (from the run's `policy` random stream, so the draws never move
 * arrivals or sizes). A baseline that any policy worth its name must beat.
 * On the framework: the built-in filters, and a selector of its own.
 */
export function random(): Scheduler {
  return definePolicy({
    name: 'random',
    description: 'a pool drawn uniformly among those with room',
    select: () => ({
      rule: 'drawn uniformly among the pools that passed',
      select: (_job, _pools, _totals, n, ctx) => Math.floor(ctx.random() * n),
    }),
  });
}
