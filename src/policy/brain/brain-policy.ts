import type { JobView } from '../policy.js';

/**
 * A brain policy as users write it (docs/brain.md): which site gets each
 * arriving job, from the brain's read-only view of the sites. Give
 * `choose` (the site itself) or `score` (a number per site, higher is
 * better; the highest wins, ties to the site listed first).
 *
 * ```js
 * // emptiest.js: the site with the most free chips in the view
 * export default {
 *   name: 'emptiest',
 *   score: (job, site) => Object.values(site.freeChips).reduce((a, b) => a + b, 0),
 * };
 * ```
 *
 * Only sites the job may use are offered (a chip that runs it, inside its
 * circle, nodes big enough). The view is what the sites last reported: it
 * may be `ageS` old.
 */
export interface BrainPolicy {
  name: string;
  description?: string;
  /** The site for the job: one of `sites`, or its name. */
  choose?(job: JobView, sites: readonly SiteView[], ctx: BrainPolicyContext): SiteView | string;
  /** How good the site is for the job, higher is better: a finite number. */
  score?(job: JobView, site: SiteView, ctx: BrainPolicyContext): number;
}

/** A site as the brain's view shows it, for one job. Frozen: a policy reads it, never changes it. */
export interface SiteView {
  /** The site's index in declaration order. */
  readonly index: number;
  readonly name: string;
  readonly provider: string;
  /** Jobs waiting at the site. */
  readonly waiting: number;
  /** Chips free, per chip type the site has. */
  readonly freeChips: Readonly<Record<string, number>>;
  /** Chips in service (nodes not down), per chip type the site has. */
  readonly chips: Readonly<Record<string, number>>;
  /** The lowest price per chip-hour, per chip type, as the site last reported it. */
  readonly pricePerChipHour: Readonly<Record<string, number>>;
  /** Expected seconds before a job sent there starts (0 when nothing waits). */
  readonly expectedWaitS: number;
  /** This job's load there: chips asked by waiting jobs plus chips in use, over chips in service, on the pools it could use. */
  readonly load: number;
  /** Whether the view shows room for this job's chips there. */
  readonly hasRoom: boolean;
  /** Seconds since the figures were taken. */
  readonly ageS: number;
  /** Round trip from this job's origin, ms. */
  readonly rttMs: number;
}

/** What a brain policy may use beyond the sites. */
export interface BrainPolicyContext {
  readonly now: number;
  /** `brain.options` of the scenario. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Uniform on [0, 1) from the run's `brain` stream. */
  random(): number;
}
