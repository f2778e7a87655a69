import { definePolicy } from './framework.js';
import { readinessScore } from './plugins.js';
import type { Scheduler } from './scheduler.js';

/**
 * OLB, opportunistic load balancing (immediate mode; Maheswaran et al.
 * 1999, Braun et al. 2001): each job is bound, as it comes, to the pool
 * expected to be ready soonest, whatever its speed for this job. Keeps
 * every pool busy; ignores how well the chip suits the job. On the
 * framework: bind placement, one score plugin, ready-in.
 */
export function olb(): Scheduler {
  return definePolicy({
    name: 'olb',
    description: 'opportunistic load balancing: the pool ready soonest',
    placement: 'bind',
    scores: [readinessScore],
  });
}
