import fc from 'fast-check';
import { stringify } from 'yaml';
import { policyNames } from '../../../src/policy/registry.js';
import { chipKinds } from '../../../src/scenario/schema.js';
import type { CaseFile, FuzzCase } from '../fuzz-case.js';
import { commandLine, otherPolicy } from './command-lines.js';

/**
 * Valid scenarios, written from the schema's vocabulary: chips of every
 * kind, sites (some generated with `repeat`, one perhaps read from a node
 * list), pools with prices, schedules, price series and failures, classes
 * with every work distribution, SLOs, budgets and estimates, workload
 * entries with every arrival process, explicit jobs, circles, deadlines
 * and every built-in policy. Every stream has a count and every count is
 * small, so that a case runs in well under a second.
 */

/** Index into a list chosen later, so that shrinking keeps references valid. */
const ref = fc.nat({ max: 20 });
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

/** Names that are valid but unusual: unicode, spaces, punctuation. */
const nameStyle = fc.constantFrom('plain', 'plain', 'plain', 'unicode', 'punctuated');
function styled(base: string, style: string): string {
  if (style === 'unicode') return `${base}-北京-ü`;
  if (style === 'punctuated') return `${base} (x.y/z)`;
  return base;
}

const price = fc.constantFrom(0, 0.08, 1.1, 2.4, 7);
const rate = fc.constantFrom(0.01, 0.2, 1, 5, 40);
const duration = fc.constantFrom(0.01, 0.5, 3, 60, 600);

const distributionArb = fc.oneof(
  duration.map((value) => ({ dist: 'constant', value })),
  duration.map((mean) => ({ dist: 'exponential', mean })),
  fc.tuple(duration, fc.constantFrom(0.1, 1, 1.5, 4)).map(([mean, cv]) => ({ dist: 'lognormal', mean, cv })),
  fc.tuple(duration, duration).map(([a, b]) => ({ dist: 'uniform', min: Math.min(a, b), max: Math.max(a, b) })),
  fc.tuple(fc.constantFrom(0.5, 1.5, 2.5), duration, fc.boolean()).map(([alpha, x, byMean]) =>
    byMean && alpha > 1 ? { dist: 'pareto', alpha, mean: x } : { dist: 'pareto', alpha, xm: x },
  ),
  fc.array(duration, { minLength: 1, maxLength: 5 }).map((values) => ({ dist: 'empirical', values })),
  fc.array(duration, { minLength: 1, maxLength: 5 }).map((values) => ({ dist: 'empirical', column: 'seconds', fileValues: values })),
);

const arrivalsArb = fc.oneof(
  rate.map((r) => ({ process: 'poisson', rate: r })),
  fc.tuple(rate, fc.constantFrom(0, 0.5, 1), fc.constantFrom(60, 3600, 86400), fc.constantFrom(0, 100)).map(([r, amplitude, period, peakS]) => ({
    process: 'diurnal',
    rate: r,
    amplitude,
    period,
    peakS,
  })),
  fc
    .array(fc.record({ rate: fc.constantFrom(0, 0.1, 2, 20), meanS: fc.constantFrom(1, 30, 600) }), { minLength: 2, maxLength: 4 })
    .map((states) => ({ process: 'mmpp', states: states.some((s) => s.rate > 0) ? states : [{ ...states[0], rate: 1 }, ...states.slice(1)] })),
);

const poolArb = fc.record({
  chip: ref,
  nodes: fc.integer({ min: 1, max: 6 }),
  chipsPerNode: fc.constantFrom(1, 2, 4, 8),
  cpuCores: fc.constantFrom(0, 16, 64),
  memGiB: fc.constantFrom(0, 64, 512),
  pricePerChipHour: price,
  power: fc.option(fc.record({ idle: fc.constantFrom(0, 50), busy: fc.constantFrom(100, 400) }), { nil: undefined }),
  priceModel: fc.constantFrom('flat', 'flat', 'schedule', 'series'),
  failures: fc.option(fc.record({ mtbfHours: fc.constantFrom(0.05, 1, 50), repairHours: fc.constantFrom(0.01, 0.5, 3) }), { nil: undefined }),
  named: fc.boolean(),
});

