import { definePolicy } from './framework.js';
import { deliveryScore } from './plugins.js';
import type { Scheduler } from './scheduler.js';

/**
 * Data gravity (issue 18): each job is bound, as it comes, to the pool
 * where its result is expected back at its origin first: the pool's
 * expected wait, moving its input there, its estimated runtime, and moving
 * its output back. Over a shared network both transfers are what the
 * current sharing would give a new flow, so a congested backbone pulls
 * data-heavy jobs towards their data. MCT with the way back; without
 * `network.links` (no outputs move) it places as MCT does.
 */
export function dataGravity(): Scheduler {
  return definePolicy({
    name: 'data-gravity',
    description: 'data gravity: expected wait + input transfer + runtime + output transfer, under the current network sharing',
    placement: 'bind',
    scores: [deliveryScore],
  });
}
