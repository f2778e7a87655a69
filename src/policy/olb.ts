import { bestOf, startOrEnqueue, type PoolKey } from './choose.js';
import type { Scheduler } from './scheduler.js';

const readiness: PoolKey = (_job, pool, ctx) => ctx.expectedWaitS(pool);

/**
 * OLB, opportunistic load balancing (immediate mode; Maheswaran et al.
 * 1999, Braun et al. 2001): each job is bound, as it comes, to the pool
 * expected to be ready soonest, whatever its speed for this job. Keeps
 * every pool busy; ignores how well the chip suits the job.
 */
export function olb(): Scheduler {
  return {
    name: 'olb',
    description: 'opportunistic load balancing: the pool ready soonest',
    strictOrder: false,
    decide: (job, ctx, out) => startOrEnqueue(job, bestOf(job, ctx, readiness), ctx, out),
  };
}
