import type { ScenarioData } from './schema.js';

/** A problem found in structurally valid data, located by its data path. */
export interface ReferenceProblem {
  path: (string | number)[];
  message: string;
  /** When set, the problem is about this key of the map at `path`. */
  key?: string;
}

/**
 * Checks what the schema cannot: names that refer to other parts of the
 * file, uniqueness, and that every arrival stream ends. Returns every
 * problem found; an empty list means the scenario is consistent.
 */
export function checkReferences(s: ScenarioData): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const chipNames = Object.keys(s.chips);
  const regionNames = s.regions.map((r) => r.name);
  const siteNames = s.sites.map((site) => site.name);
  const classNames = Object.keys(s.classes);

  const unknown = (what: string, value: string, known: readonly string[]): string =>
    `unknown ${what} "${value}" — known: ${known.length > 0 ? known.join(', ') : '(none)'}`;

  if (chipNames.length === 0) problems.push({ path: ['chips'], message: 'at least one chip must be declared' });
  if (classNames.length === 0) problems.push({ path: ['classes'], message: 'at least one job class must be declared' });

  duplicates(regionNames).forEach((i) =>
    problems.push({ path: ['regions', i, 'name'], message: `region "${regionNames[i]}" is declared twice` }),
  );
  duplicates(siteNames).forEach((i) =>
    problems.push({ path: ['sites', i, 'name'], message: `site "${siteNames[i]}" is declared twice` }),
  );

  s.sites.forEach((site, si) => {
    if (site.region !== undefined && !regionNames.includes(site.region)) {
      problems.push({ path: ['sites', si, 'region'], message: unknown('region', site.region, regionNames) });
    }
    if ((site.lat === undefined) !== (site.lon === undefined)) {
      problems.push({ path: ['sites', si], message: 'give both lat and lon, or neither' });
    }
    if (site.region === undefined && site.lat === undefined) {
      problems.push({ path: ['sites', si], message: 'a site needs a region or lat/lon' });
    }
    site.pools.forEach((pool, pi) => {
      if (!(pool.chip in s.chips)) {
        problems.push({ path: ['sites', si, 'pools', pi, 'chip'], message: unknown('chip', pool.chip, chipNames) });
      }
    });
  });
  const poolNames = s.sites.flatMap((site) => site.pools.map((p) => p.name).filter((n) => n !== undefined));
  duplicates(poolNames).forEach((i) => problems.push({ path: ['sites'], message: `pool name "${poolNames[i]}" is used twice` }));

  s.regions.forEach((r, ri) => {
    if ((r.lat === undefined) !== (r.lon === undefined)) {
      problems.push({ path: ['regions', ri], message: 'give both lat and lon, or neither' });
    }
  });

  for (const [origin, row] of Object.entries(s.network.rttMs)) {
    if (!regionNames.includes(origin)) {
      problems.push({ path: ['network', 'rttMs'], key: origin, message: unknown('region', origin, regionNames) });
    }
    for (const site of Object.keys(row)) {
      if (!siteNames.includes(site)) {
        problems.push({ path: ['network', 'rttMs', origin], key: site, message: unknown('site', site, siteNames) });
      }
    }
  }

  // Every origin must reach every site: an explicit RTT, coordinates at both
  // ends, or the site standing in the origin region itself.
  const located = (lat: number | undefined): boolean => lat !== undefined;
  const regionByName = new Map(s.regions.map((r) => [r.name, r]));
  for (const r of s.regions) {
    s.sites.forEach((site, si) => {
      if (s.network.rttMs[r.name]?.[site.name] !== undefined) return;
      if (site.region === r.name) return;
      const siteLat = site.lat ?? (site.region === undefined ? undefined : regionByName.get(site.region)?.lat);
      if (located(siteLat) && located(r.lat)) return;
      problems.push({
        path: ['sites', si],
        message: `no way to tell the RTT from region "${r.name}" to site "${site.name}": give both lat/lon, or network.rttMs.${r.name}.${site.name}`,
      });
    });
  }

  for (const [className, cls] of Object.entries(s.classes)) {
    const speeds = Object.keys(cls.speed);
    if (speeds.length === 0) {
      problems.push({ path: ['classes', className, 'speed'], message: 'list at least one chip that can run this class' });
    }
    for (const chip of speeds) {
      if (!(chip in s.chips)) {
        problems.push({ path: ['classes', className, 'speed'], key: chip, message: unknown('chip', chip, chipNames) });
      }
    }
    if (cls.work.dist === 'uniform' && cls.work.min > cls.work.max) {
      problems.push({ path: ['classes', className, 'work'], message: `min (${cls.work.min}) must not exceed max (${cls.work.max})` });
    }
  }

  const checkOrigin = (path: (string | number)[], origin: string | Record<string, number>): void => {
    if (typeof origin === 'string') {
      if (!regionNames.includes(origin)) problems.push({ path, message: unknown('region', origin, regionNames) });
      return;
    }
    const names = Object.keys(origin);
    if (names.length === 0) problems.push({ path, message: 'give at least one origin region with a weight' });
    for (const name of names) {
      if (!regionNames.includes(name)) problems.push({ path, key: name, message: unknown('region', name, regionNames) });
    }
  };

  s.workload.forEach((w, wi) => {
    if (!(w.class in s.classes)) {
      problems.push({ path: ['workload', wi, 'class'], message: unknown('class', w.class, classNames) });
    }
    checkOrigin(['workload', wi, 'origin'], w.origin);
    if (w.count === undefined && s.horizon === undefined) {
      problems.push({
        path: ['workload', wi],
        message: 'this arrival stream never ends: give it a count, or give the scenario a horizon',
      });
    }
  });

  const ids = s.jobs.map((j, i) => String(j.id ?? `#${i}`));
  duplicates(ids).forEach((i) => problems.push({ path: ['jobs', i, 'id'], message: `job id "${ids[i]}" is used twice` }));
  s.jobs.forEach((j, ji) => {
    if (!(j.class in s.classes)) problems.push({ path: ['jobs', ji, 'class'], message: unknown('class', j.class, classNames) });
    checkOrigin(['jobs', ji, 'origin'], j.origin);
  });

  if (s.workload.length === 0 && s.jobs.length === 0) {
    problems.push({ path: [], message: 'no work: give a workload list, a jobs list, or both' });
  }
  if (s.horizon !== undefined && s.warmupS >= s.horizon) {
    problems.push({ path: ['warmupS'], message: `must be below the horizon (${s.horizon})` });
  }
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
