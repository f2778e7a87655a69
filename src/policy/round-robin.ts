import { waitFor } from './choose.js';
import type { Scheduler } from './scheduler.js';

/**
 * Round-robin: pools take turns. Each job goes to the first pool with room
 * after the one that took the previous job, in declaration order, wrapping
 * around; pools the job cannot use are passed over.
 */
export function roundRobin(): Scheduler {
  let last = -1;
  return {
    name: 'round-robin',
    description: 'pools take turns, in declaration order',
    strictOrder: false,
    decide(job, ctx, out) {
      const pools = ctx.candidates(job);
      // Candidates are in declaration order: start after the last pool used, then wrap.
      let first = 0;
      while (first < pools.length && (pools[first] as number) <= last) first++;
      for (let k = 0; k < pools.length; k++) {
        const pool = pools[(first + k) % pools.length] as number;
        if (ctx.fitsNow(job, pool)) {
          last = pool;
          out.start(pool);
          return;
        }
      }
      waitFor(job, ctx, out);
    },
  };
}
