import type { Locate } from './check-references.js';
import { lowestAsk, marketWarnings } from './check-market.js';
import type { Problem } from './problem.js';
import { poolNodes } from './pool-nodes.js';
import { rttMsOf, rttSource } from './rtt-rule.js';
import { networkRoutes, rttTableWithRoutes } from './network-routes.js';
import type { ClassSpec, ExpandedScenarioData, PoolSpec, SiteSpec } from './scenario.js';
import { leastOf, meanOf } from './work-size.js';

type Region = ExpandedScenarioData['regions'][number];

/** A pool with what the warnings need of its site. */
interface PoolAt {
  pool: PoolSpec;
  site: SiteSpec;
  name: string;
}

/** What a job asks of a node, in the scenario's units. */
interface Shape {
  chips: number;
  cpuCores: number;
  memGiB: number;
}

/**
 * What `run` would find out only as jobs arrive, said before it starts:
 * classes that no pool can ever run, origins whose latency circle holds no
 * pool that can run their class (and the share of the entry's jobs that
 * will be rejected), deadlines shorter than the fastest run, and budgets
 * below the cheapest placement. Each is located where the user can fix it.
 *
 * The rules are the built-in filters' (a chip the class lists, nodes big
 * enough, inside the circle, within budget at the lowest price), applied to
 * a job of the class's mean size; explicit jobs are judged one by one.
 */
