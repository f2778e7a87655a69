import type { RunRecord } from './metrics/run-record.js';
import type { Results } from './metrics/results.js';
import { summarize } from './metrics/summarize.js';
import type { Policy } from './policy/policy.js';
import { policyNameLists } from './policy/brain/brain-registry.js';
import type { Scheduler } from './policy/scheduler.js';
import { loadScenarioFile, type Scenario } from './scenario/parse-scenario.js';
import type { ScenarioModules } from './sim/brain/build-brain.js';
import type { ExplainRequest } from './sim/explanation-recorder.js';
import { Simulation } from './sim/simulation.js';

export interface RunOptions {
  /** Master seed; defaults to the scenario's `seed`. */
  seed?: number;
  /**
   * A built-in policy name, a built-in instance, or a user `Policy`;
   * defaults to the scenario's `policy`. A policy module is loaded with
   * `await loadPolicy(path)` and passed here.
   */
  policy?: string | Scheduler | Policy;
  /**
   * Called with the simulation before it runs, to attach hook listeners
   * (`sim.hooks.on('job:start', …)`), such as a `ScheduleTraceRecorder`.
   */
  observe?: (simulation: Simulation) => void;
  /** Fail on the first malformed trace row (file, line, field; exit code 2 in the CLI) instead of skipping and counting them. */
  strict?: boolean;
  /** Record why each decision about these jobs came out as it did (`--explain`); the results then carry `explanations`. */
  explain?: ExplainRequest;
  /** Policy modules the scenario's brain block names, loaded with `await loadScenarioModules(scenario)`. */
  modules?: ScenarioModules;
}

/**
 * Runs a scenario (a parsed `Scenario` or a path to a scenario file) and
 * returns its results in the results contract.
 *
 * ```ts
 * const results = runScenario('scenarios/mmc.yaml', { seed: 7 });
 * console.log(results.wait.mean);
 * ```
 */
export function runScenario(scenario: Scenario | string, options: RunOptions = {}): Results {
  return summarize(simulate(scenario, options));
}

/** Like `runScenario`, but returns the raw run record (every job's times) for further analysis. */
export function simulate(scenario: Scenario | string, options: RunOptions = {}): RunRecord {
  const s = typeof scenario === 'string' ? loadScenarioFile(scenario, policyNameLists()) : scenario;
  const simulation = new Simulation(s, {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    policy: options.policy ?? s.policy,
    strict: options.strict === true,
    ...(options.explain === undefined ? {} : { explain: options.explain }),
    ...(options.modules === undefined ? {} : { modules: options.modules }),
  });
  options.observe?.(simulation);
  return simulation.run();
}
