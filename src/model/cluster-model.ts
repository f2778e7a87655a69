import { rttMsOf, rttSource } from '../scenario/rtt-rule.js';
import { networkRoutes, rttTableWithRoutes, type Route } from '../scenario/network-routes.js';
import { meanOf } from '../scenario/work-size.js';
import { poolNodes } from '../scenario/pool-nodes.js';
import type { DeepReadonly, ElasticSpec, ResolvedDistribution, Scenario } from '../scenario/scenario.js';
import type { ChipKind } from '../scenario/schema.js';
import type { Mechanism } from '../scenario/schema.js';
import { DynamicPrice } from './dynamic-price.js';
import { lowestAsk } from '../scenario/check-market.js';
import { buildMarketModel, curveAt, type MarketModel } from './market-model.js';
import type { Price } from './price.js';
import { PriceFunction } from './price-curve.js';

/**
 * The platform and workload classes of a scenario resolved into indices and
 * flat arrays: everything the simulation looks up per event is a number in a
 * typed array, never a name in a map.
 */
export interface ClusterModel {
  readonly chips: readonly ChipModel[];
  readonly regions: readonly RegionModel[];
  readonly sites: readonly SiteModel[];
  /** Pools in declaration order: site by site, then pool by pool. */
  readonly pools: readonly PoolModel[];
  readonly classes: readonly ClassModel[];
  /** Latency circles, in the order the scenario names them. */
  readonly circles: readonly { readonly name: string; readonly rttMs: number }[];
  /** Round-trip time in ms, indexed `origin * sites.length + site`. */
  readonly rttMs: Float64Array;
  /** Seconds to move one GB of input from an origin to a site (0: instant), same indexing. */
  readonly transferSPerGB: Float64Array;
  /** Fee per GB of input moved from an origin to a site, same indexing. */
  readonly dataFeePerGB: Float64Array;
  /** Whether policies may see true work instead of estimates. */
  readonly oracle: boolean;
  /** How the run trades, when the scenario uses a market (docs/market.md); undefined otherwise. */
  readonly market: MarketModel | undefined;
  /** The shared network when `network.links` are given (issue 18); undefined keeps the per-pair model. */
  readonly network: NetworkModel | undefined;
}

/** Links and routes of a shared network (issue 18). */
export interface NetworkModel {
  readonly linkNames: readonly string[];
  readonly linkGbps: readonly number[];
  /** Per (origin, site), indexed as `rttMs`: the route, undefined where none exists (no data moves there). */
  readonly routes: readonly (Route | undefined)[];
  readonly sharing: 'max-min' | 'rtt-weighted';
}

export interface ChipModel {
  readonly index: number;
  readonly name: string;
  readonly kind: ChipKind;
}

export interface RegionModel {
  readonly index: number;
  readonly name: string;
}

export interface SiteModel {
  readonly index: number;
  readonly name: string;
  readonly provider: string;
}

export interface PoolModel {
  readonly index: number;
  /** `<site>/<chip>` unless named in the scenario. */
  readonly name: string;
  readonly site: number;
  readonly chip: number;
  readonly nodes: number;
  readonly chipsPerNode: number;
  /** Capacity per node in thousandths of a chip. */
  readonly milliPerNode: number;
  /** CPU cores per node in thousandths; 0 when cores are not tracked. */
  readonly milliCoresPerNode: number;
  readonly memMiBPerNode: number;
  /** Price per chip-hour over time: the pool's ask. */
  readonly price: Price;
  readonly idleWattsPerChip: number;
  readonly busyWattsPerChip: number;
  /** Mean time between failures of one node, seconds; Infinity when nodes never fail. */
  readonly mtbfS: number;
  readonly repairS: number;
  /** How the pool grows and shrinks; undefined for a static pool. An elastic pool's `nodes` is its most. */
  readonly elastic: ElasticModel | undefined;
}

/** A pool's `elastic` block as written, with what the run derives from it. */
export type ElasticModel = DeepReadonly<ElasticSpec> & {
  /** Nodes on at the start: the pool's `nodes` as written. */
  readonly startNodes: number;
  /** Mean of `bootS`: what policies are told a new boot takes. */
  readonly bootMeanS: number;
  /** `maxBootsInFlight`, Infinity when unlimited. */
  readonly bootsInFlight: number;
};

