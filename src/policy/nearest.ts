import { waitFor } from './choose.js';
import type { Scheduler } from './scheduler.js';

/**
 * Nearest: each job goes to the pool with room at the lowest RTT from its
 * origin; among equally near pools, the cheapest; then the one declared
 * first. What a latency-first router does.
 */
export function nearest(): Scheduler {
  return {
    name: 'nearest',
    description: 'lowest RTT from the job’s origin, then cheapest',
    strictOrder: false,
    decide(job, ctx, out) {
      const pools = ctx.candidates(job);
      let best = -1;
      let bestRtt = Infinity;
      let bestCost = Infinity;
      for (let i = 0; i < pools.length; i++) {
        const pool = pools[i] as number;
        if (!ctx.fitsNow(job, pool)) continue;
        const rtt = ctx.rttMs(job, pool);
        if (best >= 0 && rtt > bestRtt) continue;
        const cost = ctx.expectedCost(job, pool);
        if (best < 0 || rtt < bestRtt || cost < bestCost) {
          best = pool;
          bestRtt = rtt;
          bestCost = cost;
        }
      }
      if (best >= 0) out.start(best);
      else waitFor(job, ctx, out);
    },
  };
}
