import type { Scenario } from '../scenario/parse-scenario.js';
import type { ChipKind, Distribution } from '../scenario/schema.js';
import { greatCircleKm, rttFromKm } from './network.js';

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
  /** Round-trip time in ms, indexed `origin * sites.length + site`. */
  readonly rttMs: Float64Array;
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
  readonly coresPerNode: number;
  readonly memMiBPerNode: number;
  readonly pricePerChipHour: number;
  readonly idleWattsPerChip: number;
  readonly busyWattsPerChip: number;
}

export interface ClassModel {
  readonly index: number;
  readonly name: string;
  /** Relative speed per chip index; 0 means the chip cannot run the class. */
  readonly speedByChip: Float64Array;
  /** Chips per job as written: an integer >= 1 or a fraction in (0, 1). */
  readonly chips: number;
  readonly cpuCores: number;
  readonly memMiB: number;
  readonly work: Distribution;
}

/** Chips as written → thousandths of a chip, the unit capacity is tracked in. */
export function chipsToMilli(chips: number): number {
  return Math.round(chips * 1000);
}

/** GiB → whole MiB, rounded up so that a demand is never understated. */
export function gibToMiB(gib: number): number {
  return Math.ceil(gib * 1024 - 1e-9);
}

export function buildClusterModel(s: Scenario): ClusterModel {
  const chipNames = Object.keys(s.chips);
  const chips: ChipModel[] = chipNames.map((name, index) => ({ index, name, kind: (s.chips[name] as { kind: ChipKind }).kind }));
  const chipIndex = new Map(chipNames.map((n, i) => [n, i]));
  const regions: RegionModel[] = s.regions.map((r, index) => ({ index, name: r.name }));
  const sites: SiteModel[] = s.sites.map((site, index) => ({ index, name: site.name, provider: site.provider ?? 'default' }));

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
        nodes: p.nodes,
        chipsPerNode: p.chipsPerNode,
        milliPerNode: p.chipsPerNode * 1000,
        coresPerNode: Math.round(p.cpuCores),
        memMiBPerNode: gibToMiB(p.memGiB),
        pricePerChipHour: p.pricePerChipHour,
        idleWattsPerChip: p.powerWatts.idle,
        busyWattsPerChip: p.powerWatts.busy,
      });
    }
  });

  const classes: ClassModel[] = Object.entries(s.classes).map(([name, c], index) => {
    const speedByChip = new Float64Array(chips.length);
    for (const [chip, speed] of Object.entries(c.speed)) speedByChip[chipIndex.get(chip) as number] = speed;
    return { index, name, speedByChip, chips: c.chips, cpuCores: c.cpuCores, memMiB: gibToMiB(c.memGiB), work: c.work };
  });

  return { chips, regions, sites, pools, classes, rttMs: buildRttTable(s) };
}

/**
 * RTT from every origin region to every site: the explicit table where it
 * has an entry; else great-circle distance when both ends have coordinates
 * (a site without its own takes its region's); else, for a site inside the
 * origin region itself, just the fixed overhead. Validation guarantees one
 * of these applies.
 */
function buildRttTable(s: Scenario): Float64Array {
  const table = new Float64Array(s.regions.length * s.sites.length);
  const regionByName = new Map(s.regions.map((r) => [r.name, r]));
  s.regions.forEach((r, ri) => {
    s.sites.forEach((site, si) => {
      const explicit = s.network.rttMs[r.name]?.[site.name];
      let rtt: number;
      if (explicit !== undefined) {
        rtt = explicit;
      } else {
        const home = site.region === undefined ? undefined : regionByName.get(site.region);
        const lat = site.lat ?? home?.lat;
        const lon = site.lon ?? home?.lon;
        if (lat !== undefined && lon !== undefined && r.lat !== undefined && r.lon !== undefined) {
          rtt = rttFromKm(greatCircleKm(r.lat, r.lon, lat, lon), s.network);
        } else {
          rtt = s.network.overheadMs;
        }
      }
      table[ri * s.sites.length + si] = rtt;
    });
  });
  return table;
}
