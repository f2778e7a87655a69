import { idList } from '../ids.js';
import { explainSites, readD, sampleSites } from './site-choice.js';
import type { BrainScheduler } from './brain-scheduler.js';

/**
 * Late binding (Sparrow, Ousterhout et al. 2013): the brain reserves a
 * place for the job at d·tasks sites drawn at random (a job is one task
 * here, so d sites), and the job binds to the first site whose scheduler
 * takes it — starts it, binds it to a pool's queue, or rejects it; the
 * other reservations are withdrawn. No view is read: the sites' own
 * queues decide, so a stale view cannot mislead it. `options.d`, default 2
 * (Sparrow's probe ratio).
 */
export function lateBinding(): BrainScheduler {
  let d = 2;
  let sample = new Int32Array(2);
  return {
    kind: 'probe',
    name: 'late-binding',
    description: 'reserve a place at d sites drawn at random; the first that takes the job gets it',
    prepare(ctx) {
      d = readD('late-binding', ctx.options);
      sample = new Int32Array(d);
    },
    probe(job, ctx) {
      const n = sampleSites(ctx.eligible(job), d, ctx, sample);
      explainSites(job, sample, n, -1, `places reserved at ${d} sites drawn at random; the first whose scheduler takes the job gets it`, ctx);
      return idList(sample.subarray(0, n));
    },
  };
}
