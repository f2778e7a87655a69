import { checkElastic } from './check-elastic.js';
import { checkNetwork } from './check-network.js';
import { networkRoutes, rttTableWithRoutes } from './network-routes.js';
import { checkEventBudget, meanRate } from './event-budget.js';
import { marketProblems } from './check-market.js';
import { unknownName, type Problem } from './problem.js';
import { rttSource } from './rtt-rule.js';
import type { ExpandedScenarioData, Origin } from './scenario.js';

type Path = (string | number)[];

/** Turns a problem at some place (and a field under it) into a located `Problem`. */
export type Locate = (where: Origin, field: Path, message: string, key?: string) => Problem;

/**
 * Checks what the schema cannot: names that refer to other parts of the
 * file, uniqueness, reachability of every site from every origin, that every
 * arrival stream ends, and the size limits. Returns every problem found,
 * each once; an empty list means the scenario is consistent.
 */
export function checkReferences(s: ExpandedScenarioData, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const at = (path: Path, message: string, key?: string): void => {
    problems.push(locate({ path: [] }, path, message, key));
  };
  const chipNames = Object.keys(s.chips);
  const regionNames = s.regions.map((r) => r.name);
  const siteNames = s.sites.map((site) => site.name);
  const classNames = Object.keys(s.classes);
  const circleNames = Object.keys(s.circles);
  const unknown = unknownName;

  if (chipNames.length === 0) at(['chips'], 'at least one chip must be declared');
  if (classNames.length === 0) at(['classes'], 'at least one job class must be declared');

  duplicates(regionNames).forEach((i) => at(['regions', i, 'name'], `region "${regionNames[i]}" is declared twice`));
  duplicates(siteNames).forEach((i) => {
    const site = s.sites[i];
    if (site !== undefined) problems.push(locate(site.origin, ['name'], `site "${site.name}" is declared twice`));
  });
  s.regions.forEach((r, ri) => {
    if ((r.lat === undefined) !== (r.lon === undefined)) at(['regions', ri], 'give both lat and lon, or neither');
  });

  const poolNames: { name: string; origin: Origin }[] = [];
  for (const site of s.sites) {
    if (site.region !== undefined && !regionNames.includes(site.region)) {
      problems.push(locate(site.origin, ['region'], unknown('region', site.region, regionNames)));
    }
    if ((site.lat === undefined) !== (site.lon === undefined)) problems.push(locate(site.origin, [], 'give both lat and lon, or neither'));
    if (site.region === undefined && site.lat === undefined) problems.push(locate(site.origin, [], 'a site needs a region or lat/lon'));
    for (const pool of site.pools) {
      if (!Object.hasOwn(s.chips, pool.chip)) problems.push(locate(pool.origin, ['chip'], unknown('chip', pool.chip, chipNames)));
      if (pool.name !== undefined) poolNames.push({ name: pool.name, origin: pool.origin });
    }
  }
  duplicates(poolNames.map((p) => p.name)).forEach((i) => {
    const p = poolNames[i];
    if (p !== undefined) problems.push(locate(p.origin, ['name'], `pool name "${p.name}" is used twice`));
  });

  const checkPairTable = (field: string, table: Record<string, Record<string, number>>): void => {
    for (const [origin, row] of Object.entries(table)) {
      if (!regionNames.includes(origin)) at(['network', field], unknown('region', origin, regionNames), origin);
      for (const site of Object.keys(row)) {
        if (!siteNames.includes(site)) at(['network', field, origin], unknown('site', site, siteNames), site);
      }
    }
  };
  checkPairTable('rttMs', s.network.rttMs);
  checkPairTable('bandwidthGbpsByPair', s.network.bandwidthGbpsByPair);

  // Every origin must reach every site (see rttSource for how); one problem per site, naming every origin it cannot tell.
  const regionByName = new Map(s.regions.map((r) => [r.name, r]));
  // issue 18: with links, a routed pair's RTT follows its route; a broken link or route says so itself,
  // rather than through the RTTs it leaves unknown.
  const networkProblems = checkNetwork(s, locate);
  const brokenTopology = networkProblems.some((p) => /^network\.(links\[|routes)/.test(p.path));
  const rttTable = rttTableWithRoutes(s, networkRoutes(s));
  for (const site of brokenTopology ? [] : s.sites) {
    // A site in an unknown region has that problem already; where it is, and so its RTTs, follow once it is fixed.
    if (site.region !== undefined && !regionNames.includes(site.region)) continue;
    const unknownFrom = s.regions.filter((r) => rttSource(r, site, rttTable, regionByName) === undefined).map((r) => r.name);
    if (unknownFrom.length === 0) continue;
    const which = unknownFrom.length === 1 ? `region "${unknownFrom[0]}"` : `regions ${unknownFrom.map((n) => `"${n}"`).join(', ')}`;
    problems.push(
      locate(site.origin, [], `no way to tell the RTT to site "${site.name}" from ${which}: give the site and those regions lat/lon, or entries in network.rttMs`),
    );
  }

  for (const [className, cls] of Object.entries(s.classes)) {
    const speeds = Object.keys(cls.speed);
    if (speeds.length === 0) at(['classes', className, 'speed'], 'list at least one chip that can run this class');
    for (const chip of speeds) {
      if (!Object.hasOwn(s.chips, chip)) at(['classes', className, 'speed'], unknown('chip', chip, chipNames), chip);
    }
    if (cls.work.dist === 'uniform' && cls.work.min > cls.work.max) {
      at(['classes', className, 'work'], `min (${cls.work.min}) must not exceed max (${cls.work.max})`);
    }
    const circle = cls.slo?.circle;
    if (circle !== undefined && !circleNames.includes(circle)) at(['classes', className, 'slo', 'circle'], unknown('circle', circle, circleNames));
  }

  const checkOrigin = (path: Path, origin: string | Record<string, number>): void => {
    if (typeof origin === 'string') {
      if (!regionNames.includes(origin)) at(path, unknown('region', origin, regionNames));
      return;
    }
    const names = Object.keys(origin);
    if (names.length === 0) at(path, 'give at least one origin region with a weight');
    for (const name of names) if (!regionNames.includes(name)) at(path, unknown('region', name, regionNames), name);
  };

  let expectedJobs = s.jobs.length;
  s.workload.forEach((w, wi) => {
    if (!Object.hasOwn(s.classes, w.class)) at(['workload', wi, 'class'], unknown('class', w.class, classNames));
    checkOrigin(['workload', wi, 'origin'], w.origin);
    if ((w.arrivals === undefined) === (w.trace === undefined)) {
      at(['workload', wi], 'give exactly one of arrivals (generate jobs) and trace (read them from a file)');
      return;
    }
    if (w.trace !== undefined) {
      // A trace ends with its file; its length is not known before it is read.
      if (w.trace.format === 'alibaba-pods') {
        for (const [qos, cls] of Object.entries(w.trace.classByQos)) {
          if (!Object.hasOwn(s.classes, cls)) at(['workload', wi, 'trace', 'classByQos'], unknown('class', cls, classNames), qos);
        }
      }
      return;
    }
    if (w.count === undefined && s.horizon === undefined) {
      at(['workload', wi], 'this arrival stream never ends: give it a count, or give the scenario a horizon');
    }
    if (w.arrivals !== undefined) expectedJobs += w.count ?? meanRate(w.arrivals) * (s.horizon ?? 0);
  });
  if (expectedJobs > s.limits.maxJobs) {
    at(
      ['workload'],
      `the scenario would bring about ${Math.round(expectedJobs).toLocaleString('en-US')} jobs; the limit is ${s.limits.maxJobs.toLocaleString('en-US')} (lower rates, counts or the horizon, or raise limits.maxJobs)`,
    );
  }

  const ids = s.jobs.map((j, i) => String(j.id ?? `job-${i}`));
  duplicates(ids).forEach((i) => at(['jobs', i, 'id'], `job id "${ids[i]}" is used twice`));
  s.jobs.forEach((j, ji) => {
    if (!Object.hasOwn(s.classes, j.class)) at(['jobs', ji, 'class'], unknown('class', j.class, classNames));
    checkOrigin(['jobs', ji, 'origin'], j.origin);
    if ((j.work === undefined) === (j.runtimeS === undefined)) at(['jobs', ji], 'give exactly one of work and runtimeS');
    for (const chip of Object.keys(j.runtimeS ?? {})) {
      if (!Object.hasOwn(s.chips, chip)) at(['jobs', ji, 'runtimeS'], unknown('chip', chip, chipNames), chip);
    }
  });

  if (s.workload.length === 0 && s.jobs.length === 0) at([], 'no work: give a workload list, a jobs list, or both');
  if (s.horizon !== undefined && s.warmupS >= s.horizon) at(['warmupS'], `must be below the horizon (${s.horizon})`);
  problems.push(...marketProblems(s, locate));
  problems.push(...checkElastic(s, locate));
  problems.push(...networkProblems); // issue 18
  problems.push(...checkEventBudget(s, locate));
  return problems;
}

/** Indices of entries equal to an earlier entry. */
function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  values.forEach((v, i) => {
    if (seen.has(v)) out.push(i);
    seen.add(v);
  });
  return out;
}
