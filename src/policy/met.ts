import { definePolicy } from './framework.js';
import { runtimeScore } from './plugins.js';
import type { Scheduler } from './scheduler.js';

/**
 * MET, minimum execution time (immediate mode; Maheswaran et al. 1999,
 * Braun et al. 2001): each job is bound, as it comes, to the pool whose chip
 * runs it fastest by its estimate, however busy that pool is. It starts
 * there at once if it fits and nobody is queued ahead, else it joins the
 * pool's local queue. Fast per job, but it piles work on the fastest chips.
 * On the framework: bind placement, one score plugin, runtime.
 */
export function met(): Scheduler {
  return definePolicy({
    name: 'met',
    description: 'minimum execution time: the fastest chip for the job, however busy',
    placement: 'bind',
    scores: [runtimeScore],
  });
}