export interface ClassModel {
  readonly index: number;
  readonly name: string;
  /** Relative speed per chip index; 0 means the chip cannot run the class. */
  readonly speedByChip: Float64Array;
  /** Chips per job as written: an integer >= 1 or a fraction in (0, 1). */
  readonly chips: number;
  /** CPU cores per job in thousandths, rounded up. */
  readonly milliCores: number;
  readonly memMiB: number;
  readonly work: DeepReadonly<ResolvedDistribution>;
  /** Mean of `work`: what policies are told of a job's work unless an estimate model says otherwise. */
  readonly meanWork: number;
  readonly inputGB: number;
  /** Output per job moved back to the origin after computing (shared network only), and whether chips are held meanwhile. */
  readonly outputGB: number;
  readonly holdDuringOutput: boolean;
  /** Index into `circles`, or -1 without a circle SLO. */
  readonly circle: number;
  /** RTT ceiling of that circle, ms; Infinity without one. */
  readonly circleRttMs: number;
  /** Seconds from arrival; Infinity without a deadline. */
  readonly deadlineS: number;
  /** Most a job may cost; Infinity without a budget. */
  readonly budget: number;
  /** Most a job pays per chip-hour; Infinity without a bid. */
  readonly bid: number;
  /** Jobs of the class are spot jobs (reclaimed when the price rises above their bid). */
  readonly spot: boolean;
  readonly priority: number;
  readonly preemptible: boolean;
  /** Whether a preempted job resumes where it stopped (else it starts over). */
  readonly resumable: boolean;
  /** Estimate model: estimate = work · factor · lognormal noise (mean 1, cv). Undefined: the class mean. */
  readonly estimate: { readonly factor: number; readonly cv: number } | undefined;
  /** Seconds the first job of the class on a node booted during the run spends loading before it computes. */
  readonly coldStartS: number;
}

/** Chips as written → thousandths of a chip, the unit capacity is tracked in. */
export function chipsToMilli(chips: number): number {
  return Math.round(chips * 1000);
}

/** GiB → whole MiB, rounded up so that a demand is never understated. */
export function gibToMiB(gib: number): number {
  return Math.ceil(gib * 1024 - 1e-9);
}

export { meanOf } from '../scenario/work-size.js';

/** The cluster of a scenario; `mechanism` replaces the scenario's market mechanism (and makes the run trade). */
export function buildClusterModel(s: Scenario, mechanism?: Mechanism): ClusterModel {
  const chipNames = Object.keys(s.chips);
  const chips: ChipModel[] = chipNames.map((name, index) => ({ index, name, kind: (s.chips[name] as { kind: ChipKind }).kind }));
  const chipIndex = new Map(chipNames.map((n, i) => [n, i]));
  const regions: RegionModel[] = s.regions.map((r, index) => ({ index, name: r.name }));
  const sites: SiteModel[] = s.sites.map((site, index) => ({ index, name: site.name, provider: site.provider ?? 'default' }));
  const circles = Object.entries(s.circles).map(([name, rttMs]) => ({ name, rttMs }));

  const pools: PoolModel[] = [];
  const nameCount = new Map<string, number>();
  s.sites.forEach((site, siteIndex) => {
    for (const p of site.pools) {
      const base = p.name ?? `${site.name}/${p.chip}`;
      const seen = (nameCount.get(base) ?? 0) + 1;
      nameCount.set(base, seen);
      pools.push({
        index: pools.length,
        name: seen === 1 ? base : `${base}#${seen}`,
        site: siteIndex,
        chip: chipIndex.get(p.chip) as number,
        nodes: poolNodes(p),
        chipsPerNode: p.chipsPerNode,
        milliPerNode: p.chipsPerNode * 1000,
        milliCoresPerNode: Math.floor(p.cpuCores * 1000 + 1e-6),
        memMiBPerNode: gibToMiB(p.memGiB),
        price: priceOf(p),
        idleWattsPerChip: p.powerWatts.idle,
        busyWattsPerChip: p.powerWatts.busy,
        mtbfS: p.failures === undefined ? Infinity : p.failures.mtbfHours * 3600,
        repairS: p.failures === undefined ? Infinity : p.failures.repairHours * 3600,
        elastic:
          p.elastic === undefined
            ? undefined
            : { ...p.elastic, startNodes: p.nodes, bootMeanS: meanOf(p.elastic.bootS), bootsInFlight: p.elastic.maxBootsInFlight ?? Infinity },
      });
    }
  });

  const classes: ClassModel[] = Object.entries(s.classes).map(([name, c], index) => {
    const speedByChip = new Float64Array(chips.length);
    for (const [chip, speed] of Object.entries(c.speed)) speedByChip[chipIndex.get(chip) as number] = speed;
    const circle = c.slo?.circle === undefined ? -1 : circles.findIndex((x) => x.name === c.slo?.circle);
    return {
      index,
      name,
      speedByChip,
      chips: c.chips,
      milliCores: Math.ceil(c.cpuCores * 1000 - 1e-6),
      memMiB: gibToMiB(c.memGiB),
      work: c.work,
      meanWork: meanOf(c.work),
      inputGB: c.inputGB,
      outputGB: c.outputGB,
      holdDuringOutput: c.holdDuringOutput,
      circle,
      circleRttMs: circle < 0 ? Infinity : (circles[circle]?.rttMs ?? Infinity),
      deadlineS: c.slo?.deadline ?? Infinity,
      budget: c.budget ?? Infinity,
      bid: c.bid ?? Infinity,
      spot: c.tier === 'spot',
      priority: c.priority,
      preemptible: c.preemptible,
      resumable: c.onPreempt === 'resume',
      estimate: c.estimate,
      coldStartS: c.coldStartS,
    };
  });

  const routes = networkRoutes(s);
  const { rttMs, transferSPerGB, dataFeePerGB } = buildNetwork(s, routes);
  const network: NetworkModel | undefined =
    routes.length === 0
      ? undefined
      : { linkNames: s.network.links.map((l) => l.name), linkGbps: s.network.links.map((l) => l.gbps), routes, sharing: s.network.sharing };
  const market = buildMarketModel(s, pools.map((p) => p.site), mechanism);
  return { chips, regions, sites, pools, classes, circles, rttMs, transferSPerGB, dataFeePerGB, oracle: s.oracle, market, network };
}

