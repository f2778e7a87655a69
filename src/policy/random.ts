import { waitFor } from './choose.js';
import type { Scheduler } from './scheduler.js';

/**
 * Random: each job goes to a pool drawn uniformly among those it fits on
 * now (from the run's `policy` random stream, so the draws never move
 * arrivals or sizes). A baseline that any policy worth its name must beat.
 */
export function random(): Scheduler {
  let fitting = new Int32Array(64);
  return {
    name: 'random',
    description: 'a pool drawn uniformly among those with room',
    strictOrder: false,
    decide(job, ctx, out) {
      const pools = ctx.candidates(job);
      if (fitting.length < pools.length) fitting = new Int32Array(pools.length);
      let n = 0;
      for (let i = 0; i < pools.length; i++) if (ctx.fitsNow(job, pools[i] as number)) fitting[n++] = pools[i] as number;
      if (n === 0) waitFor(job, ctx, out);
      else out.start(fitting[Math.floor(ctx.random() * n)] as number);
    },
  };
}
