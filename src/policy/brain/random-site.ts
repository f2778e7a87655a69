import type { SiteId } from '../ids.js';
import { explainSites } from './site-choice.js';
import type { BrainScheduler } from './brain-scheduler.js';

/** Random: each job goes to a site drawn uniformly among those it may use; the view is not read. */
export function randomSite(): BrainScheduler {
  return {
    kind: 'send',
    name: 'random',
    description: 'a site drawn uniformly among those the job may use',
    choose(job, ctx) {
      const sites = ctx.eligible(job);
      const site = sites[Math.floor(ctx.random() * sites.length)] as SiteId;
      explainSites(job, sites, sites.length, site, 'drawn uniformly among the sites the job may use', ctx);
      return site;
    },
  };
}
