import type { PoolModel } from '../../model/cluster-model.js';
import { describeThrown as describe } from '../describe-value.js';
import type { JobId, SiteId } from '../ids.js';
import type { BrainContext } from './brain-context.js';
import type { BrainPolicy, BrainPolicyContext, SiteView } from './brain-policy.js';
import { BrainPolicyError } from './brain-policy-error.js';
import type { BrainScheduler } from './brain-scheduler.js';
import { siteFigures } from './site-choice.js';

/**
 * Compiles a user's `BrainPolicy` into a brain scheduler. Per job, every
 * site the job may use is offered as a frozen `SiteView` of the brain's
 * view; `choose` names the site, or `score` rates each (the highest wins,
 * ties to the site listed first). Anything else — a hook that throws, a
 * site that was not offered, a score that is not a finite number — stops
 * the run with a `BrainPolicyError` naming the module (`label`), the hook,
 * the job and the value.
 */
export function adaptBrainPolicy(policy: BrainPolicy, label: string = policy.name): BrainScheduler {
  checkShape(policy, label);
  const fail = (message: string, cause?: unknown): BrainPolicyError => new BrainPolicyError(label, message, cause === undefined ? undefined : { cause });
  const call = <T>(hook: string, job: JobId, ctx: BrainContext, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw fail(`hook ${hook} threw deciding job ${ctx.idOf(job)}: ${describe(e)}`, e);
    }
  };
  let context: BrainPolicyContext | undefined;
  return {
    kind: 'send',
    name: policy.name,
    description: policy.description ?? 'a user brain policy',
    prepare(ctx) {
      context = Object.freeze({
        get now() {
          return ctx.now;
        },
        options: ctx.options,
        random: () => ctx.random(),
      });
    },
    choose(job, ctx) {
      const eligible = ctx.eligible(job);
      const sites = Object.freeze(Array.from(eligible, (site) => siteView(job, site, ctx)));
      const pc = context as BrainPolicyContext;
      const jobView = Object.freeze(ctx.jobView(job));
      let chosen = -1;
      if (policy.choose !== undefined) {
        const answer: unknown = call('choose', job, ctx, () => policy.choose?.(jobView, sites, pc));
        chosen = sites.findIndex((s) => s === answer || (typeof answer === 'string' && s.name === answer));
        if (chosen < 0) {
          throw fail(`hook choose returned ${show(answer)} for job ${ctx.idOf(job)}: expected one of the sites offered (a SiteView from \`sites\`, or its name: ${sites.map((s) => s.name).join(', ')})`);
        }
      } else {
        let best = -Infinity;
        sites.forEach((site, k) => {
          const score: unknown = call('score', job, ctx, () => policy.score?.(jobView, site, pc));
          if (typeof score !== 'number' || !Number.isFinite(score)) {
            throw fail(`hook score returned ${show(score)} for job ${ctx.idOf(job)} at site ${site.name}: expected a finite number`);
          }
          if (score > best) {
            best = score;
            chosen = k;
          }
        });
      }
      const site = eligible[chosen] as SiteId;
      const ex = ctx.explanation;
      if (ex !== undefined) {
        sites.forEach((s, k) => ex.candidates.push({ pool: s.name, refused: [], parts: [], figures: siteFigures(job, eligible[k] as SiteId, ctx) }));
        ex.winner = chosen;
        ex.rule = policy.choose !== undefined ? 'the policy’s choose hook' : 'the highest score; ties to the site listed first';
      }
      return site;
    },
  };
}

/** Refuses a module whose default export is not a brain policy, naming the hook and what it holds. */
function checkShape(policy: BrainPolicy, label: string): void {
  const p = policy as unknown as Record<string, unknown>;
  if (typeof p.name !== 'string' || p.name === '') throw new BrainPolicyError(label, `name must be a non-empty string; got ${show(p.name)}`);
  for (const hook of ['choose', 'score'] as const) {
    if (p[hook] !== undefined && typeof p[hook] !== 'function') throw new BrainPolicyError(label, `hook ${hook} must be a function; got ${show(p[hook])}`);
  }
  if (p.choose === undefined && p.score === undefined) throw new BrainPolicyError(label, 'needs a choose hook (the site for a job) or a score hook (a number per site)');
}

/** The site as the view shows it, for this job. */
function siteView(job: JobId, site: SiteId, ctx: BrainContext): SiteView {
  const model = ctx.model;
  const freeChips: Record<string, number> = {};
  const chips: Record<string, number> = {};
  const price: Record<string, number> = {};
  const { first, end } = ctx.siteRange(site);
  const at = ctx.view.takenAt(site);
  for (let p = first; p < end; p++) {
    const pool = model.pools[p] as PoolModel;
    const chip = model.chips[pool.chip]?.name ?? '?';
    const cap = ctx.view.capMilli(p);
    chips[chip] = (chips[chip] ?? 0) + cap / 1000;
    freeChips[chip] = (freeChips[chip] ?? 0) + (cap - ctx.view.usedMilli(p)) / 1000;
    price[chip] = Math.min(price[chip] ?? Infinity, pool.price.priceAt(at));
  }
  const s = model.sites[site];
  return Object.freeze({
    index: site,
    name: s?.name ?? '?',
    provider: s?.provider ?? 'default',
    waiting: ctx.waiting(site),
    freeChips: Object.freeze(freeChips),
    chips: Object.freeze(chips),
    pricePerChipHour: Object.freeze(price),
    expectedWaitS: ctx.expectedWaitS(site),
    load: ctx.load(job, site),
    hasRoom: ctx.hasRoom(job, site),
    ageS: ctx.ageS(site),
    rttMs: ctx.rttMs(job, site),
  });
}

/** A value as a message shows it: short, and never throwing. */
function show(v: unknown): string {
  try {
    if (typeof v === 'function') return 'a function';
    if (typeof v === 'object' && v !== null) {
      const json = JSON.stringify(v);
      return json.length > 80 ? `${json.slice(0, 77)}...` : json;
    }
    return typeof v === 'string' ? JSON.stringify(v) : String(v);
  } catch {
    return 'a value that cannot be printed';
  }
}
