import { explainSites, leastLoaded } from './site-choice.js';
import type { BrainScheduler } from './brain-scheduler.js';

/**
 * Least-loaded: each job goes to the site with the lowest load in the
 * view, over every site it may use; ties are drawn uniformly. With a fresh
 * view it is join-the-shortest-queue; with a stale one, every job of a
 * refresh period goes to the sites that looked emptiest at the last
 * report — the herd effect (Mitzenmacher 2000).
 */
export function leastLoadedSite(): BrainScheduler {
  return {
    kind: 'send',
    name: 'least-loaded',
    description: 'the least loaded site in the view, over every site the job may use',
    choose(job, ctx) {
      const sites = ctx.eligible(job);
      const site = leastLoaded(job, sites, sites.length, ctx);
      explainSites(job, sites, sites.length, site, 'the lowest load in the view; ties drawn uniformly', ctx);
      return site;
    },
  };
}
