import { usesMarket } from '../scenario/check-market.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Mechanism } from '../scenario/schema.js';

/**
 * A pool whose ask follows demand: base × a piecewise-linear curve of the
 * utilisation of `over` (the pool itself, or every pool of its provider),
 * re-evaluated every `intervalS`.
 */
export interface PricerModel {
  readonly pool: number;
  readonly base: number;
  readonly utilisation: readonly number[];
  readonly multiplier: readonly number[];
  readonly intervalS: number;
  /** Pools whose allocated and in-service chips make the utilisation. */
  readonly over: readonly number[];
}

/** How a market run trades (docs/market.md). Undefined on a `ClusterModel` that does not trade. */
export interface MarketModel {
  readonly mechanism: Mechanism;
  /** Seconds between the clearings of a call market. */
  readonly intervalS: number;
  /** Share of the spread between bid and ask that goes to the seller: price = ask + k · (bid − ask). */
  readonly k: number;
  /** Seconds between a spot job's notice and its reclamation. */
  readonly noticeS: number;
  readonly pricers: readonly PricerModel[];
  /** Provider names, and each pool's provider as an index into them. */
  readonly providers: readonly string[];
  readonly providerOfPool: Int32Array;
}

/** Market settings when the scenario trades, else undefined; `mechanism` overrides the scenario's. */
export function buildMarketModel(s: Scenario, poolSites: readonly number[], mechanism?: Mechanism): MarketModel | undefined {
  if (!usesMarket(s) && mechanism === undefined) return undefined;
  const providers: string[] = [];
  const providerOfSite = s.sites.map((site) => {
    const name = site.provider ?? 'default';
    let i = providers.indexOf(name);
    if (i < 0) i = providers.push(name) - 1;
    return i;
  });
  const providerOfPool = Int32Array.from(poolSites, (site) => providerOfSite[site] as number);
  const specs = s.sites.flatMap((site) => site.pools.map((p) => p.dynamicPricing));
  const pricers: PricerModel[] = [];
  specs.forEach((d, pool) => {
    if (d === undefined) return;
    const over = d.of === 'pool' ? [pool] : [...providerOfPool.keys()].filter((q) => providerOfPool[q] === providerOfPool[pool]);
    pricers.push({ pool, base: d.base, utilisation: [...d.utilisation], multiplier: [...d.multiplier], intervalS: d.intervalS, over });
  });
  const m = s.market;
  return {
    mechanism: mechanism ?? m?.mechanism ?? 'posted',
    intervalS: m?.intervalS ?? 60,
    k: m?.k ?? 0.5,
    noticeS: m?.noticeS ?? 120,
    pricers,
    providers,
    providerOfPool,
  };
}

/** The curve's multiplier at utilisation u: linear between points, flat before the first and after the last. */
export function curveAt(u: number, utilisation: readonly number[], multiplier: readonly number[]): number {
  const n = utilisation.length;
  if (u <= (utilisation[0] as number)) return multiplier[0] as number;
  if (u >= (utilisation[n - 1] as number)) return multiplier[n - 1] as number;
  let i = 1;
  while ((utilisation[i] as number) < u) i++;
  const u0 = utilisation[i - 1] as number;
  const u1 = utilisation[i] as number;
  const m0 = multiplier[i - 1] as number;
  const m1 = multiplier[i] as number;
  return m0 + ((m1 - m0) * (u - u0)) / (u1 - u0);
}
