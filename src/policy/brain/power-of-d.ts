import { explainSites, leastLoaded, readD, sampleSites } from './site-choice.js';
import type { BrainScheduler } from './brain-scheduler.js';

/**
 * Power of d choices (Mitzenmacher 1996; Vvedenskaya, Dobrushin and
 * Karpelevich 1996): d sites drawn uniformly among those the job may use,
 * and the least loaded of them in the view (ties drawn uniformly).
 * `options.d`, default 2. Two choices already bring the supermarket
 * model's mean response time from 1/(1 − λ) down to Σ λ^(2^i − 1); and
 * since each job sees a different sample, a stale view herds far less than
 * least-loaded over every site.
 */
export function powerOfD(): BrainScheduler {
  let d = 2;
  let sample = new Int32Array(2);
  return {
    kind: 'send',
    name: 'power-of-d',
    description: 'the least loaded of d sites drawn at random, in the view',
    prepare(ctx) {
      d = readD('power-of-d', ctx.options);
      sample = new Int32Array(d);
    },
    choose(job, ctx) {
      const n = sampleSites(ctx.eligible(job), d, ctx, sample);
      const site = leastLoaded(job, sample, n, ctx);
      explainSites(job, sample, n, site, `the lowest load in the view among ${d} sites drawn at random; ties drawn uniformly`, ctx);
      return site;
    },
  };
}
