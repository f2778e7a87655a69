import { z } from 'zod';

/**
 * The scenario file, version 1, as a zod schema. This is the structural
 * check; cross-references (a pool's chip exists, a class's origin is a known
 * region, ...) are checked afterwards in `check-references.ts`, with every
 * problem collected before failing.
 *
 * Objects are strict: a misspelt key is an error, never silently ignored.
 */

const name = z.string().min(1, 'must not be empty');
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

export const chipKinds = ['cpu', 'gpu', 'asic', 'npu', 'fpga'] as const;
export type ChipKind = (typeof chipKinds)[number];

const chip = z.strictObject({
  kind: z.enum(chipKinds),
  memGiB: positive.optional(),
});

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

const region = z.strictObject({
  name,
  lat: latitude.optional(),
  lon: longitude.optional(),
});

const powerWatts = z.strictObject({
  idle: nonNegative,
  busy: nonNegative,
});

const pool = z.strictObject({
  /** Defaults to `<site>/<chip>` (with `#2`, `#3`, ... for repeats). */
  name: name.optional(),
  chip: name,
  nodes: z.number().int().positive(),
  chipsPerNode: z.number().int().positive().default(1),
  /** CPU cores per node; 0 means cores are not tracked for this pool. */
  cpuCores: nonNegative.default(0),
  /** Memory per node in GiB; 0 means memory is not tracked for this pool. */
  memGiB: nonNegative.default(0),
  pricePerChipHour: nonNegative.default(0),
  /** Power per chip; busy power is drawn in proportion to the share allocated. */
  powerWatts: powerWatts.default({ idle: 0, busy: 0 }),
});

const site = z.strictObject({
  name,
  region: name.optional(),
  lat: latitude.optional(),
  lon: longitude.optional(),
  provider: name.optional(),
  pools: z.array(pool).min(1, 'a site needs at least one pool'),
});

const network = z.strictObject({
  /** Explicit round-trip times: origin region → site → ms. */
  rttMs: z.record(z.string(), z.record(z.string(), nonNegative)).default({}),
  /** Fibre path length over great-circle distance. */
  routeFactor: z.number().min(1).default(1.5),
  /** Fixed round-trip overhead (switching, queuing) added to every path, ms. */
  overheadMs: nonNegative.default(0.2),
  /** One-way propagation speed of light in fibre. */
  kmPerMs: positive.default(200),
});

export const distribution = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('constant'), value: nonNegative }),
  z.strictObject({ dist: z.literal('exponential'), mean: positive }),
  z.strictObject({ dist: z.literal('lognormal'), mean: positive, cv: positive }),
  z.strictObject({ dist: z.literal('uniform'), min: nonNegative, max: nonNegative }),
]);
export type Distribution = z.infer<typeof distribution>;

/** Chips per job: an integer >= 1 (a gang when above chipsPerNode) or a share of one chip. */
const chipsPerJob = z
  .number()
  .positive()
  .refine((v) => v < 1 || Number.isInteger(v), 'must be an integer >= 1 or a fraction in (0, 1)')
  .refine((v) => Math.round(v * 1000) === v * 1000 || v >= 1, 'a fraction of a chip is tracked in thousandths');

const jobClass = z.strictObject({
  /** Relative throughput per chip; a chip that is not listed cannot run the class. */
  speed: z.record(z.string(), positive),
  chips: chipsPerJob.default(1),
  cpuCores: nonNegative.default(0),
  memGiB: nonNegative.default(0),
  /** Work per job in reference-chip seconds (runtime on a chip of speed 1). */
  work: distribution,
});

const origin = z.union([name, z.record(z.string(), positive)]);

const arrivals = z.discriminatedUnion('process', [
  z.strictObject({ process: z.literal('poisson'), rate: positive }),
]);

const workloadEntry = z.strictObject({
  class: name,
  origin,
  arrivals,
  /** Number of jobs this entry generates; without it, arrivals run until `horizon`. */
  count: z.number().int().positive().optional(),
});

const explicitJob = z.strictObject({
  id: z.union([name, z.number().int()]).optional(),
  class: name,
  origin: name,
  arrival: nonNegative,
  chips: chipsPerJob.optional(),
  work: nonNegative,
});

export const scenarioSchema = z.strictObject({
  name,
  description: z.string().optional(),
  seed: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(1),
  /** Simulated seconds; arrivals stop here, and running jobs are cut unless `drain`. */
  horizon: positive.optional(),
  drain: z.boolean().default(false),
  /** Jobs arriving before this time are simulated but left out of the statistics. */
  warmupS: nonNegative.default(0),
  chips: z.record(z.string(), chip),
  regions: z.array(region).min(1, 'at least one origin region is needed'),
  sites: z.array(site).min(1, 'at least one site is needed'),
  network: network.default({ rttMs: {}, routeFactor: 1.5, overheadMs: 0.2, kmPerMs: 200 }),
  classes: z.record(z.string(), jobClass),
  workload: z.array(workloadEntry).default([]),
  jobs: z.array(explicitJob).default([]),
  policy: name.default('fifo'),
  policyOptions: z.record(z.string(), z.unknown()).default({}),
});

/** A scenario after validation, with defaults filled in. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioData = z.output<typeof scenarioSchema>;
