import * as z from 'zod';

/**
 * The range a numeric scenario field must lie in. Every source of the same
 * field (the scenario file, a CSV node list, an Alibaba node list, a
 * generated pool) is checked against the same `Bound`, so that no way in
 * lets a value through that another refuses.
 *
 * The bounds are far beyond anything a real scenario needs; they are there
 * so that arithmetic on them (runtimes, costs, energy, event times) stays
 * finite: a price of 1e308 or a coefficient of variation of 1e308 is a
 * typo or an attack, never a model.
 */
export interface Bound {
  readonly min: number;
  readonly max: number;
  /** The value must be above `min`, not equal to it. */
  readonly minExclusive?: boolean;
  readonly integer?: boolean;
}

/** Longest simulated time, in seconds (about 31,700 years): times stay exact to 0.1 ms below it. */
export const MAX_TIME_S = 1e12;
/** Shortest horizon, in seconds: the time series samples at horizon / 200, which must stay well above 0. */
export const MIN_HORIZON_S = 1e-6;
/** Highest price per chip-hour, and data fee per GB (a million currency units). */
export const MAX_PRICE = 1e6;
/** Highest budget per job. */
export const MAX_BUDGET = 1e15;
/** Highest round-trip time or circle ceiling, ms (1,000 s). */
export const MAX_RTT_MS = 1e6;
/** Highest power draw of one chip, watts. */
export const MAX_WATTS = 1e6;
/** Highest coefficient of variation (of work or estimate noise): at 100 a lognormal's sigma is about 3. */
export const MAX_CV = 100;
/** Relative speeds (and trace time scales) lie within a factor of a million either way of 1. */
export const MAX_SPEED_RATIO = 1e6;
/** Largest job, in chips: a gang of a million chips. Capacity is counted in 32-bit thousandths. */
export const MAX_CHIPS_PER_JOB = 1e6;
/** Most chips on one node. */
export const MAX_CHIPS_PER_NODE = 1000;
/** Most CPU cores, and GiB of memory, on one node or asked by one job (32-bit thousandths and MiB). */
export const MAX_CORES = 1_000_000;
export const MAX_MEM_GIB = 1_000_000;
/** Most input data per job, GB (an exabyte). */
export const MAX_INPUT_GB = 1e9;
/** Highest arrival rate, per second. */
export const MAX_RATE_PER_S = 1e9;
/** Largest `order: shuffled` inflation: GPU demand as a multiple of the cluster's GPUs (the FGD paper goes to 1.3). */
export const MAX_INFLATION = 100;
/**
 * Highest `limits.maxNodes` and `limits.maxJobs`: nodes and jobs are
 * numbered with 32-bit integers.
 */
export const MAX_INDEX = 2 ** 31 - 1;

const positiveTo = (max: number): Bound => ({ min: 0, minExclusive: true, max });
const nonNegativeTo = (max: number): Bound => ({ min: 0, max });