const siteArb = fc.record({
  where: fc.constantFrom('region', 'latlon', 'both'),
  region: ref,
  lat: fc.double({ min: 20, max: 45, noNaN: true }),
  lon: fc.double({ min: 90, max: 125, noNaN: true }),
  provider: fc.option(fc.constantFrom('p0', 'p1'), { nil: undefined }),
  dataFeePerGB: fc.option(fc.constantFrom(0, 0.02), { nil: undefined }),
  repeat: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  pools: fc.array(poolArb, { minLength: 1, maxLength: 2 }),
});

const classArb = fc.record({
  speed: fc.array(fc.tuple(ref, fc.constantFrom(0.05, 0.5, 1, 4)), { minLength: 1, maxLength: 3 }),
  chips: fc.constantFrom(0.25, 0.5, 1, 1, 2, 4, 16),
  cpuCores: fc.constantFrom(0, 0, 0.5, 4),
  memGiB: fc.constantFrom(0, 0, 16),
  work: distributionArb,
  inputGB: fc.constantFrom(0, 0, 2),
  circle: fc.option(ref, { nil: undefined }),
  deadline: fc.option(fc.constantFrom(0.5, 30, 3600), { nil: undefined }),
  budget: fc.option(fc.constantFrom(0.001, 1, 100), { nil: undefined }),
  priority: fc.constantFrom(0, 0, 1, 10),
  preemptible: fc.boolean(),
  onPreempt: fc.constantFrom('restart', 'resume'),
  estimate: fc.option(fc.record({ factor: fc.constantFrom(0.5, 1, 2), cv: fc.constantFrom(0, 0.5) }), { nil: undefined }),
});

const workloadArb = fc.record({
  cls: ref,
  origin: fc.oneof(ref.map((r) => ({ one: r })), fc.array(fc.tuple(ref, fc.constantFrom(0.2, 1)), { minLength: 1, maxLength: 2 }).map((w) => ({ weights: w }))),
  arrivals: arrivalsArb,
  count: fc.integer({ min: 1, max: 60 }),
});

const jobArb = fc.record({
  cls: ref,
  origin: ref,
  arrival: fc.constantFrom(0, 0, 1.5, 30, 500),
  chips: fc.option(fc.constantFrom(0.5, 1, 2), { nil: undefined }),
  size: fc.oneof(duration.map((w) => ({ work: w })), fc.array(fc.tuple(ref, duration), { minLength: 1, maxLength: 2 }).map((r) => ({ runtimeS: r }))),
  deadline: fc.option(fc.constantFrom(1, 100), { nil: undefined }),
  budget: fc.option(fc.constantFrom(0.01, 10), { nil: undefined }),
});

