import { definePolicy } from './framework.js';
import { costScore } from './plugins.js';
import type { Scheduler } from './scheduler.js';

/**
 * Cheapest: each job goes to the pool with room where it is expected to
 * cost least: chips held × the price over its estimated run (a fast chip
 * at a high price can be cheaper than a slow one at a low price), plus the
 * fee for moving its input there. Circles and budgets hold, as always.
 * On the framework: one score plugin, cost.
 */
export function cheapest(): Scheduler {
  return definePolicy({
    name: 'cheapest',
    description: 'lowest expected cost (price × estimated runtime + data fees)',
    scores: [costScore],
  });
}
