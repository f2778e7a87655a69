import { dbcDeadlineFilter } from './dbc-deadline.js';
import { definePolicy } from './framework.js';
import { costScore } from './plugins.js';
import type { Scheduler } from './scheduler.js';

/**
 * DBC cost optimisation (Buyya, Abramson and Giddy, Nimrod-G; Buyya and
 * Murshed, GridSim's economic broker): each job is bound to the cheapest
 * pool on which it is still expected to finish by its deadline, within its
 * budget — the cheapest resources are filled as far as the deadline allows,
 * and dearer ones take what would otherwise be late. On estimates. On the
 * framework: bind placement (a pool's local queue is its share of the
 * work), the DBC deadline filter, one score plugin, cost.
 */
export function dbcCost(): Scheduler {
  return definePolicy({
    name: 'dbc-cost',
    description: 'DBC cost optimisation: the cheapest pool that still meets the deadline, within budget',
    placement: 'bind',
    filters: [dbcDeadlineFilter],
    scores: [costScore],
  });
}
