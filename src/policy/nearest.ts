import { definePolicy } from './framework.js';
import { costScore, latencyScore } from './plugins.js';
import type { Scheduler } from './scheduler.js';

/**
 * Nearest: each job goes to the pool with room at the lowest RTT from its
 * origin; among equally near pools, the cheapest; then the one declared
 * first. What a latency-first router does. On the framework: one score
 * plugin, latency, with cost as the tie-break.
 */
export function nearest(): Scheduler {
  return definePolicy({
    name: 'nearest',
    description: 'lowest RTT from the job’s origin, then cheapest',
    scores: [latencyScore],
    tieBreak: costScore,
  });
}
