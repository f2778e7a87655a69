import type { Policy } from './policy.js';

/**
 * First-come first-served: jobs start in arrival order, each on the first
 * pool (in declaration order) that can run its class and has room now. The
 * head of the queue blocks the jobs behind it, as in a textbook FCFS queue;
 * `easy-backfill` is the variant that lets later jobs jump ahead safely.
 */
export function fifo(): Policy {
  return {
    name: 'fifo',
    description: 'first-come first-served, first pool with room (head of line blocks)',
    strictOrder: true,
  };
}
