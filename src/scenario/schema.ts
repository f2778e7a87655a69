import * as z from 'zod';
import { nameProblem } from './data-shape.js';
import { elasticBlock } from './elastic-schema.js';
import { periodicSteps } from './periodic-steps.js';
import { boundedNumber, bounds } from './field-bounds.js';
import { valueRules } from './value-rules.js';

/**
 * The scenario file, version 1, as a zod schema. This is the structural
 * check; cross-references (a pool's chip exists, a class's origin is a known
 * region, ...) are checked afterwards in `check-references.ts`, with every
 * problem collected before failing.
 *
 * Objects are strict: a misspelt key is an error, never silently ignored.
 * Descriptions here become the JSON Schema that editors use (`manychip schema`).
 */

export const chipKinds = ['cpu', 'gpu', 'asic', 'npu', 'fpga'] as const;
export type ChipKind = (typeof chipKinds)[number];

export const tiers = ['on-demand', 'spot'] as const;
export type Tier = (typeof tiers)[number];

export const traceFormats = ['swf', 'alibaba-pods'] as const;

export const mechanisms = ['posted', 'call', 'continuous'] as const;
export type Mechanism = (typeof mechanisms)[number];

export const defaultCircles = { city: 1, region: 5, national: 20 } as const;

/**
 * Builds the zod schema. Building it is a real part of a command's start
 * (zod makes a few objects per field and per check, and nearly all of
 * them outlive the young generation: with zod's parse, about 20 ms of a
 * `run` from the command line, BENCHMARKS.md), and a valid scenario does
 * not need it: the schema's plan (scenario-plan.ts) checks such a scenario
 * and fills in its defaults, with the same result. So it is built on first
 * use: to word the problems of a scenario that fails the plan, for the
 * JSON Schema, and for a sweep's paths.
 */