export function staticWarnings(s: ExpandedScenarioData, locate: Locate): Problem[] {
  const warnings: Problem[] = [];
  const at = (path: (string | number)[], message: string): void => {
    warnings.push(locate({ path: [] }, path, message));
  };
  const pools: PoolAt[] = s.sites.flatMap((site) => {
    const seen = new Map<string, number>();
    return site.pools.map((pool) => {
      const base = pool.name ?? `${site.name}/${pool.chip}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return { pool, site, name: n === 1 ? base : `${base}#${n}` };
    });
  });
  const regionByName = new Map(s.regions.map((r) => [r.name, r]));
  const rttTable = rttTableWithRoutes(s, networkRoutes(s)); // issue 18
  const rttMs = (region: Region, site: SiteSpec): number => rttMsOf(rttSource(region, site, rttTable, regionByName), s.network);
  const classOf = (name: string): ClassSpec | undefined => (Object.hasOwn(s.classes, name) ? s.classes[name] : undefined);
  const speedOn = (cls: ClassSpec, chip: string): number => (Object.hasOwn(cls.speed, chip) ? (cls.speed[chip] as number) : 0);

  // Classes as generated entries use them: the class's own shape and speeds.
  const generated = new Set(s.workload.filter((w) => w.arrivals !== undefined).map((w) => w.class));
  const unrunnable = new Set<string>();
  for (const [name, cls] of Object.entries(s.classes)) {
    if (!generated.has(name)) continue;
    const listed = pools.filter((p) => speedOn(cls, p.pool.chip) > 0);
    const capable = listed.filter((p) => holds(p.pool, cls));
    if (capable.length > 0) {
      const deadline = cls.slo?.deadline;
      if (deadline !== undefined) warnDeadline(cls, capable, deadline, ['classes', name, 'slo', 'deadline']);
      if (cls.budget !== undefined) warnBudget(cls, capable, cls.budget, ['classes', name, 'budget']);
      continue;
    }
    unrunnable.add(name);
    const chips = Object.keys(cls.speed).join(', ');
    const why =
      listed.length === 0
        ? `no pool has a chip it lists (${chips})`
        : `the pools with a chip it lists have nodes too small for ${describeShape(cls)}`;
    at(['classes', name], `no pool can ever run this class: ${why}; every job of it will be rejected`);
  }

  s.workload.forEach((w, wi) => {
    const cls = classOf(w.class);
    const circle = cls?.slo?.circle;
    if (w.arrivals === undefined || cls === undefined || circle === undefined || unrunnable.has(w.class)) return;
    const ceilingMs = Object.hasOwn(s.circles, circle) ? (s.circles[circle] as number) : Infinity;
    const capable = pools.filter((p) => speedOn(cls, p.pool.chip) > 0 && holds(p.pool, cls));
    const weights: [string, number][] = typeof w.origin === 'string' ? [[w.origin, 1]] : Object.entries(w.origin);
    const total = weights.reduce((n, [, wt]) => n + wt, 0);
    const cut = weights.filter(([origin]) => {
      const region = regionByName.get(origin);
      return region !== undefined && !capable.some((p) => rttMs(region, p.site) <= ceilingMs);
    });
    if (cut.length === 0) return;
    const share = cut.reduce((n, [, wt]) => n + wt, 0) / total;
    const from = cut.length === 1 ? `region "${cut[0]?.[0]}"` : `regions ${cut.map(([o]) => `"${o}"`).join(', ')}`;
    at(
      ['workload', wi, 'origin'],
      `no pool that can run class "${w.class}" is within circle ${circle} (${ceilingMs} ms) of ${from}: ${percent(share)} of this entry's jobs will be rejected`,
    );
  });

  warnListedJobs();
  warnSharedIds();
  warnings.push(...marketWarnings(s, locate));
  // issue 18: outputs travel over shared links only; without them the field would silently do nothing.
  if (s.network.links.length === 0) {
    for (const [name, cls] of Object.entries(s.classes)) {
      if (cls.outputGB > 0) at(['classes', name, 'outputGB'], 'outputs move back only over a shared network: without network.links this class\'s output is not modelled (its jobs complete when they finish computing)');
    }
  }
  return warnings;

  function warnDeadline(cls: ClassSpec, capable: readonly PoolAt[], deadline: number, path: (string | number)[]): void {
    const fastest = bestOf(capable, (p) => meanOf(cls.work) / speedOn(cls, p.pool.chip));
    if (fastest === undefined || fastest.value <= deadline) return;
    const least = leastOf(cls.work) / speedOn(cls, fastest.pool.pool.chip);
    const who = least > deadline ? 'every job of this class misses it' : 'jobs of mean size and larger miss it';
    at(path, `${deadline} s is shorter than the run of a job of mean size on the fastest chip that can run it (${round(fastest.value)} s in pool ${fastest.pool.name}): ${who}`);
  }

  function warnBudget(cls: ClassSpec, capable: readonly PoolAt[], budget: number, path: (string | number)[]): void {
    const estimate = meanOf(cls.work) * (s.oracle ? 1 : (cls.estimate?.factor ?? 1));
    const cheapest = bestOf(capable, (p) => cheapestCost(p, cls, estimate / speedOn(cls, p.pool.chip), cls.inputGB));
    if (cheapest === undefined || cheapest.value <= budget) return;
    at(path, `${budget} is below the cheapest placement of a job of mean size (${round(cheapest.value)} in pool ${cheapest.pool.name}, at its lowest price): such jobs are rejected as over budget`);
  }

  /**
   * Ids two jobs may share in the per-job rows and `--explain`. A job
   * generated from a workload entry is known by its place in arrival order
   * (0, 1, 2, …), an SWF log's job by its job number (from 1), an Alibaba
   * pod by its name. So ids can meet between generated jobs and a listed
   * job whose id is a whole number or an SWF log's jobs; without generated
   * jobs, between two SWF logs, or one and such a listed job; and between
   * two replays of one Alibaba pod list.
   */
  function warnSharedIds(): void {
    const generated = s.workload.some((w) => w.arrivals !== undefined);
    const logs = s.workload.flatMap((w, wi) => (w.trace?.format === 'swf' ? [wi] : []));
    const numeric = s.jobs.flatMap((j, ji) => (j.id !== undefined && /^\d+$/.test(String(j.id)) ? [ji] : []));
    const shared = 'two jobs may share an id in the per-job rows and --explain';
    // What the whole-number ids meet: generated jobs, else the first SWF log.
    const firstLog = logs[0];
    const why = generated
      ? `jobs generated from the workload are known by their place in arrival order (0, 1, 2, …), so ${shared}`
      : firstLog === undefined
        ? undefined
        : `the SWF log at workload[${firstLog}] keeps its job numbers as ids, so ${shared}`;
    const first = numeric[0];
    if (first !== undefined && why !== undefined) {
      const id = String(s.jobs[first]?.id);
      at(['jobs', first, 'id'], numeric.length === 1 ? `id ${id} is a whole number, and ${why}: give this job a name` : `${numeric.length} listed jobs (the first here) have whole-number ids, and ${why}: give them names`);
    }
    for (const wi of logs) {
      if (generated) at(['workload', wi, 'trace'], `the log's jobs keep their job numbers as ids, and ${why}`);
      else if (wi !== firstLog) at(['workload', wi, 'trace'], `the log's jobs keep their job numbers as ids, as do those of the log at workload[${firstLog}] (both count from 1), so ${shared}`);
    }
    const podLists = new Map<string, number>();
    s.workload.forEach((w, wi) => {
      if (w.trace?.format !== 'alibaba-pods') return;
      const earlier = podLists.get(w.trace.file);
      if (earlier === undefined) podLists.set(w.trace.file, wi);
      else at(['workload', wi, 'trace', 'file'], `the pods keep their names as ids, and workload[${earlier}] replays the same file, so every pod's id is shared in the per-job rows and --explain`);
    });
  }

  /** Explicit jobs, judged one by one, and told in one warning per kind: the count, located at the first. */
  function warnListedJobs(): void {
    const late: number[] = [];
    const poor: number[] = [];
    const never: number[] = [];
    s.jobs.forEach((j, ji) => {
      const cls = classOf(j.class);
      if (cls === undefined) return;
      const runtimeOn = (chip: string): number => {
        if (j.runtimeS !== undefined) return Object.hasOwn(j.runtimeS, chip) ? (j.runtimeS[chip] as number) : NaN;
        const speed = speedOn(cls, chip);
        return speed > 0 ? (j.work ?? 0) / speed : NaN;
      };
      const shape = { ...cls, chips: j.chips ?? cls.chips };
      const capable = pools.filter((p) => !Number.isNaN(runtimeOn(p.pool.chip)) && holds(p.pool, shape));
      if (capable.length === 0) {
        never.push(ji);
        return;
      }
      const deadline = j.deadline ?? cls.slo?.deadline;
      if (deadline !== undefined && (bestOf(capable, (p) => runtimeOn(p.pool.chip))?.value ?? 0) > deadline) late.push(ji);
      const budget = j.budget ?? cls.budget;
      const inputGB = j.inputGB ?? cls.inputGB;
      if (budget !== undefined && (bestOf(capable, (p) => cheapestCost(p, shape, runtimeOn(p.pool.chip), inputGB))?.value ?? 0) > budget) poor.push(ji);
    });
    const tell = (jobs: readonly number[], one: string, many: string): void => {
      const first = jobs[0];
      if (first === undefined) return;
      at(['jobs', first], jobs.length === 1 ? `this listed job ${one}` : `${jobs.length} listed jobs (the first here) ${many}`);
    };
    tell(never, 'can run on no pool (no chip it can run on has nodes big enough): it will be rejected', 'can run on no pool (no chip they can run on has nodes big enough): they will be rejected');
    tell(late, 'cannot meet its deadline: its fastest possible run is longer', 'cannot meet their deadlines: their fastest possible runs are longer');
    tell(poor, 'cannot stay within its budget: its cheapest placement costs more', 'cannot stay within their budgets: their cheapest placements cost more');
  }

  /** The least cost of running `runS` seconds on the pool, from whichever origin is cheapest: the lowest price, the cheapest transfer. */
  function cheapestCost(p: PoolAt, shape: Shape, runS: number, inputGB: number): number {
    let least = Infinity;
    for (const region of s.regions) {
      const local = p.site.region === region.name;
      const pair = Object.hasOwn(s.network.bandwidthGbpsByPair, region.name) ? s.network.bandwidthGbpsByPair[region.name] : undefined;
      const bandwidth = pair !== undefined && Object.hasOwn(pair, p.site.name) ? pair[p.site.name] : local ? undefined : s.network.bandwidthGbps;
      const transferS = bandwidth === undefined || inputGB === 0 ? 0 : (inputGB * 8) / bandwidth;
      const fee = local ? 0 : inputGB * (p.site.dataFeePerGB ?? s.network.dataFeePerGB);
      least = Math.min(least, (heldChips(p.pool, shape.chips) * lowestAsk(p.pool) * (transferS + runS)) / 3600 + fee);
    }
    return least;
  }
}

