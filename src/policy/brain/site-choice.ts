import type { IdList, JobId, SiteId } from '../ids.js';
import { BrainPolicyError } from './brain-policy-error.js';
import type { BrainContext } from './brain-context.js';

/**
 * Pieces the built-in brain policies share: drawing distinct sites,
 * taking the least loaded with ties drawn at random, reading `d`, and
 * recording what the view showed of each site looked at (`--explain`).
 */

/**
 * Draws `k` distinct sites of `from` uniformly (Floyd's algorithm: k draws
 * whatever the number of sites), into `out`; returns how many (at most
 * `from.length`).
 */
export function sampleSites(from: IdList<SiteId>, k: number, ctx: BrainContext, out: Int32Array): number {
  const n = from.length;
  const take = Math.min(k, n);
  let m = 0;
  for (let j = n - take; j < n; j++) {
    const t = Math.floor(ctx.random() * (j + 1));
    let seen = false;
    for (let i = 0; i < m && !seen; i++) seen = out[i] === t;
    out[m++] = seen ? j : t;
  }
  for (let i = 0; i < m; i++) out[i] = from[out[i] as number] as number;
  return m;
}

/** The least loaded of the first `n` sites of `sites` in the view; ties are drawn uniformly. */
export function leastLoaded(job: JobId, sites: ArrayLike<number>, n: number, ctx: BrainContext): SiteId {
  let best = sites[0] as SiteId;
  let bestLoad = Infinity;
  let ties = 0;
  for (let i = 0; i < n; i++) {
    const site = sites[i] as SiteId;
    const load = ctx.load(job, site);
    if (load < bestLoad || ties === 0) {
      best = site;
      bestLoad = load;
      ties = 1;
    } else if (load === bestLoad && ctx.random() * ++ties < 1) {
      // The k-th site of equal load replaces the choice with probability 1/k: uniform among ties.
      best = site;
    }
  }
  return best;
}

/**
 * Power-of-d's and late binding's draw: `options.d` sites (default 2) drawn
 * uniformly among those the job may use, into a buffer of its own.
 */
export function siteSampler(name: string): { prepare(ctx: BrainContext): void; draw(job: JobId, ctx: BrainContext): number; readonly drawn: Int32Array; readonly d: number } {
  let d = 2;
  let drawn = new Int32Array(2);
  return {
    prepare(ctx) {
      d = readD(name, ctx.options);
      drawn = new Int32Array(d);
    },
    draw: (job, ctx) => sampleSites(ctx.eligible(job), d, ctx, drawn),
    get drawn() {
      return drawn;
    },
    get d() {
      return d;
    },
  };
}

/** The `d` option of power-of-d and late-binding: a whole number of sites, at least 1 (default 2). */
export function readD(name: string, options: Readonly<Record<string, unknown>>): number {
  const d = options.d ?? 2;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) throw new BrainPolicyError(name, `options.d must be a whole number of sites, at least 1; got ${JSON.stringify(d) ?? String(d)}`);
  return d;
}

/** Records each site looked at as the view showed it, and the winner, into the decision's explanation. */
export function explainSites(job: JobId, sites: ArrayLike<number>, n: number, winner: SiteId | -1, rule: string, ctx: BrainContext): void {
  const ex = ctx.explanation;
  if (ex === undefined) return;
  for (let i = 0; i < n; i++) {
    const site = sites[i] as SiteId;
    if (site === winner) ex.winner = ex.candidates.length;
    ex.candidates.push({ pool: ctx.siteName(site), refused: [], parts: [], figures: siteFigures(job, site, ctx) });
  }
  ex.rule = rule;
}

/** What the view shows of a site for a job. */
export function siteFigures(job: JobId, site: SiteId, ctx: BrainContext): Record<string, number> {
  return {
    load: ctx.load(job, site),
    waiting: ctx.waiting(site),
    expectedWaitS: ctx.expectedWaitS(site),
    room: ctx.hasRoom(job, site) ? 1 : 0,
    viewAgeS: ctx.ageS(site),
  };
}
