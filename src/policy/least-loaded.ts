import { definePolicy } from './framework.js';
import { loadScore } from './plugins.js';
import type { Scheduler } from './scheduler.js';

/**
 * Least-loaded: each job goes to the pool with room whose chips are the
 * least allocated (as a fraction of the pool), spreading work evenly.
 * On the framework: one score plugin, load.
 */
export function leastLoaded(): Scheduler {
  return definePolicy({
    name: 'least-loaded',
    description: 'the pool with room whose chips are least allocated',
    scores: [loadScore],
  });
}
