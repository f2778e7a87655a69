import { loadPolicySource } from '../loader/load-policy.js';
import { loadScenarioModules } from '../loader/load-scenario-modules.js';
import type { ScenarioModules } from '../sim/brain/build-brain.js';
import type { Policy } from '../policy/policy.js';
import { runScenario, simulate, type RunOptions } from '../run-scenario.js';
import { leanResults, type LeanResults } from '../metrics/lean-results.js';
import { summarize } from '../metrics/summarize.js';
import type { RuleModule } from '../policy/elastic-rules/user-rule.js';
import { loadRules } from '../loader/load-rules.js';
import type { Scenario } from '../scenario/scenario.js';
import type { SweepRow } from './sweep-row.js';

/** One run to do: everything a worker needs, the scenario only the first time it sees the variant. */
export interface RunTask {
  sweep: string;
  name: string;
  total: number;
  index: number;
  variant: number;
  key: string;
  set: Record<string, unknown>;
  /** The policy as the sweep names it, and where it loads from. */
  policy: string;
  policySource: string;
  seed: number;
  strict: boolean;
  /** Write the lean row: no time series, sketches instead of quantile arrays (`--lean`). */
  lean?: boolean;
  scenario?: Scenario;
}

/**
 * Runs tasks and turns them into JSONL rows; one per thread (worker or
 * main), keeping each variant's scenario and each policy module once.
 */
export class RunExecutor {
  private readonly scenarios = new Map<number, Scenario>();
  private readonly policies = new Map<string, Promise<string | Policy>>();
  private readonly modules = new Map<number, Promise<ScenarioModules>>();
  /** Each variant's scaling-rule modules, loaded once. */
  private readonly rules = new Map<number, Promise<Map<string, RuleModule>>>();

  async execute(task: RunTask): Promise<string> {
    if (task.scenario !== undefined) this.scenarios.set(task.variant, task.scenario);
    const scenario = this.scenarios.get(task.variant);
    if (scenario === undefined) throw new Error(`variant ${task.variant} was never sent to this thread`);
    let source = this.policies.get(task.policySource);
    if (source === undefined) {
      source = loadPolicySource(task.policySource);
      this.policies.set(task.policySource, source);
    }
    let modules = this.modules.get(task.variant);
    if (modules === undefined) {
      // The brain's policy modules, per variant: a sweep may set brain.policy.
      modules = loadScenarioModules(scenario);
      this.modules.set(task.variant, modules);
    }
    let rules = this.rules.get(task.variant);
    if (rules === undefined) {
      rules = loadRules(scenario);
      this.rules.set(task.variant, rules);
    }
    const options = { seed: task.seed, policy: await source, strict: task.strict, rules: await rules, modules: await modules };
    const results = task.lean === true ? leanRun(scenario, options) : runScenario(scenario, options);
    const row: SweepRow = { sweep: task.sweep, name: task.name, index: task.index, total: task.total, key: task.key, set: task.set, policy: task.policy, seed: task.seed, results };
    return JSON.stringify(row);
  }
}

/** A run's lean results: its record's sketches kept in place of the time series and quantile arrays. */
function leanRun(scenario: Scenario, options: RunOptions): LeanResults {
  const run = simulate(scenario, { ...options, keepJobs: false });
  return leanResults(summarize(run), run.statistics);
}
