import { decideBestFitting } from './choose.js';
import type { Scheduler } from './scheduler.js';

const firstDeclared = (): number => 0;

/**
 * First-come first-served: jobs start in arrival order, each on the first
 * pool (in declaration order) that can run it and has room now. The head of
 * the queue blocks the jobs behind it, as in a textbook FCFS queue;
 * `easy-backfill` is the variant that lets later jobs jump ahead safely.
 */
export function fifo(): Scheduler {
  return {
    name: 'fifo',
    description: 'first-come first-served, first pool with room (head of line blocks)',
    strictOrder: true,
    decide: (job, ctx, out) => decideBestFitting(job, ctx, out, firstDeclared),
  };
}
