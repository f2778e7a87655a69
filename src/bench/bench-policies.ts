import { UserError } from '../errors.js';
import type { Policy } from '../policy/policy.js';
import { policyChoiceNames, schedulerFor } from '../policy/registry.js';
import { loadScenarioFile, type Scenario } from '../scenario/parse-scenario.js';
import { Simulation } from '../sim/simulation.js';
import { CALIBRATION_MODEL, calibrationEventsPerSecond } from './calibration-loop.js';
import { countingScheduler } from './counting-scheduler.js';
import { median, summarizeRounds, type RoundSample } from './ratio-rounds.js';

/** A benchmark asked for something impossible: no policies, one listed twice, no rounds. */
export class BenchError extends UserError {
  override name = 'BenchError';
}

export interface BenchPoliciesOptions {
  /** Built-in policy names, or user `Policy` objects (load a module once with `loadPolicySource`). Each run gets a fresh scheduler. */
  policies: readonly (string | Policy)[];
  /** Seed of every run; default the scenario's. */
  seed?: number;
  /** Runs per policy; figures are medians over them. Default 3. */
  rounds?: number;
  /** Events per run of the calibration loop; default 500,000 (about 50 ms). */
  calibrationEvents?: number;
  /** Called after each run with the runs done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** One policy's figures: medians over the rounds. */
export interface PolicyBench {
  policy: string;
  /** Scheduling decisions in one run (see `countingScheduler`); the median over rounds if they differ. */
  decisions: number;
  /** Simulated events in one run (arrivals, completions, failures, repairs, preemptions), as in the results' `events`. */
  events: number;
  /** Wall time of the run alone, as `perf.wallSeconds` of `manychip run` (scenario parsing and summarising excluded). */
  wallSeconds: number;
  decisionsPerSecond: number;
  eventsPerSecond: number;
  /** Median over rounds of events/s ÷ the calibration loop's events/s measured just before the run. */
  eventsVsCalibration: number;
  /** Median over rounds of decisions/s ÷ the calibration loop's events/s measured just before the run. */
  decisionsVsCalibration: number;
}

export interface PolicyBenchmark {
  scenario: string;
  seed: number;
  rounds: number;
  node: string;
  calibration: { model: string; events: number; eventsPerSecond: number };
  policies: PolicyBench[];
}

/**
 * Benchmarks policies on a scenario: every policy runs the scenario
 * `rounds` times (a fresh scheduler each time, all under one seed, so
 * under common random numbers they see the same jobs), and each run is
 * preceded by a run of the calibration loop (the bare heap loop on M/M/16),
 * so that each figure also comes as a ratio to that loop measured moments
 * before: the ratios are what compare across machines and busy moments.
 *
 * ```ts
 * const b = benchPolicies('scenarios/quickstart.yaml', { policies: ['fifo', 'cost-latency'] });
 * console.log(b.policies[1]?.decisionsPerSecond);
 * ```
 */
export function benchPolicies(scenario: Scenario | string, options: BenchPoliciesOptions): PolicyBenchmark {
  const s = typeof scenario === 'string' ? loadScenarioFile(scenario, {}) : scenario;
  const rounds = options.rounds ?? 3;
  if (!Number.isInteger(rounds) || rounds < 1) throw new BenchError(`rounds must be a whole number of at least 1, got ${rounds}`);
  const calibrationEvents = options.calibrationEvents ?? 500_000;
  const policies = options.policies;
  const names = policyChoiceNames(policies, (m) => new BenchError(m === 'no policies given' ? 'no policies to benchmark' : m));
  const seed = options.seed ?? s.seed;

  calibrationEventsPerSecond(calibrationEvents); // warm-up: the first run pays for compiling the loop
  const calibrations: number[] = [];
  const runs = policies.map(() => ({ samples: [] as RoundSample[], decisionRates: [] as RoundSample[], decisions: [] as number[], events: [] as number[], walls: [] as number[] }));
  const total = rounds * policies.length;
  let done = 0;
  // Round-major: each round runs every policy once, so a slow spell of the machine touches all of them alike.
  for (let round = 0; round < rounds; round++) {
    policies.forEach((policy, i) => {
      const reference = calibrationEventsPerSecond(calibrationEvents);
      calibrations.push(reference);
      const counted = countingScheduler(schedulerFor(policy));
      const record = new Simulation(s, { seed, policy: counted.scheduler }).run();
      const wall = Math.max(record.wallSeconds, 1e-9);
      const r = runs[i] as (typeof runs)[number];
      r.samples.push({ rate: record.events / wall, reference });
      r.decisionRates.push({ rate: counted.decisions() / wall, reference });
      r.decisions.push(counted.decisions());
      r.events.push(record.events);
      r.walls.push(record.wallSeconds);
      options.onProgress?.(++done, total);
    });
  }

  return {
    scenario: s.name,
    seed,
    rounds,
    node: process.version,
    calibration: {
      model: `bare heap loop, M/M/${CALIBRATION_MODEL.servers} at ρ = ${CALIBRATION_MODEL.rho}`,
      events: calibrationEvents,
      eventsPerSecond: median(calibrations),
    },
    policies: runs.map((r, i) => {
      const events = summarizeRounds(r.samples);
      const decisions = summarizeRounds(r.decisionRates);
      return {
        policy: names[i] as string,
        decisions: median(r.decisions),
        events: median(r.events),
        wallSeconds: median(r.walls),
        decisionsPerSecond: decisions.rate,
        eventsPerSecond: events.rate,
        eventsVsCalibration: events.ratio,
        decisionsVsCalibration: decisions.ratio,
      };
    }),
  };
}