/** The bound of each kind of field, by what it measures. */
export const bounds = {
  /** A length of simulated time that must be positive (a mean work, a period, a deadline). */
  durationS: positiveTo(MAX_TIME_S),
  /** A point in simulated time, or a work size that may be 0. */
  timeS: nonNegativeTo(MAX_TIME_S),
  horizonS: { min: MIN_HORIZON_S, max: MAX_TIME_S },
  /** Hours of a failure model (mean time between failures, to repair): from 0.36 s, far below any real node's. */
  hours: { min: 1e-4, max: MAX_TIME_S / 3600 },
  /** Mean stay in an MMPP state: from a millisecond. */
  stayS: { min: 0.001, max: MAX_TIME_S },
  /** Period of a price schedule, and the interval of a call market or of dynamic pricing: from a second. */
  periodS: { min: 1, max: MAX_TIME_S },
  /** A multiplier of a dynamic price's base: the price stays below 1,000 times the base. */
  priceMultiplier: nonNegativeTo(1e3),
  price: nonNegativeTo(MAX_PRICE),
  budget: positiveTo(MAX_BUDGET),
  rttMs: nonNegativeTo(MAX_RTT_MS),
  circleMs: positiveTo(MAX_RTT_MS),
  watts: nonNegativeTo(MAX_WATTS),
  cv: nonNegativeTo(MAX_CV),
  positiveCv: positiveTo(MAX_CV),
  /** A relative speed, a weight between origins, a scale factor. */
  ratio: { min: 1 / MAX_SPEED_RATIO, max: MAX_SPEED_RATIO },
  chipsPerJob: positiveTo(MAX_CHIPS_PER_JOB),
  chipsPerNode: { min: 1, max: MAX_CHIPS_PER_NODE, integer: true },
  /** GPUs on a node of a node list (0: a node without GPUs). */
  gpusPerNode: { min: 0, max: MAX_CHIPS_PER_NODE, integer: true },
  nodes: { min: 1, max: MAX_INDEX, integer: true },
  /** A number of nodes that may be 0 (an elastic pool's floor, or its nodes on at the start). */
  nodeCount: { min: 0, max: MAX_INDEX, integer: true },
  /** A target utilisation: above 0, at most 1. */
  utilisation: { min: 0, minExclusive: true, max: 1 },
  cores: nonNegativeTo(MAX_CORES),
  memGiB: nonNegativeTo(MAX_MEM_GIB),
  chipMemGiB: positiveTo(MAX_MEM_GIB),
  inputGB: nonNegativeTo(MAX_INPUT_GB),
  rate: nonNegativeTo(MAX_RATE_PER_S),
  positiveRate: positiveTo(MAX_RATE_PER_S),
  bandwidthGbps: { min: 1e-6, max: 1e6 },
  /** Fibre route length over great-circle distance. */
  routeFactor: { min: 1, max: 100 },
  /** One-way propagation speed, km per ms: light in vacuum makes 300. */
  kmPerMs: { min: 1, max: 300 },
  /** Pareto shape: below 0.1 a draw can overflow a float. */
  paretoAlpha: { min: 0.1, max: 1e6 },
  inflation: positiveTo(MAX_INFLATION),
  priority: { min: -1e9, max: 1e9, integer: true },
  limit: { min: 1, max: MAX_INDEX, integer: true },
  /** Cores and memory in the units of the Alibaba traces. */
  milliCores: { min: 0, max: MAX_CORES * 1000, integer: true },
  memMiB: { min: 0, max: MAX_MEM_GIB * 1024, integer: true },
  /** Whole chips a job asks for, as traces count them. */
  wholeChipsPerJob: { min: 0, max: MAX_CHIPS_PER_JOB, integer: true },
  latitude: { min: -90, max: 90 },
  longitude: { min: -180, max: 180 },
  fraction: { min: 0, max: 1 },
} as const satisfies Record<string, Bound>;

/** A zod number schema that enforces `b`. */
export function boundedNumber(b: Bound): z.ZodNumber {
  let s = b.integer === true ? z.number().int() : z.number();
  s = b.minExclusive === true ? s.gt(b.min) : s.min(b.min);
  return s.max(b.max);
}

/**
 * Why `v` is outside `b`, in the words the schema's messages use, or
 * undefined when it is inside: for values that come from data files.
 */
export function outOfBound(v: number, b: Bound): string | undefined {
  if (!Number.isFinite(v)) return `must be a finite number; got ${String(v)}`;
  if (b.integer === true && !Number.isInteger(v)) return `expected an integer, got ${String(v)}`;
  if (b.minExclusive === true ? !(v > b.min) : !(v >= b.min)) return `must be ${b.minExclusive === true ? 'greater than' : 'at least'} ${b.min}; got ${String(v)}`;
  if (v > b.max) return `must be at most ${b.max}; got ${String(v)}`;
  return undefined;
}