const scenarioArb = fc.record({
  seed: fc.nat({ max: 1000 }),
  style: nameStyle,
  chips: fc.array(fc.tuple(fc.constantFrom(...chipKinds), fc.option(fc.constantFrom(16, 80), { nil: undefined })), { minLength: 1, maxLength: 3 }),
  regions: fc.integer({ min: 1, max: 2 }),
  extraCircle: fc.boolean(),
  sites: fc.array(siteArb, { minLength: 1, maxLength: 3 }),
  nodeList: fc.option(fc.array(fc.tuple(ref, fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  network: fc.option(
    fc.record({
      explicitRtt: fc.option(fc.constantFrom(0.5, 3, 40), { nil: undefined }),
      rttFile: fc.boolean(),
      routeFactor: fc.constantFrom(1, 1.5, 3),
      overheadMs: fc.constantFrom(0, 0.2, 5),
      bandwidthGbps: fc.option(fc.constantFrom(1, 100), { nil: undefined }),
      dataFeePerGB: fc.constantFrom(0, 0.05),
    }),
    { nil: undefined },
  ),
  classes: fc.array(classArb, { minLength: 1, maxLength: 3 }),
  workload: fc.array(workloadArb, { minLength: 0, maxLength: 3 }),
  jobs: fc.array(jobArb, { minLength: 0, maxLength: 5 }),
  horizon: fc.option(fc.constantFrom(5, 100, 900, 3000), { nil: undefined }),
  warmupFraction: fc.constantFrom(0, 0, 0.1),
  drain: fc.boolean(),
  oracle: fc.boolean(),
  onNodeFailure: fc.constantFrom('requeue', 'fail'),
  policy: fc.constantFrom(...policyNames()),
  policyOptions: fc.constantFrom('none', 'weights', 'reject'),
  sampleIntervalS: fc.option(fc.constantFrom(1, 50), { nil: undefined }),
  comparePolicy: fc.constantFrom(...policyNames()),
  command: fc.constantFrom('run', 'run', 'validate', 'compare'),
});

type Generated = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** The scenario document and the data files it names. */
export function validScenario(g: Generated): { doc: Record<string, unknown>; files: CaseFile[] } {
  const files: CaseFile[] = [];
  const chipNames = g.chips.map((_, i) => styled(`chip${i}`, i === 0 ? g.style : 'plain'));
  const chips = Object.fromEntries(g.chips.map(([kind, mem], i) => [chipNames[i], mem === undefined ? { kind } : { kind, memGiB: mem }]));
  const regions = Array.from({ length: g.regions }, (_, i) => ({ name: styled(`r${i}`, i === 0 ? g.style : 'plain'), lat: 30 + 5 * i, lon: 110 + 5 * i }));
  const regionNames = regions.map((r) => r.name);
  const circles = g.extraCircle ? { city: 1, region: 5, national: 20, planet: 400 } : undefined;
  const circleNames = circles === undefined ? ['city', 'region', 'national'] : Object.keys(circles);

  const sites: Record<string, unknown>[] = g.sites.map((s, si) => {
    const site: Record<string, unknown> = { name: s.repeat === undefined ? `s${si}` : `s${si}-\${i}` };
    if (s.repeat !== undefined) site.repeat = s.repeat;
    if (s.where !== 'latlon') site.region = pick(regionNames, s.region);
    if (s.where !== 'region') Object.assign(site, { lat: s.lat, lon: s.lon });
    if (s.provider !== undefined) site.provider = s.provider;
    if (s.dataFeePerGB !== undefined) site.dataFeePerGB = s.dataFeePerGB;
    site.pools = s.pools.map((p, pi) => {
      const pool: Record<string, unknown> = {
        chip: pick(chipNames, p.chip),
        nodes: p.nodes,
        chipsPerNode: p.chipsPerNode,
        cpuCores: p.cpuCores,
        memGiB: p.memGiB,
        pricePerChipHour: p.pricePerChipHour,
      };
      if (p.named) pool.name = `s${si}-p${pi}${s.repeat === undefined ? '' : '-${i}'}`;
      if (p.power !== undefined) pool.powerWatts = p.power;
      if (p.priceModel === 'schedule') pool.priceSchedule = { periodS: 600, steps: [{ atS: 0, price: p.pricePerChipHour }, { atS: 300, price: p.pricePerChipHour * 2 }] };
      if (p.priceModel === 'series') {
        const file = `prices-${si}-${pi}.csv`;
        files.push({ path: file, text: `t,price\n0,${p.pricePerChipHour}\n100,${p.pricePerChipHour * 3}\n250,0\n` });
        pool.priceSeries = { file };
      }
      if (p.failures !== undefined) pool.failures = p.failures;
      return pool;
    });
    return site;
  });
  if (g.nodeList !== undefined) {
    const rows = g.nodeList.map(([chip, count], i) => `hub-${i % 2},${pick(chipNames, chip)},${count},2,32,128,0.5,20,200,${regions[0]?.lat ?? 30},${regions[0]?.lon ?? 110}`);
    files.push({ path: 'nodes.csv', text: `# generated\nsite,chip,count,chipsPerNode,cpuCores,memGiB,pricePerChipHour,idleWatts,busyWatts,lat,lon\n${rows.join('\n')}\n` });
    sites.push({ from: { format: 'csv', file: 'nodes.csv' } });
  }

  const classNames = g.classes.map((_, i) => `k${i}`);
  const classes = Object.fromEntries(
    g.classes.map((c, i) => {
      const cls: Record<string, unknown> = {
        speed: Object.fromEntries(c.speed.map(([chip, v]) => [pick(chipNames, chip), v])),
        chips: c.chips,
        cpuCores: c.cpuCores,
        memGiB: c.memGiB,
        work: workOf(c.work, `sizes-${i}.csv`, files),
        inputGB: c.inputGB,
        priority: c.priority,
        preemptible: c.preemptible,
        onPreempt: c.onPreempt,
      };
      const slo: Record<string, unknown> = {};
      if (c.circle !== undefined) slo.circle = pick(circleNames, c.circle);
      if (c.deadline !== undefined) slo.deadline = c.deadline;
      if (Object.keys(slo).length > 0) cls.slo = slo;
      if (c.budget !== undefined) cls.budget = c.budget;
      if (c.estimate !== undefined) cls.estimate = c.estimate;
      return [classNames[i], cls];
    }),
  );

  const workload = g.workload.map((w) => ({
    class: pick(classNames, w.cls),
    origin: 'one' in w.origin ? pick(regionNames, w.origin.one) : Object.fromEntries(w.origin.weights.map(([r, weight]) => [pick(regionNames, r), weight])),
    arrivals: w.arrivals,
    count: w.count,
  }));
  const jobs = g.jobs.map((j, i) => {
    const job: Record<string, unknown> = { id: `j${i}`, class: pick(classNames, j.cls), origin: pick(regionNames, j.origin), arrival: j.arrival };
    if (j.chips !== undefined) job.chips = j.chips;
    if ('work' in j.size) job.work = j.size.work;
    else job.runtimeS = Object.fromEntries(j.size.runtimeS.map(([chip, t]) => [pick(chipNames, chip), t]));
    if (j.deadline !== undefined) job.deadline = j.deadline;
    if (j.budget !== undefined) job.budget = j.budget;
    return job;
  });
  if (workload.length === 0 && jobs.length === 0) jobs.push({ id: 'only', class: classNames[0], origin: regionNames[0], arrival: 0, work: 1 });

  const doc: Record<string, unknown> = { name: styled('valid', g.style), seed: g.seed, chips, regions, sites, classes, workload, jobs, policy: g.policy };
  if (circles !== undefined) doc.circles = circles;
  // Without a horizon, a job far longer than its nodes' MTBF restarts forever and the run never ends (see
  // docs/robustness.md, "Found by the campaign"): a valid scenario with failures has a horizon.
  const failures = g.sites.some((s) => s.pools.some((p) => p.failures !== undefined));
  const horizon = g.horizon ?? (failures ? 900 : undefined);
  if (horizon !== undefined) {
    doc.horizon = horizon;
    doc.warmupS = g.warmupFraction * horizon;
    doc.drain = g.drain && !failures;
  }
  doc.oracle = g.oracle;
  doc.onNodeFailure = g.onNodeFailure;
  if (g.network !== undefined) {
    const n = g.network;
    const network: Record<string, unknown> = { routeFactor: n.routeFactor, overheadMs: n.overheadMs, dataFeePerGB: n.dataFeePerGB };
    const firstSite = g.sites[0]?.repeat === undefined ? 's0' : 's0-0';
    if (n.explicitRtt !== undefined) network.rttMs = { [regionNames[0] as string]: { [firstSite]: n.explicitRtt } };
    if (n.bandwidthGbps !== undefined) network.bandwidthGbps = n.bandwidthGbps;
    if (n.rttFile) {
      files.push({ path: 'rtt.csv', text: `origin,${firstSite}\n${regionNames[0]},${n.explicitRtt ?? 2}\n` });
      network.rttMsFile = 'rtt.csv';
    }
    doc.network = network;
  }
  if (g.policyOptions === 'weights') doc.policyOptions = { weights: { cost: 2, latency: 1, time: 1 } };
  if (g.policyOptions === 'reject') doc.policyOptions = { onNoFit: 'reject' };
  if (g.sampleIntervalS !== undefined) doc.metrics = { sampleIntervalS: g.sampleIntervalS };
  doc.limits = { maxNodes: 5000, maxJobs: 5000 };
  return { doc, files };
}

/** A class's work distribution; an empirical one with values from a file writes that file. */
function workOf(d: Generated['classes'][number]['work'], file: string, files: CaseFile[]): Record<string, unknown> {
  if (!('fileValues' in d)) return d;
  files.push({ path: file, text: `job,seconds\n${d.fileValues.map((v, i) => `j${i},${v}`).join('\n')}\n` });
  return { dist: 'empirical', file, column: d.column };
}

export const validFamily: fc.Arbitrary<FuzzCase> = scenarioArb.map((g) => {
  const { doc, files } = validScenario(g);
  return {
    family: 'valid',
    label: `valid: ${g.sites.length} site(s), ${g.classes.length} class(es), policy ${g.policy}`,
    files: [{ path: 'scenario.yaml', text: stringify(doc) }, ...files],
    library: { scenario: 'scenario.yaml', comparePolicies: [g.policy, otherPolicy(g.policy, g.comparePolicy)] },
    argv: commandLine(g.command, 'scenario.yaml', g.policy, otherPolicy(g.policy, g.comparePolicy)),
  } satisfies FuzzCase;
});

