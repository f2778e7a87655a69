import type { SiteId } from '../ids.js';
import { explainSites } from './site-choice.js';
import type { BrainScheduler } from './brain-scheduler.js';

/** Round-robin: sites take turns; each job goes to the first site it may use after the one that took the previous job. */
export function roundRobinSite(): BrainScheduler {
  let last = -1;
  return {
    kind: 'send',
    name: 'round-robin',
    description: 'sites take turns, in declaration order',
    prepare() {
      last = -1;
    },
    choose(job, ctx) {
      const sites = ctx.eligible(job);
      let k = 0;
      while (k < sites.length && (sites[k] as number) <= last) k++;
      if (k === sites.length) k = 0;
      const site = sites[k] as SiteId;
      last = site;
      explainSites(job, sites, sites.length, site, 'the first site after the one that took the previous job, wrapping around', ctx);
      return site;
    },
  };
}
