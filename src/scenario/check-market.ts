import type { Locate } from './check-references.js';
import type { Problem } from './problem.js';
import type { DeepReadonly, ExpandedScenarioData, PoolSpec } from './scenario.js';

type Path = (string | number)[];

/**
 * Whether the scenario trades (docs/market.md): it has a `market` block,
 * a bid or a tier somewhere, or a dynamic price. A scenario that does none
 * of these runs exactly as it did before markets existed.
 */
export function usesMarket(s: DeepReadonly<Pick<ExpandedScenarioData, 'market' | 'classes' | 'jobs' | 'sites'>>): boolean {
  if (s.market !== undefined) return true;
  if (Object.values(s.classes).some((c) => c.bid !== undefined || c.tier !== undefined)) return true;
  if (s.jobs.some((j) => j.bid !== undefined || j.tier !== undefined)) return true;
  return s.sites.some((site) => site.pools.some((p) => p.dynamicPricing !== undefined));
}

/** The lowest ask a pool ever posts: its base times the curve's lowest multiplier, its schedule's or series' lowest price, or its fixed price. */
export function lowestAsk(pool: DeepReadonly<PoolSpec>): number {
  if (pool.dynamicPricing !== undefined) return pool.dynamicPricing.base * Math.min(...pool.dynamicPricing.multiplier);
  return pool.priceCurve === undefined ? pool.pricePerChipHour : Math.min(...pool.priceCurve.price);
}

/** Whether a pool's ask can change during a run. */
function askCanChange(pool: PoolSpec): boolean {
  if (pool.dynamicPricing !== undefined) return new Set(pool.dynamicPricing.multiplier).size > 1;
  return pool.priceCurve !== undefined && new Set(pool.priceCurve.price).size > 1;
}

/** Market problems the schema cannot see: a spot job needs a bid (the price above which it is reclaimed). */
export function marketProblems(s: ExpandedScenarioData, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const at = (path: Path, message: string): void => void problems.push(locate({ path: [] }, path, message));
  const spotWithoutBid = 'a spot job needs a bid: the most it pays per chip-hour, above which it is reclaimed';
  for (const [name, c] of Object.entries(s.classes)) if (c.tier === 'spot' && c.bid === undefined) at(['classes', name, 'tier'], spotWithoutBid);
  s.jobs.forEach((j, ji) => {
    const cls = Object.hasOwn(s.classes, j.class) ? s.classes[j.class] : undefined;
    if ((j.tier ?? cls?.tier) === 'spot' && (j.bid ?? cls?.bid) === undefined && j.tier !== undefined) at(['jobs', ji, 'tier'], spotWithoutBid);
  });
  // Markets clear at the one central dispatcher over pools of fixed size: not under a brain, not over elastic pools (yet).
  if (usesMarket(s)) {
    if (s.brain !== undefined) at(['brain'], 'this scenario trades (a market block, bids, tiers or dynamic prices), and markets do not run under a brain yet: remove the brain block or the market');
    s.sites.forEach((site) =>
      site.pools.forEach((pool) => {
        if (pool.elastic !== undefined) problems.push(locate(pool.origin, ['elastic'], 'this pool is elastic, and markets do not trade elastic pools yet: remove the elastic block or the market (the scenario has a market block, bids, tiers or dynamic prices)'));
      }),
    );
  }
  return problems;
}

/**
 * What a market run would run into: spot jobs that no price change can
 * ever reclaim (no pool that can run them has a price that moves), bids
 * below every ask a class could ever meet (its jobs are rejected), and a
 * call or continuous market where nobody bids.
 */
export function marketWarnings(s: ExpandedScenarioData, locate: Locate): Problem[] {
  const warnings: Problem[] = [];
  const at = (path: Path, message: string): void => void warnings.push(locate({ path: [] }, path, message));
  const pools = s.sites.flatMap((site) => site.pools);
  const runnable = (speed: Record<string, number>): PoolSpec[] => pools.filter((p) => Object.hasOwn(speed, p.chip) && (speed[p.chip] as number) > 0);
  for (const [name, c] of Object.entries(s.classes)) {
    const capable = runnable(c.speed);
    if (capable.length === 0) continue;
    if (c.tier === 'spot' && !capable.some(askCanChange)) {
      at(['classes', name, 'tier'], 'spot, but no pool that can run this class has a price that can change: its jobs are never reclaimed and run as on-demand jobs paying the fixed price');
    }
    if (c.bid !== undefined) {
      const lowest = Math.min(...capable.map(lowestAsk));
      if (c.bid < lowest) at(['classes', name, 'bid'], `${c.bid} is below the lowest ask of every pool that can run this class (${lowest}): its jobs are rejected`);
    }
  }
  s.jobs.forEach((j, ji) => {
    if (j.tier === 'spot' && !pools.some(askCanChange)) at(['jobs', ji, 'tier'], 'spot, but no pool has a price that can change: this job is never reclaimed');
  });
  const mechanism = s.market?.mechanism;
  const bids = Object.values(s.classes).some((c) => c.bid !== undefined) || s.jobs.some((j) => j.bid !== undefined);
  if ((mechanism === 'call' || mechanism === 'continuous') && !bids) {
    at(['market', 'mechanism'], `${mechanism}, but no class or job has a bid: every job takes the ask as in a posted market`);
  }
  return warnings;
}