/** A pool's price: following demand (starting from an idle pool's ask), on a curve, or fixed. */
function priceOf(p: Scenario['sites'][number]['pools'][number]): Price {
  const d = p.dynamicPricing;
  if (d === undefined) return new PriceFunction(p.pricePerChipHour, p.priceCurve);
  return new DynamicPrice(d.base * curveAt(0, d.utilisation, d.multiplier), lowestAsk(p));
}

/**
 * Per (origin, site): RTT, transfer time per GB and data fee per GB.
 *
 * RTT: as `rttSource` decides (explicit, great-circle distance, or the
 * fixed overhead for a site in the origin region); validation guarantees
 * one applies.
 *
 * Data: input lives at the origin. Moving it to a site in the origin's own
 * region is free and instant unless `bandwidthGbpsByPair` says otherwise;
 * to any other site it takes `inputGB · 8 / bandwidthGbps` seconds and costs
 * the site's (or the network's) fee per GB.
 */
function buildNetwork(s: Scenario, routes: readonly (Route | undefined)[]): { rttMs: Float64Array; transferSPerGB: Float64Array; dataFeePerGB: Float64Array } {
  const n = s.regions.length * s.sites.length;
  const rttMs = new Float64Array(n);
  const transferSPerGB = new Float64Array(n);
  const dataFeePerGB = new Float64Array(n);
  const regionByName = new Map(s.regions.map((r) => [r.name, r]));
  const rttTable = rttTableWithRoutes(s, routes);
  s.regions.forEach((r, ri) => {
    s.sites.forEach((site, si) => {
      const i = ri * s.sites.length + si;
      rttMs[i] = rttMsOf(rttSource(r, site, rttTable, regionByName), s.network);
      const local = site.region === r.name;
      // issue 18: with links, what policies are told per GB is the route's tightest link alone (contention comes on top).
      const route = routes[i];
      const bandwidth =
        routes.length > 0
          ? local || route === undefined || route.links.length === 0
            ? undefined
            : Math.min(...route.links.map((l) => s.network.links[l]?.gbps ?? Infinity))
          : (s.network.bandwidthGbpsByPair[r.name]?.[site.name] ?? (local ? undefined : s.network.bandwidthGbps));
      transferSPerGB[i] = bandwidth === undefined ? 0 : 8 / bandwidth;
      dataFeePerGB[i] = local ? 0 : (site.dataFeePerGB ?? s.network.dataFeePerGB);
    });
  });
  return { rttMs, transferSPerGB, dataFeePerGB };
}
