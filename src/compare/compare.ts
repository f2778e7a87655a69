import { UserError } from '../errors.js';
import { summarize } from '../metrics/summarize.js';
import type { Results } from '../metrics/results.js';
import { currentHookTracker } from '../policy/hook-tracker.js';
import type { Policy } from '../policy/policy.js';
import { policyNameLists } from '../policy/brain/brain-policy-names.js';
import type { ScenarioModules } from '../sim/brain/build-brain.js';
import type { RuleModule } from '../policy/elastic-rules/user-rule.js';
import { elasticRuleNames } from '../scenario/elastic-schema.js';
import { policyChoiceNames, policyNames, schedulerFor } from '../policy/registry.js';
import { isModulePath } from '../scenario/module-path.js';
import { loadScenarioFile, type Scenario } from '../scenario/parse-scenario.js';
import { Simulation } from '../sim/simulation.js';
import { mechanisms as knownMechanisms, type Mechanism } from '../scenario/schema.js';
import { compareMetrics } from './compare-metrics.js';
import { marketCompareMetrics } from './market-metrics.js';
import type { QuantileMethod } from '../metrics/streamed-statistic.js';
import type { JobStatistics } from '../metrics/job-statistics.js';
import { QuantilePool, type PooledStatistic } from '../metrics/pooled-quantiles.js';
import type { QuantileSketch } from '../metrics/quantile-sketch.js';
import { aggregate, type Comparison } from './comparison.js';
import { chosenMetrics } from './metric-spec.js';
import { MAX_SEED, seedRangeProblem } from './seed-range.js';

/** A comparison asked for something impossible: a baseline not compared, no seeds, two policies of one name. */
export class CompareError extends UserError {
  override name = 'CompareError';
}

export interface CompareOptions {
  /**
   * Built-in policy names, or user `Policy` objects (load a module once
   * with `loadPolicySource`). Each run gets a fresh scheduler.
   */
  policies: readonly (string | Policy)[];
  /** A number of seeds (the scenario's seed and the ones after it), or the seeds themselves. Default 10. */
  seeds?: number | readonly number[];
  /** The policy others are compared against; default the first. */
  baseline?: string;
  /** Confidence level of the intervals; default 0.95. */
  confidence?: number;
  /** Called after each run with the runs done and the total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Called once per distinct warning after the runs, with how many runs
   * gave it (the run-specific "first at t=…" left out).
   */
  onWarning?: (warning: string) => void;
  /** Fail on the first malformed trace row instead of skipping and counting them. */
  strict?: boolean;
  /**
   * Market mechanisms to compare (docs/market.md): every policy runs under
   * each, and the arms are named by the mechanism (one policy) or
   * `policy@mechanism`. Runs trade even if the scenario has no `market`.
   */
  mechanisms?: readonly Mechanism[];
  /** Policy modules the scenario's brain block names (`loadScenarioModules`). */
  modules?: ScenarioModules;
  /** The scaling-rule modules the scenario's elastic pools name, loaded with `await loadRules(scenario)`. */
  rules?: ReadonlyMap<string, RuleModule>;
  /**
   * Compare scaling rules instead of policies: each rule (a built-in name,
   * or a module path loaded into `rules`) replaces the rule of every
   * elastic pool, and the one policy in `policies` runs them all. The
   * comparison names its rows by rule.
   */
  elasticRules?: readonly string[];
  /**
   * The metrics to compare instead of the default set, as `--metric` names
   * them: `jct.p95`, `jctP95`, `jct.p95@class=chat`, `cost@origin=beijing`
   * (see `resolveMetric`). Checked against the scenario's classes and
   * origins before any run.
   */
  metrics?: readonly string[];
  /** How each run's quantiles are computed (default `sketch`; `exact` with `--exact`). */
  quantiles?: QuantileMethod;
}

/**
 * Runs every policy under every seed and compares them.
 *
 * Common random numbers: arrivals, sizes and failures come from RNG
 * streams named after what they drive and seeded from the run's seed, so
 * under one seed every policy sees the same jobs and the same failures;
 * differences between them come from the policy alone, and the paired
 * differences against the baseline are much tighter than the intervals of
 * the means.
 *
 * ```ts
 * const c = compare('scenarios/quickstart.yaml', { policies: ['fifo', 'cheapest'], seeds: 10 });
 * console.log(c.summaries[1]?.differences?.cost);
 * ```
 */