/**
 * Whether a pool's nodes could ever hold a job of this shape, with every
 * node free: a gang larger than a node takes whole nodes (and so their
 * cores and memory); otherwise one node must have the chips, cores and
 * memory (where the pool tracks them).
 */
function holds(pool: PoolSpec, shape: Shape): boolean {
  if (shape.chips > pool.chipsPerNode) return Math.ceil(shape.chips / pool.chipsPerNode) <= poolNodes(pool);
  return (pool.cpuCores === 0 || shape.cpuCores <= pool.cpuCores) && (pool.memGiB === 0 || shape.memGiB <= pool.memGiB);
}

/** Chips a job holds in the pool: its request, or whole nodes for a gang. */
function heldChips(pool: PoolSpec, chips: number): number {
  return chips > pool.chipsPerNode ? Math.ceil(chips / pool.chipsPerNode) * pool.chipsPerNode : chips;
}


function describeShape(shape: Shape): string {
  const parts = [`${shape.chips} chip${shape.chips === 1 ? '' : 's'}`];
  if (shape.cpuCores > 0) parts.push(`${shape.cpuCores} cores`);
  if (shape.memGiB > 0) parts.push(`${shape.memGiB} GiB`);
  return `a job of ${parts.join(', ')}`;
}

function bestOf(pools: readonly PoolAt[], value: (p: PoolAt) => number): { pool: PoolAt; value: number } | undefined {
  let best: { pool: PoolAt; value: number } | undefined;
  for (const p of pools) {
    const v = value(p);
    if (best === undefined || v < best.value) best = { pool: p, value: v };
  }
  return best;
}

function percent(share: number): string {
  const pct = share * 100;
  return `${Number.isInteger(pct) ? pct : pct.toFixed(1)}%`;
}

function round(v: number): string {
  return Number(v.toPrecision(3)).toString();
}
