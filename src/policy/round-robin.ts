import { definePolicy } from './framework.js';
import type { Scheduler } from './scheduler.js';

/**
 * Round-robin: pools take turns. Each job goes to the first pool with room
 * after the one that took the previous job, in declaration order, wrapping
 * around; pools the job cannot use are passed over. On the framework: the
 * built-in filters, and a selector of its own that remembers the last pool.
 */
export function roundRobin(): Scheduler {
  return definePolicy({
    name: 'round-robin',
    description: 'pools take turns, in declaration order',
    select: () => {
      let last = -1;
      return {
        rule: 'the first pool that passed after the one that took the previous job, wrapping around',
        select(_job, pools, _totals, n) {
          // Pools that passed are in declaration order: the first after the last one used, else wrap.
          let k = 0;
          while (k < n && (pools[k] as number) <= last) k++;
          if (k === n) k = 0;
          last = pools[k] as number;
          return k;
        },
      };
    },
  });
}