export function compare(scenario: Scenario | string, options: CompareOptions): Comparison {
  const s = typeof scenario === 'string' ? loadScenarioFile(scenario, policyNameLists(true)) : scenario;
  const policies = options.policies;
  const policyLabels = policyChoiceNames(policies, (m) => new CompareError(m === 'no policies given' ? 'no policies to compare' : m));
  const mechanisms = checkMechanisms(options.mechanisms);
  if (mechanisms !== undefined && options.elasticRules !== undefined) throw new CompareError('compare mechanisms or scaling rules, not both at once');
  // The arms: each policy, each rule under the one policy, or each policy under each mechanism.
  const variants: { policy: string | Policy; scenario: Scenario; mechanism?: Mechanism; name: string }[] =
    options.elasticRules !== undefined
      ? ruleVariants(s, options.elasticRules, policies, options.rules).map((v, i) => ({ ...v, name: options.elasticRules?.[i] as string }))
      : policies.flatMap((policy, i) =>
          (mechanisms ?? [undefined]).map((mechanism) => ({ policy, scenario: s, ...(mechanism === undefined ? {} : { mechanism }), name: armName(policyLabels[i] as string, mechanism, policies.length) })),
        );
  const names = variants.map((v) => v.name);
  const metrics = options.metrics === undefined ? undefined : chosenMetrics(options.metrics, { classes: Object.keys(s.classes), origins: s.regions.map((r) => r.name) });
  const seeds = seedList(options.seeds ?? 10, s.seed);
  const baseline = options.baseline ?? (names[0] as string);
  const compared = options.elasticRules !== undefined ? 'rules' : mechanisms !== undefined ? 'arms' : 'policies';
  if (!names.includes(baseline)) throw new CompareError(`the baseline "${baseline}" is not one of the compared ${compared} (${names.join(', ')})`);

  const total = variants.length * seeds.length;
  let done = 0;
  const warned = new Map<string, number>();
  // issue 20: each variant's runs pooled, from their sketches (sketched quantiles only).
  const pools = variants.map(() => new QuantilePool());
  const runs: Results[][] = variants.map(({ policy, scenario: variant, mechanism }, p) =>
    seeds.map((seed) => {
      // Under a time limit (--timeout), each run gets its own: the tracker marks where one begins.
      currentHookTracker()?.beginRun();
      // Each run makes its schedulers from the choice: under a brain, one per site.
      const record = new Simulation(variant, {
        seed,
        policy,
        strict: options.strict === true,
        keepJobs: false,
        quantiles: options.quantiles ?? 'sketch',
        ...(mechanism === undefined ? {} : { mechanism }),
        ...(options.rules === undefined ? {} : { rules: options.rules }),
        ...(options.modules === undefined ? {} : { modules: options.modules }),
      }).run();
      for (const w of record.warnings) {
        const key = w.replace(/ \(first at t=[^)]*\)$/, '');
        warned.set(key, (warned.get(key) ?? 0) + 1);
      }
      const results = summarize(record);
      const sketches = sketchesOf(record.statistics);
      if (sketches !== undefined) (pools[p] as QuantilePool).add(seed, sketches, results);
      options.onProgress?.(++done, total);
      return results;
    }),
  );
  for (const [warning, count] of warned) options.onWarning?.(`${warning} (in ${count} of ${total} runs)`);
  const traded = runs.some((row) => row.some((r) => r.market !== undefined));
  const comparison = aggregate(names, seeds, runs, {
    baseline,
    chipKinds: chipKindsOf(s),
    // Market metrics by default only where runs traded: other comparisons stay as they were.
    ...(metrics !== undefined ? { metrics } : traded ? { metrics: [...compareMetrics, ...marketCompareMetrics] } : {}),
    ...(options.confidence === undefined ? {} : { confidence: options.confidence }),
  });
  comparison.summaries.forEach((summary, p) => {
    const pool = pools[p] as QuantilePool;
    if (pool.runs > 0) summary.pooled = pool.result();
  });
  if (options.elasticRules !== undefined) return { ...comparison, rules: { policy: policyLabels[0] as string } };
  return mechanisms === undefined ? comparison : { ...comparison, arms: policies.length === 1 ? 'mechanisms' : 'policies × mechanisms' };
}

