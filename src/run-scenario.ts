import type { RunRecord } from './metrics/run-record.js';
import type { SlowJob } from './model/explanation.js';
import { JobState } from './model/job-table.js';
import type { Results } from './metrics/results.js';
import type { JobTime } from './metrics/slowest-jobs.js';
import type { QuantileMethod } from './metrics/streamed-statistic.js';
import { summarize } from './metrics/summarize.js';

export type { JobTime } from './metrics/slowest-jobs.js';
import type { Policy } from './policy/policy.js';
import { policyNameLists } from './policy/brain/brain-policy-names.js';
import type { RuleModule } from './policy/elastic-rules/user-rule.js';
import type { Scheduler } from './policy/scheduler.js';
import { loadScenarioFile, type Scenario } from './scenario/parse-scenario.js';
import type { ScenarioModules } from './sim/brain/build-brain.js';
import type { ExplainRequest } from './sim/explanation-recorder.js';
import { Simulation } from './sim/simulation.js';
import type { Mechanism } from './scenario/schema.js';

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
  /** The market mechanism instead of the scenario's (docs/market.md); the run then trades. */
  mechanism?: Mechanism;
  /** Policy modules the scenario's brain block names, loaded with `await loadScenarioModules(scenario)`. */
  modules?: ScenarioModules;
  /** How quantiles are computed: `sketch` (default; within 0.5% of exact, memory independent of the jobs) or `exact` (`--exact`: every value kept). */
  quantiles?: QuantileMethod;
  /**
   * `simulate` only: keep every job in the record's table for reading
   * afterwards (default true). False recycles a finished job's slot, so
   * memory follows the jobs alive; `runScenario` never keeps them.
   */
  keepJobs?: boolean;
  /** The scaling-rule modules the scenario's elastic pools name, loaded with `await loadRules(scenario)`. */
  rules?: ReadonlyMap<string, RuleModule>;
  /** Take the general path even where the one-pool fifo path applies (same results; for comparing the two). */
  generalPath?: boolean;
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
  return summarize(simulate(scenario, { ...options, keepJobs: false }));
}

/** Like `runScenario`, but returns the raw run record (every job's times, unless `keepJobs: false`) for further analysis. */
export function simulate(scenario: Scenario | string, options: RunOptions = {}): RunRecord {
  const s = typeof scenario === 'string' ? loadScenarioFile(scenario, policyNameLists()) : scenario;
  const simulation = new Simulation(s, {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    policy: options.policy ?? s.policy,
    strict: options.strict === true,
    ...(options.explain === undefined ? {} : { explain: options.explain }),
    ...(options.mechanism === undefined ? {} : { mechanism: options.mechanism }),
    ...(options.modules === undefined ? {} : { modules: options.modules }),
    ...(options.quantiles === undefined ? {} : { quantiles: options.quantiles }),
    keepJobs: options.keepJobs !== false,
    ...(options.rules === undefined ? {} : { rules: options.rules }),
    ...(options.generalPath === undefined ? {} : { generalPath: options.generalPath }),
  });
  options.observe?.(simulation);
  return simulation.run();
}

/**
 * The `count` completed jobs of a run with the longest JCT (arrival to
 * finish), longest first; ties to the earlier arrival. Up to ten are kept
 * as the run goes; more need a run that kept its jobs.
 */
export function slowestJobs(run: RunRecord, count = 10): JobTime[] {
  const kept = run.statistics.slowest;
  if (count <= kept.limit) return kept.list().slice(0, count);
  if (!run.keptJobs) throw new Error(`the ${count} slowest jobs need a run that kept its jobs (at most ${kept.limit} are kept as it goes)`);
  const jobs = run.jobs;
  const done: number[] = [];
  for (let j = 0; j < jobs.length; j++) if (jobs.state[j] === JobState.Completed) done.push(j);
  const jct = (j: number): number => (jobs.finish[j] as number) - (jobs.arrival[j] as number);
  done.sort((a, b) => jct(b) - jct(a) || a - b);
  return done.slice(0, count).map((j) => ({ id: jobs.idOf(j), jctS: jct(j) }));
}

/**
 * Why the slowest jobs of a finished run went where they went: the same
 * run again (same scenario and seed; `options.policy` must be a fresh
 * choice — a name, a user `Policy`, or a scheduler not yet run), this time
 * recording every decision about those jobs. Runs are deterministic, so
 * these are the decisions the first run made.
 */
export function whyOfSlowest(scenario: Scenario, run: RunRecord, options: RunOptions = {}, count = 10): SlowJob[] {
  const slow = slowestJobs(run, count);
  if (slow.length === 0) return [];
  const rerun = simulate(scenario, { ...options, seed: run.seed, explain: { ids: slow.map((s) => s.id) } });
  const byId = new Map((rerun.explanations ?? []).map((e) => [e.job, e]));
  return slow.flatMap((s) => {
    const explanation = byId.get(s.id);
    return explanation === undefined ? [] : [{ explanation, jctS: s.jctS }];
  });
}
