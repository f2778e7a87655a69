import { UserError } from '../errors.js';
import { summarize } from '../metrics/summarize.js';
import type { Results } from '../metrics/results.js';
import type { Policy } from '../policy/policy.js';
import { policyNameLists } from '../policy/brain/brain-registry.js';
import { policyChoiceNames } from '../policy/registry.js';
import type { ScenarioModules } from '../sim/brain/build-brain.js';
import { loadScenarioFile, type Scenario } from '../scenario/parse-scenario.js';
import { Simulation } from '../sim/simulation.js';
import { aggregate, type Comparison } from './comparison.js';

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
  /** Policy modules the scenario's brain block names (`loadScenarioModules`). */
  modules?: ScenarioModules;
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
  const names = policyChoiceNames(policies, (m) => new CompareError(m === 'no policies given' ? 'no policies to compare' : m));
  const seeds = seedList(options.seeds ?? 10, s.seed);
  const baseline = options.baseline ?? (names[0] as string);
  if (!names.includes(baseline)) throw new CompareError(`the baseline "${baseline}" is not one of the compared policies (${names.join(', ')})`);

  const total = policies.length * seeds.length;
  let done = 0;
  const warned = new Map<string, number>();
  const runs: Results[][] = policies.map((policy) =>
    seeds.map((seed) => {
      // Each run makes its schedulers from the choice: under a brain, one per site.
      const record = new Simulation(s, { seed, policy, strict: options.strict === true, ...(options.modules === undefined ? {} : { modules: options.modules }) }).run();
      for (const w of record.warnings) {
        const key = w.replace(/ \(first at t=[^)]*\)$/, '');
        warned.set(key, (warned.get(key) ?? 0) + 1);
      }
      const results = summarize(record);
      options.onProgress?.(++done, total);
      return results;
    }),
  );
  for (const [warning, count] of warned) options.onWarning?.(`${warning} (in ${count} of ${total} runs)`);
  return aggregate(names, seeds, runs, {
    baseline,
    chipKinds: chipKindsOf(s),
    ...(options.confidence === undefined ? {} : { confidence: options.confidence }),
  });
}

/** Chip type → kind (gpu, cpu, …) of a scenario, for report legends. */
export function chipKindsOf(scenario: Scenario): Record<string, string> {
  return Object.fromEntries(Object.entries(scenario.chips).map(([name, chip]) => [name, chip.kind]));
}

function seedList(seeds: number | readonly number[], first: number): number[] {
  if (typeof seeds === 'number') {
    if (!Number.isInteger(seeds) || seeds < 1) throw new CompareError(`seeds must be a positive whole number, got ${seeds}`);
    return Array.from({ length: seeds }, (_, i) => first + i);
  }
  if (seeds.length === 0) throw new CompareError('no seeds given');
  if (new Set(seeds).size !== seeds.length) throw new CompareError('a seed is listed twice');
  return [...seeds];
}
