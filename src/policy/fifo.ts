import { definePolicy } from './framework.js';
import type { Scheduler } from './scheduler.js';

/**
 * First-come first-served: jobs start in arrival order, each on the first
 * pool (in declaration order) that can run it and has room now. The head of
 * the queue blocks the jobs behind it, as in a textbook FCFS queue;
 * `easy-backfill` is the variant that lets later jobs jump ahead safely.
 * On the framework: strict ordering, the built-in filters, no scores.
 */
export function fifo(): Scheduler {
  return definePolicy({
    name: 'fifo',
    description: 'first-come first-served, first pool with room (head of line blocks)',
    ordering: 'strict',
  });
}
