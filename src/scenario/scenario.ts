import type { WorkloadSpec } from './expand-traces.js';
import type { Problem } from './problem.js';
import type { ClassData, Distribution, ElasticData, PoolData, ScenarioData, SiteData } from './schema.js';

/**
 * Where a piece of an expanded scenario came from: a path in the scenario
 * document, or a line of a data file it pointed at. Problems found later are
 * reported there.
 */
export type Origin = { readonly path: readonly (string | number)[] } | { readonly file: string; readonly line: number };

/** A distribution with its data loaded: empirical values read, pareto scale resolved. */
export type ResolvedDistribution =
  | Exclude<Distribution, { dist: 'empirical' } | { dist: 'pareto' }>
  | { dist: 'empirical'; values: number[] }
  | { dist: 'pareto'; alpha: number; xm: number };

/** A price per chip-hour that changes over time. */
export type PriceCurve =
  | { kind: 'periodic'; periodS: number; atS: number[]; price: number[] }
  | { kind: 'series'; t: number[]; price: number[] };

/**
 * A price that follows demand, resolved: its base filled in (the pool's
 * `pricePerChipHour` unless given) and its curve split into columns,
 * utilisation strictly increasing.
 */
export interface DynamicPricingSpec {
  base: number;
  utilisation: number[];
  multiplier: number[];
  intervalS: number;
  of: 'pool' | 'provider';
}

/** A pool's `elastic` block with its boot-time distribution loaded. */
export type ElasticSpec = Omit<ElasticData, 'bootS'> & { bootS: ResolvedDistribution };

export type PoolSpec = Omit<PoolData, 'priceSchedule' | 'priceSeries' | 'pricing' | 'elastic'> & {
  /** Set when the price varies on a schedule or a series; otherwise `pricePerChipHour` holds throughout. */
  priceCurve?: PriceCurve;
  /** Set when the price follows utilisation (the pool's own `pricing`, or its provider's). */
  dynamicPricing?: DynamicPricingSpec;
  /** Set for an elastic pool (its `nodes` is then how many are on at the start). */
  elastic?: ElasticSpec;
  origin: Origin;
};

export type SiteSpec = Omit<SiteData, 'repeat' | 'pools' | 'from' | 'name'> & {
  name: string;
  pools: PoolSpec[];
  origin: Origin;
};

/** A class with its speed table filled in (from `speedFrom`, when given) and its work distribution loaded. */
export type ClassSpec = Omit<ClassData, 'work' | 'speed' | 'speedFrom'> & { speed: Record<string, number>; work: ResolvedDistribution };

/**
 * A scenario with everything generated and every data file read: `repeat`
 * sites written out, node lists turned into sites and pools, the RTT matrix
 * merged into `network.rttMs`, price series and empirical values loaded.
 */
export type ExpandedScenarioData = Omit<ScenarioData, 'sites' | 'classes' | 'network' | 'workload'> & {
  sites: SiteSpec[];
  /** Workload entries, each trace with its file located. */
  workload: WorkloadSpec[];
  classes: Record<string, ClassSpec>;
  network: Omit<ScenarioData['network'], 'rttMsFile'>;
};

export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A validated, expanded scenario with defaults filled in, deeply frozen. */
export type Scenario = DeepReadonly<ExpandedScenarioData> & {
  /** Where the scenario came from, for messages. */
  readonly file: string;
  /** Directory that relative paths inside the scenario resolve against. */
  readonly baseDir: string;
  /**
   * Every data file the scenario names (node lists, RTT matrices, price
   * series, empirical values, traces, measured-speed tables), as absolute
   * paths, in the order they were first named: what a command must not
   * overwrite with its outputs.
   */
  readonly dataFiles: readonly string[];
  /**
   * What a run would run into, found before it starts (static-warnings.ts):
   * classes no pool can run, origins outside every capable pool's circle,
   * deadlines and budgets no placement can meet. `validate --strict` makes
   * them errors.
   */
  readonly warnings: readonly Problem[];
};
