import { idList } from '../ids.js';
import { explainSites, siteSampler } from './site-choice.js';
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
  const sampler = siteSampler('late-binding');
  return {
    kind: 'probe',
    name: 'late-binding',
    description: 'reserve a place at d sites drawn at random; the first that takes the job gets it',
    prepare: (ctx) => sampler.prepare(ctx),
    probe(job, ctx) {
      const n = sampler.draw(job, ctx);
      explainSites(job, sampler.drawn, n, -1, `places reserved at ${sampler.d} sites drawn at random; the first whose scheduler takes the job gets it`, ctx);
      return idList(sampler.drawn.subarray(0, n));
    },
  };
}
