import { definePolicy } from './framework.js';
import { completionScore } from './plugins.js';
import type { Scheduler } from './scheduler.js';

/**
 * MCT, minimum completion time (immediate mode; Maheswaran et al. 1999,
 * Braun et al. 2001): each job is bound, as it comes, to the pool where it
 * is expected to complete first: the pool's expected wait (its ready time,
 * from estimates), then moving its input, then its estimated runtime on
 * that chip. It starts at once if it fits and nobody is queued ahead, else
 * it joins the pool's local queue. On the framework: bind placement, one
 * score plugin, completion.
 */
export function mct(): Scheduler {
  return definePolicy({
    name: 'mct',
    description: 'minimum completion time: expected wait + transfer + runtime',
    placement: 'bind',
    scores: [completionScore],
  });
}
