import { explainSites, leastLoaded, siteSampler } from './site-choice.js';
import type { BrainScheduler } from './brain-scheduler.js';

/**
 * Power of d choices (Mitzenmacher 1996; Vvedenskaya, Dobrushin and
 * Karpelevich 1996): d sites drawn uniformly among those the job may use,
 * and the least loaded of them in the view (ties drawn uniformly).
 * `options.d`, default 2. Two choices already bring the supermarket
 * model's mean response time from 1/(1 − λ) down to Σ λ^(2^i − 2); and
 * since each job sees a different sample, a stale view herds far less than
 * least-loaded over every site.
 */
export function powerOfD(): BrainScheduler {
  const sampler = siteSampler('power-of-d');
  return {
    kind: 'send',
    name: 'power-of-d',
    description: 'the least loaded of d sites drawn at random, in the view',
    prepare: (ctx) => sampler.prepare(ctx),
    choose(job, ctx) {
      const n = sampler.draw(job, ctx);
      const site = leastLoaded(job, sampler.drawn, n, ctx);
      explainSites(job, sampler.drawn, n, site, `the lowest load in the view among ${sampler.d} sites drawn at random; ties drawn uniformly`, ctx);
      return site;
    },
  };
}