function buildScenarioSchema() {
  const name = z
    .string()
    .min(1, 'must not be empty')
    .refine(valueRules.name, { error: (issue) => nameProblem(String(issue.input)) });
  /** Numbers by what they measure; each kind has one bound (field-bounds.ts), whatever file it comes from. */
  const durationS = boundedNumber(bounds.durationS);
  const timeS = boundedNumber(bounds.timeS);
  const price = boundedNumber(bounds.price);
  const ratio = boundedNumber(bounds.ratio);
  const filePath = z.string().min(1, 'must not be empty').describe('path, relative to the scenario file');

  const chip = z.strictObject({
    kind: z.enum(chipKinds).describe('what kind of chip this is'),
    memGiB: boundedNumber(bounds.chipMemGiB).optional().describe('memory per chip, GiB (informational)'),
  });

  const latitude = boundedNumber(bounds.latitude);
  const longitude = boundedNumber(bounds.longitude);

  const region = z.strictObject({
    name,
    lat: latitude.optional(),
    lon: longitude.optional(),
  });

  const powerWatts = z.strictObject({
    idle: boundedNumber(bounds.watts).describe('watts per chip when idle'),
    busy: boundedNumber(bounds.watts).describe('watts per chip when fully allocated; a share draws in proportion'),
  });

  const failures = z.strictObject({
    mtbfHours: boundedNumber(bounds.hours).describe('mean time between failures of one node, hours (exponential)'),
    repairHours: boundedNumber(bounds.hours).describe('mean time to repair a failed node, hours (exponential)'),
  });

  /** A periodic price: steps within a period that repeats, such as peak and off-peak hours of a day. */
  const priceSchedule = periodicSteps('price', price.describe('price per chip-hour from then on'), 'price');

  /** A price series read from a CSV file with columns `t` (seconds) and `price`; the last price holds afterwards. */
  const priceSeries = z.strictObject({
    file: filePath,
    timeColumn: name.default('t'),
    priceColumn: name.default('price'),
  });

  /** A point of a dynamic price's curve: at this utilisation, the price is the base times this multiplier. */
  const curvePoint = z
    .tuple([boundedNumber(bounds.fraction).describe('utilisation, 0 to 1'), boundedNumber(bounds.priceMultiplier).describe('multiplier of the base price')])
    .describe('[utilisation, multiplier]');

  /** A price that follows demand: base × a piecewise-linear curve of the utilisation, re-evaluated every intervalS. */
  const dynamicPricing = z.strictObject({
    base: price.optional().describe('price per chip-hour at multiplier 1; default the pool’s pricePerChipHour'),
    curve: z
      .array(curvePoint)
      .min(1, 'give at least one [utilisation, multiplier] point')
      .describe('points sorted by utilisation; linear between them, flat before the first and after the last'),
    intervalS: boundedNumber(bounds.periodS).default(300).describe('seconds between evaluations; each change of price is an event'),
    of: z.enum(['pool', 'provider']).default('pool').describe('whose utilisation drives the price: the pool’s, or its provider’s over all its pools'),
  });

  const pricing = z.strictObject({
    dynamic: dynamicPricing.describe('the ask follows utilisation (see docs/market.md)'),
  });
  const constantDist = z.strictObject({ dist: z.literal('constant'), value: timeS });
  const exponentialDist = z.strictObject({ dist: z.literal('exponential'), mean: durationS });
  const lognormalDist = z.strictObject({ dist: z.literal('lognormal'), mean: durationS, cv: boundedNumber(bounds.positiveCv) });
  const uniformDist = z.strictObject({ dist: z.literal('uniform'), min: timeS, max: timeS });
  const paretoDist = z.strictObject({
    dist: z.literal('pareto'),
    alpha: boundedNumber(bounds.paretoAlpha).describe('shape; the mean is finite only above 1'),
    xm: durationS.optional().describe('scale (the minimum value)'),
    mean: durationS.optional().describe('mean instead of xm (needs alpha > 1)'),
  });
  const empiricalDist = z.strictObject({
    dist: z.literal('empirical'),
    values: z.array(timeS).min(1).optional().describe('values drawn uniformly at random'),
    file: filePath.optional().describe('CSV file to read the values from'),
    column: name.optional().describe('column of the CSV file'),
  });

  const distribution = z.discriminatedUnion('dist', [
    constantDist,
    exponentialDist,
    lognormalDist,
    uniformDist,
    paretoDist,
    empiricalDist,
  ]);

  const pool = z.strictObject({
    name: name.optional().describe('defaults to <site>/<chip> (with #2, #3, ... for repeats)'),
    chip: name,
    nodes: boundedNumber(bounds.nodeCount).describe('nodes of the pool; for an elastic pool, how many are on at the start (may be 0)'),
    chipsPerNode: boundedNumber(bounds.chipsPerNode).default(1),
    cpuCores: boundedNumber(bounds.cores).default(0).describe('CPU cores per node; 0 means cores are not tracked'),
    memGiB: boundedNumber(bounds.memGiB).default(0).describe('memory per node, GiB; 0 means memory is not tracked'),
    pricePerChipHour: price.default(0),
    priceSchedule: priceSchedule.optional().describe('periodic price per chip-hour, overriding pricePerChipHour'),
    priceSeries: priceSeries.optional().describe('price per chip-hour over time from a CSV file, overriding pricePerChipHour'),
    pricing: pricing.optional().describe('a price that follows demand, overriding pricePerChipHour (and the provider’s pricing)'),
    powerWatts: powerWatts.default({ idle: 0, busy: 0 }),
    failures: failures.optional(),
    elastic: elasticBlock(distribution)
      .optional()
      .describe('capacity that grows and shrinks: nodes boot when wanted and power off when idle (docs/scenario.md, "Elastic pools")'),
  });

  const siteFromFile = z.strictObject({
    format: z
      .enum(['csv', 'alibaba-nodes'])
      .describe('csv: one row per node, or per group of nodes with a `count` column; alibaba-nodes: an Alibaba GPU 2023 node list, as one site'),
    file: filePath,
    site: name.optional().describe('alibaba-nodes: the site’s name (default alibaba)'),
    region: name.optional().describe('alibaba-nodes: the site’s region'),
    cpuChip: name.optional().describe('alibaba-nodes: chip name for nodes without GPUs (default cpu)'),
    prices: z.record(z.string(), price).optional().describe('alibaba-nodes: price per chip-hour by GPU model'),
  });

  /**
   * A site, or (with `from`) a group of sites and pools read from a node-list
   * file. One object shape rather than a union, so that a mistake in either
   * form gets a precise message; which fields the two forms need is checked
   * in `expand-scenario.ts`.
   */
  const site = z.strictObject({
    from: siteFromFile.optional().describe('read sites and pools from a node-list file instead of writing them here'),
    name: name.optional().describe('with `repeat`, `${i}` in the name (and in region, provider and pool names) becomes 0, 1, 2, ...'),
    repeat: boundedNumber(bounds.nodes).optional().describe('generate this many copies of the site'),
    region: name.optional(),
    lat: latitude.optional(),
    lon: longitude.optional(),
    provider: name.optional(),
    dataFeePerGB: price.optional().describe('fee per GB of input data moved here from another region; overrides network.dataFeePerGB'),
    pools: z.array(pool).min(1, 'a site needs at least one pool').optional(),
    policy: name.optional().describe('with a `brain`: the policy that schedules this site’s pools (a built-in name or a module path); default the scenario’s `policy`'),
    policyOptions: z.record(z.string(), z.unknown()).optional().describe('with a `brain`: options of this site’s policy; default the scenario’s `policyOptions`'),
  });

  const pairTable = (value: z.ZodNumber): z.ZodRecord<z.ZodString, z.ZodRecord<z.ZodString, z.ZodNumber>> => z.record(z.string(), z.record(z.string(), value));

  const networkLink = z.strictObject({
    name: name.describe('the link’s name, for routes and results'),
    a: name.describe('one end: a region or a site'),
    b: name.describe('the other end: a region or a site'),
    gbps: boundedNumber(bounds.bandwidthGbps).describe('capacity in Gbit/s, shared by the transfers crossing it'),
    latencyMs: boundedNumber(bounds.rttMs).default(0).describe('one-way latency in ms'),
  });

  const network = z.strictObject({
    rttMs: pairTable(boundedNumber(bounds.rttMs)).default({}).describe('explicit round-trip times: origin region → site → ms'),
    rttMsFile: filePath.optional().describe('CSV matrix of RTTs: first column the origin region, a column per site'),
    routeFactor: boundedNumber(bounds.routeFactor).default(1.5).describe('fibre route length over great-circle distance'),
    overheadMs: boundedNumber(bounds.rttMs).default(0.2).describe('fixed round-trip overhead added to every computed path, ms'),
    kmPerMs: boundedNumber(bounds.kmPerMs).default(200).describe('one-way propagation speed of light in fibre'),
    bandwidthGbps: boundedNumber(bounds.bandwidthGbps).optional().describe('bandwidth for moving input data from an origin to a site outside its region; none means instant'),
    bandwidthGbpsByPair: pairTable(boundedNumber(bounds.bandwidthGbps)).default({}).describe('bandwidth overrides: origin region → site → Gbit/s'),
    dataFeePerGB: price.default(0).describe('fee per GB of input data moved to a site outside the origin region'),
    // issue 18: a shared network. With links, transfers share link capacity instead of each having its pair's bandwidth.
    links: z.array(networkLink).default([]).describe('links between regions and sites; with links, transfers share their capacity max-min fairly'),
    routes: z
      .record(z.string(), z.record(z.string(), z.array(name).min(1, 'a route needs at least one link')))
      .default({})
      .describe('explicit routes: origin region → site → link names in order; others are shortest by latency'),
    sharing: z.enum(['max-min', 'rtt-weighted']).default('max-min').describe('max-min: equal shares; rtt-weighted: shares inversely proportional to route latency (as SimGrid LV08)'),
  });

  /** Chips per job: an integer >= 1 (a gang when above chipsPerNode) or a share of one chip. */
  const chipsPerJob = boundedNumber(bounds.chipsPerJob)
    .refine(valueRules.wholeOrShare, 'must be an integer >= 1 or a fraction in (0, 1)')
    .refine(valueRules.thousandths, 'a fraction of a chip is tracked in thousandths');

  const slo = z.strictObject({
    circle: name.optional().describe('latency circle the job must be placed inside (a name from `circles`)'),
    deadline: durationS.optional().describe('seconds from arrival by which the job should complete'),
  });

  const estimateModel = z.strictObject({
    factor: ratio.default(1).describe('estimates are the true work times this factor...'),
    cv: boundedNumber(bounds.cv).default(0).describe('...times lognormal noise of mean 1 and this coefficient of variation'),
  });

  /** A class's speeds from a measured throughput table (see docs/traces.md, "Gavel throughput tables"). */
  const speedFrom = z.strictObject({
    format: z.enum(['gavel']).describe('gavel: a Gavel simulation_throughputs.json, {worker type: {"(\'<job type>\', <scale factor>)": {"null": steps/s, ...}}}'),
    file: filePath,
    jobType: name.describe("job type as spelt in the table, e.g. 'ResNet-50 (batch size 64)'"),
    scaleFactor: boundedNumber(bounds.chipsPerNode).describe('GPUs per job in the measurement (1, 2, 4 or 8 in Gavel’s table)'),
    chips: z
      .record(z.string(), name)
      .optional()
      .describe('scenario chip → Gavel worker type (k80, p100, v100, or a *_unconsolidated one); default: each scenario chip named k80, p100 or v100 maps to itself'),
    reference: name.default('v100').describe('worker type of speed 1: speed = throughput on the chip’s worker type ÷ throughput here, so work is in seconds on it'),
  });

  const jobClass = z.strictObject({
    speed: z
      .record(z.string(), ratio)
      .optional()
      .describe('relative throughput per chip; an unlisted chip cannot run the class. Give this or speedFrom'),
    speedFrom: speedFrom
      .optional()
      .describe('read speed from a measured throughput table instead: each chip’s throughput over the reference’s; a chip with throughput 0 cannot run the class'),
    chips: chipsPerJob.default(1),
    cpuCores: boundedNumber(bounds.cores).default(0).describe('per job, checked per node where the pool tracks cores (fractions allowed)'),
    memGiB: boundedNumber(bounds.memGiB).default(0).describe('per job, checked per node where the pool tracks memory'),
    work: distribution.describe('work per job in reference-chip seconds (runtime on a chip of speed 1)'),
    inputGB: boundedNumber(bounds.inputGB).default(0).describe('input data per job, moved from the origin before the job computes'),
    outputGB: boundedNumber(bounds.inputGB).default(0).describe('output per job, moved back to the origin after it computes (with network.links); the job completes when it arrives'),
    holdDuringOutput: z.boolean().default(false).describe('keep the chips while the output moves back (default: give them back when computing ends)'),
    slo: slo.optional(),
    budget: boundedNumber(bounds.budget).optional().describe('most a job may cost, in the currency of the prices'),
    priority: boundedNumber(bounds.priority).default(0).describe('higher runs first under priority policies'),
    preemptible: z.boolean().default(false),
    onPreempt: z.enum(['restart', 'resume']).default('restart').describe('a preempted job starts over, or resumes where it stopped'),
    estimate: estimateModel.optional().describe('what policies are told of each job’s work; default: the class mean'),
    bid: price.optional().describe('most a job pays per chip-hour: it never starts where the ask is higher (see docs/market.md)'),
    tier: z.enum(tiers).optional().describe('on-demand (default): the price is locked for the run; spot: pays the price as it changes and is reclaimed when it rises above the bid'),
    coldStartS: boundedNumber(bounds.timeS)
      .default(0)
      .describe('seconds the first job of this class on a node booted during the run spends loading (an image pull, a model load) before it computes'),
  });

  const origin = z.union([name, z.record(z.string(), ratio)]);

  const diurnalArrivals = z.strictObject({
    process: z.literal('diurnal'),
    rate: boundedNumber(bounds.positiveRate).describe('mean arrivals per second'),
    amplitude: boundedNumber(bounds.fraction).describe('relative swing: rate · (1 ± amplitude)'),
    period: durationS.default(86400).describe('seconds'),
    peakS: timeS.default(0.25 * 86400).describe('time within the period of the highest rate'),
  });

  const mmppState = z.strictObject({
    rate: boundedNumber(bounds.rate).describe('arrivals per second in this state'),
    meanS: boundedNumber(bounds.stayS).describe('mean time spent in this state, seconds (exponential)'),
  });

  const arrivals = z.discriminatedUnion('process', [
    z.strictObject({ process: z.literal('poisson'), rate: boundedNumber(bounds.positiveRate).describe('arrivals per second') }),
    diurnalArrivals,
    z.strictObject({
      process: z.literal('mmpp'),
      states: z.array(mmppState).min(2, 'an MMPP needs two or more states'),
    }),
  ]);

  const timeScale = ratio.default(1).describe('multiplies arrival times (after the start): below 1 compresses the trace and raises the load');
  const runtimeScale = ratio.default(1).describe('multiplies run times (and estimates)');
  const onBadRow = z
    .enum(['skip', 'fail'])
    .default('skip')
    .describe('a malformed row is skipped and counted (a warning names the first), or fails the run; `--strict` makes every trace fail');

  /** A Standard Workload Format log (Parallel Workloads Archive, 18 fields per job). */
  const swfTrace = z.strictObject({
    format: z.literal('swf'),
    file: filePath,
    timeScale,
    runtimeScale,
    processorsPerChip: ratio.default(1).describe('processors that make one chip: a job takes ⌈processors / processorsPerChip⌉ chips'),
    processors: z.enum(['requested', 'allocated']).default('requested').describe('which processor count sizes a job (the other is the fallback when one is -1)'),
    estimate: z.enum(['requested', 'runtime']).default('requested').describe('what policies are told: the requested time (the user’s estimate), or the true run time'),
    onBadRow,
  });

  /** Pods of the Alibaba cluster-trace-gpu-v2023 (openb_pod_list_*.csv). */
  const alibabaPodsTrace = z.strictObject({
    format: z.literal('alibaba-pods'),
    file: filePath,
    timeScale,
    runtimeScale,
    startAt: z
      .union([z.literal('auto'), timeS])
      .default('auto')
      .describe('trace time that becomes 0; `auto`: the first deletion, where the trace’s observation window opens; pods created earlier arrive at 0 with the rest of their life'),
    pending: z
      .enum(['lifetime', 'skip'])
      .default('lifetime')
      .describe('Pending pods (never scheduled) run for their lifetime, creation to deletion, or are left out'),
    classByQos: z.record(z.string(), name).default({}).describe('class per QoS value (LS, BE, Burstable, Guaranteed); others take the entry’s class'),
    order: z
      .enum(['time', 'shuffled'])
      .default('time')
      .describe('time: replay creation to deletion; shuffled: the FGD paper’s protocol — pods in random order per seed, one a second, never leaving, inflated to `inflation` × the GPUs'),
    inflation: boundedNumber(bounds.inflation).default(1.3).describe('order shuffled: arrived GPU demand to stop at, as a multiple of the cluster’s GPUs'),
    onBadRow,
  });

  const traceSpec = z.discriminatedUnion('format', [swfTrace, alibabaPodsTrace]);

  /**
   * A stream of jobs: generated by an arrival process, or read from a trace
   * file. One object shape rather than a union, so that a mistake in either
   * form gets a precise message; check-references asks for exactly one of
   * `arrivals` and `trace`.
   */
  const workloadEntry = z.strictObject({
    class: name.describe('class of the jobs (for a trace, of every job its mapping does not place in another class)'),
    origin,
    arrivals: arrivals.optional(),
    trace: traceSpec.optional().describe('read the jobs from a trace file, line by line, instead of generating them'),
    count: boundedNumber(bounds.limit).optional().describe('jobs this entry generates (for a trace: the most read); without it, arrivals run until `horizon`'),
  });

  const explicitJob = z.strictObject({
    id: z.union([name, z.number().int()]).optional(),
    class: name,
    origin: name,
    arrival: timeS,
    chips: chipsPerJob.optional(),
    work: timeS.optional().describe('reference-chip seconds'),
    runtimeS: z.record(z.string(), timeS).optional().describe('runtime per chip (an ETC row), instead of work; unlisted chips cannot run the job'),
    inputGB: boundedNumber(bounds.inputGB).optional(),
    deadline: durationS.optional(),
    budget: boundedNumber(bounds.budget).optional(),
    bid: price.optional().describe('most the job pays per chip-hour; default its class’s'),
    tier: z.enum(tiers).optional().describe('default its class’s'),
  });

  /** Brain block (docs/brain.md): how old and how late the brain's picture of each site is. */
  const brainView = z.strictObject({
    refreshS: timeS.default(0).describe('seconds between two reports of each site to the brain; 0: the brain always sees the sites as they are'),
    delayS: z
      .union([timeS, z.literal('rtt'), z.record(z.string(), timeS)])
      .default(0)
      .describe('how late each report reaches the brain, seconds: one figure for every site, `rtt` (half the round trip between the brain’s region and the site), or per site by name (unlisted sites: 0)'),
  });

  /**
   * A compute-network brain (docs/brain.md): a global dispatcher that sends
   * each arriving job to a site, where the site's own scheduler places it;
   * without this block one central scheduler places every job.
   */
  const brain = z.strictObject({
    policy: name.describe('how the brain picks a site: random, round-robin, least-loaded, power-of-d, late-binding, cost-latency, or a module path'),
    region: name.optional().describe('region the brain runs in (for `delayS: rtt` and `transfer: rtt`)'),
    view: brainView.default({ refreshS: 0, delayS: 0 }).describe('the brain’s view of the sites'),
    options: z.record(z.string(), z.unknown()).default({}).describe('options of the brain policy: `d` (power-of-d, late-binding; default 2), `weights` (cost-latency)'),
    transfer: z
      .enum(['none', 'rtt'])
      .default('none')
      .describe('none: a dispatched job joins its site’s queue at once; rtt: one round trip between the brain’s region and the site later'),
  });

  const limits = z.strictObject({
    maxNodes: boundedNumber(bounds.limit).default(2_000_000),
    maxJobs: boundedNumber(bounds.limit).default(20_000_000),
  });

  /** How jobs and pools trade (docs/market.md). */
  const market = z.strictObject({
    mechanism: z
      .enum(mechanisms)
      .default('posted')
      .describe('posted: the policy picks among pools at their asks; call: bids cleared every intervalS; continuous: the same matching at every arrival and release'),
    intervalS: boundedNumber(bounds.periodS).default(60).describe('call: seconds between clearings (at intervalS, 2·intervalS, …)'),
    k: boundedNumber(bounds.fraction).default(0.5).describe('call and continuous: the trade price is ask + k · (bid − ask)'),
    noticeS: timeS.default(120).describe('a spot job whose price rises above its bid is reclaimed this long after the notice'),
  });

  /** What a provider (named by sites' `provider`) declares for all its pools. */
  const provider = z.strictObject({
    pricing: pricing.optional().describe('dynamic pricing for every pool of the provider that sets no price curve of its own'),
  });

  return z.strictObject({
    name,
    description: z.string().optional(),
    seed: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(1),
    horizon: boundedNumber(bounds.horizonS).optional().describe('seconds; arrivals stop here, and running jobs are cut unless `drain`'),
    drain: z.boolean().default(false).describe('after the horizon, let jobs already arrived finish'),
    warmupS: timeS.default(0).describe('jobs arriving before this time are left out of the statistics'),
    oracle: z.boolean().default(false).describe('tell policies the true work of each job instead of an estimate'),
    onNodeFailure: z.enum(['requeue', 'fail']).default('requeue').describe('what happens to jobs on a node that fails'),
    circles: z.record(z.string(), boundedNumber(bounds.circleMs)).default({ ...defaultCircles }).describe('named RTT ceilings, ms'),
    chips: z.record(z.string(), chip),
    regions: z.array(region).min(1, 'at least one origin region is needed'),
    sites: z.array(site).min(1, 'at least one site is needed'),
    network: network.default({ rttMs: {}, routeFactor: 1.5, overheadMs: 0.2, kmPerMs: 200, bandwidthGbpsByPair: {}, dataFeePerGB: 0, links: [], routes: {}, sharing: 'max-min' }),
    classes: z.record(z.string(), jobClass),
    workload: z.array(workloadEntry).default([]),
    jobs: z.array(explicitJob).default([]),
    policy: name.default('fifo'),
    policyOptions: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('options the policy reads; the node-level policies (fgd, best-fit, dot-product, packing, random-node) read onNoFit: wait | reject and tieBreak: random | order, checked whatever the policy'),
    market: market.optional().describe('how jobs and pools trade: mechanism, call interval, price split, spot notice (docs/market.md)'),
    providers: z.record(z.string(), provider).default({}).describe('per provider (as named by sites): pricing for all its pools'),
    brain: brain.optional().describe('a global brain over site schedulers (docs/brain.md); without it one central scheduler places every job'),
    metrics: z
      .strictObject({
        sampleIntervalS: boundedNumber(bounds.horizonS).optional().describe('time-series interval; default horizon/200, or adaptive'),
        slowdownThresholdS: durationS
          .default(10)
          .describe('τ of bounded slowdown max(1, JCT / max(run, τ)), seconds: jobs shorter than this are not penalised for short waits (Feitelson); default 10'),
      })
      .default({ slowdownThresholdS: 10 }),
    limits: limits.default({ maxNodes: 2_000_000, maxJobs: 20_000_000 }),
  });
}

let built: ReturnType<typeof buildScenarioSchema> | undefined;

/** The scenario schema (built on the first call). */
export function scenarioSchema(): ScenarioSchema {
  built ??= buildScenarioSchema();
  return built;
}

export type ScenarioSchema = ReturnType<typeof buildScenarioSchema>;

/** A scenario as written. */
export type ScenarioInput = z.input<ScenarioSchema>;
/** A scenario after validation, with defaults filled in. */
export type ScenarioData = z.output<ScenarioSchema>;
export type SiteData = ScenarioData['sites'][number];
export type PoolData = NonNullable<SiteData['pools']>[number];
export type ClassData = ScenarioData['classes'][string];
export type Distribution = ClassData['work'];
export type TraceSpec = NonNullable<ScenarioData['workload'][number]['trace']>;
export type DynamicPricingData = NonNullable<PoolData['pricing']>['dynamic'];
export type MarketData = NonNullable<ScenarioData['market']>;
export type BrainData = NonNullable<ScenarioData['brain']>;
export type ElasticData = NonNullable<PoolData['elastic']>;
