import { readPartWeights } from '../cost-latency.js';
import { explainParts, highestTotal, normalisedTotals, partScales } from '../framework.js';
import type { JobId, PoolId, SiteId } from '../ids.js';
import { BrainPolicyError } from './brain-policy-error.js';
import type { BrainContext } from './brain-context.js';
import type { BrainScheduler } from './brain-scheduler.js';
import { siteFigures } from './site-choice.js';

const PARTS = ['cost', 'latency', 'time'] as const;

/**
 * Cost-latency at the brain: the scheduler's flagship policy, by site and
 * on the view. Sites where the view shows room for the job pass (all the
 * job may use, when none does), then those where it could still meet its
 * deadline (all that passed, when none could). Each passing site is scored
 * on three parts, normalised over the passing sites and weighted by
 * `options.weights` (default 1 each), as the framework does for pools:
 * cost (the cheapest of its pools for the job, at the price the site last
 * reported), RTT from the job's origin, and time (the quickest transfer +
 * runtime of its pools, plus the view's expected wait when it has no room).
 * The highest total wins; ties go to the site declared first.
 */
export function costLatencySite(): BrainScheduler {
  const scales = partScales(PARTS.length);
  let sites = new Int32Array(16);
  let raw = new Float64Array(48);
  let totals = new Float64Array(16);
  let roomy = new Uint8Array(16);
  return {
    kind: 'send',
    name: 'cost-latency',
    description: 'weighted normalised cost, RTT and completion time per site, on the view',
    prepare(ctx) {
      scales.weights.set(readPartWeights(ctx.options.weights, 'options.weights', (m) => new BrainPolicyError('cost-latency', m)));
    },
    choose(job, ctx) {
      const eligible = ctx.eligible(job);
      const e = eligible.length;
      if (sites.length < e) {
        sites = new Int32Array(e);
        raw = new Float64Array(3 * e);
        totals = new Float64Array(e);
        roomy = new Uint8Array(e);
      }
      let anyRoom = false;
      for (let k = 0; k < e; k++) {
        roomy[k] = ctx.hasRoom(job, eligible[k] as SiteId) ? 1 : 0;
        anyRoom ||= roomy[k] === 1;
      }
      /** The passing sites into `sites`, their raw parts into `raw`; returns how many. */
      const gather = (due: number): number => {
        let n = 0;
        for (let k = 0; k < e; k++) {
          if (anyRoom && roomy[k] === 0) continue;
          const site = eligible[k] as SiteId;
          const pools = ctx.poolsAt(job, site);
          let cost = Infinity;
          let time = Infinity;
          for (let i = 0; i < pools.length; i++) {
            const pool = pools[i] as PoolId;
            // With room at the site, only its pools with room count.
            if (roomy[k] === 1 && !ctx.roomIn(job, pool)) continue;
            cost = Math.min(cost, ctx.costAt(job, pool, site));
            time = Math.min(time, ctx.timeS(job, pool));
          }
          if (roomy[k] === 0) time += ctx.expectedWaitS(site);
          if (ctx.now + time > due) continue;
          sites[n] = site;
          raw[3 * n] = cost;
          raw[3 * n + 1] = ctx.rttMs(job, site);
          raw[3 * n + 2] = time;
          n++;
        }
        return n;
      };
      let n = gather(ctx.due(job));
      // No site could meet the deadline: the job still goes somewhere, scored without it.
      if (n === 0) n = gather(Infinity);
      normalisedTotals(raw, n, scales, totals);
      const best = Math.max(0, highestTotal(totals, n));
      explain(job, ctx, n, best);
      return sites[best] as SiteId;
    },
  };

  function explain(job: JobId, ctx: BrainContext, n: number, best: number): void {
    const ex = ctx.explanation;
    if (ex === undefined) return;
    for (let i = 0; i < n; i++) {
      const site = sites[i] as SiteId;
      ex.candidates.push({ pool: ctx.siteName(site), refused: [], parts: explainParts(PARTS, raw, i, scales), total: totals[i] as number, figures: siteFigures(job, site, ctx) });
    }
    ex.winner = best;
    ex.rule = 'highest total of cost, RTT and time on the view; ties to the site declared first';
  }
}