/** A run's sketches of the pooled statistics; undefined for exact quantiles. */
function sketchesOf(stats: JobStatistics): Record<PooledStatistic, QuantileSketch> | undefined {
  const wait = stats.wait.sketch();
  const jct = stats.jct.sketch();
  const slowdown = stats.slowdown.sketch();
  return wait === undefined || jct === undefined || slowdown === undefined ? undefined : { wait, jct, slowdown };
}

/** The scenario once per rule, every elastic pool's rule replaced by it, each under the one policy given. */
function ruleVariants(s: Scenario, rules: readonly string[], policies: readonly (string | Policy)[], modules: ReadonlyMap<string, RuleModule> | undefined): { policy: string | Policy; scenario: Scenario }[] {
  if (policies.length !== 1) throw new CompareError(`rules are compared under one policy; ${policies.length} were given`);
  if (rules.length === 0) throw new CompareError('no rules to compare');
  const doubled = rules.find((r, i) => rules.indexOf(r) !== i);
  if (doubled !== undefined) throw new CompareError(`rule "${doubled}" is listed twice`);
  if (!s.sites.some((site) => site.pools.some((p) => p.elastic !== undefined))) throw new CompareError(`scenario ${s.name} has no elastic pool: there is no rule to compare`);
  for (const rule of rules) {
    const known = (elasticRuleNames as readonly string[]).includes(rule) || (isModulePath(rule) && modules?.has(rule) === true);
    if (!known) throw new CompareError(`unknown rule "${rule}" — known: ${elasticRuleNames.join(', ')}, or a rule module path loaded with loadRules`);
    if (rule === 'schedule' && s.sites.some((site) => site.pools.some((p) => p.elastic !== undefined && p.elastic.schedule === undefined))) {
      throw new CompareError('rule schedule needs the steps of every elastic pool (elastic.schedule) in the scenario');
    }
  }
  const policy = policies[0] as string | Policy;
  return rules.map((rule) => ({
    policy,
    scenario: { ...s, sites: s.sites.map((site) => ({ ...site, pools: site.pools.map((p) => (p.elastic === undefined ? p : { ...p, elastic: { ...p.elastic, rule } })) })) },
  }));
}

/** The name of an arm of a comparison: the policy, the mechanism when one policy runs under several, else `policy@mechanism`. */
function armName(policy: string, mechanism: Mechanism | undefined, policies: number): string {
  if (mechanism === undefined) return policy;
  return policies === 1 ? mechanism : `${policy}@${mechanism}`;
}

function checkMechanisms(list: readonly Mechanism[] | undefined): Mechanism[] | undefined {
  if (list === undefined) return undefined;
  if (list.length === 0) throw new CompareError('no mechanisms to compare');
  const unknown = list.find((m) => !(knownMechanisms as readonly string[]).includes(m));
  if (unknown !== undefined) throw new CompareError(`unknown mechanism "${unknown}" — known: ${knownMechanisms.join(', ')}`);
  const doubled = list.find((m, i) => list.indexOf(m) !== i);
  if (doubled !== undefined) throw new CompareError(`mechanism "${doubled}" is listed twice`);
  return [...list];
}

/** Chip type → kind (gpu, cpu, …) of a scenario, for report legends. */
export function chipKindsOf(scenario: Scenario): Record<string, string> {
  return Object.fromEntries(Object.entries(scenario.chips).map(([name, chip]) => [name, chip.kind]));
}

function seedList(seeds: number | readonly number[], first: number): number[] {
  if (typeof seeds === 'number') {
    if (!Number.isInteger(seeds) || seeds < 1) throw new CompareError(`seeds must be a positive whole number, got ${seeds}`);
    const pastLast = seedRangeProblem(first, 'the scenario’s seed', seeds, 'seeds');
    if (pastLast !== undefined) throw new CompareError(pastLast);
    return Array.from({ length: seeds }, (_, i) => first + i);
  }
  if (seeds.length === 0) throw new CompareError('no seeds given');
  const unsafe = seeds.find((seed) => !Number.isSafeInteger(seed) || seed < 0);
  if (unsafe !== undefined) throw new CompareError(`seeds must be whole numbers from 0 to ${MAX_SEED}, got ${unsafe}`);
  if (new Set(seeds).size !== seeds.length) throw new CompareError('a seed is listed twice');
  return [...seeds];
}
