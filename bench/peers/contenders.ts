import { RngStreams } from '../../src/engine/rng.js';
import { summarize } from '../../src/metrics/summarize.js';
import { simulate } from '../../src/run-scenario.js';
import type { Scenario } from '../../src/scenario/parse-scenario.js';
import type { Simulation } from '../../src/sim/simulation.js';
import { mmcScenario, runBareMmc, runEngineMmc } from '../models/mmc.js';
import { loadSimJs, runSimJsMmc, simJsVersion } from './simjs.js';
import { runSimPyMmc, simPyRows, type SimPyProbe } from './simpy.js';

/** One timed run of one implementation. */
export interface Sample {
  /** Model events: arrivals + completions. */
  events: number;
  /** Entries the implementation's own event list processed: what it really paid for. */
  kernelEvents: number;
  seconds: number;
  /** Sum of waits in queue, and the number of jobs it is over; absent where the model keeps no waits. */
  waitSumS?: number;
  waited?: number;
}

export interface Contender {
  key: string;
  name: string;
  /** Runs `jobs` arrivals (2 · jobs events for the models that stop after an event count), timing the run alone. */
  run(jobs: number, seed: number): Sample;
  /** Pilot size; the pilot grows until it lasts long enough to time. */
  pilotJobs: number;
  /** JIT-compiled code, to be run until V8 settles before it is sized. */
  warmUp: boolean;
}

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, (performance.now() - start) / 1000];
}

/**
 * The implementations of M/M/c (λ = rho · servers, μ = 1), the bare heap
 * loop first (the reference of every "vs bare" ratio), then manychip's
 * engine and full simulation, simjs, and one SimPy per API in `probe`.
 */
export function contenders(servers: number, rho: number, probe: SimPyProbe): Contender[] {
  const simjs = loadSimJs();
  const scenarios = new Map<number, Scenario>();
  const scenarioFor = (jobs: number): Scenario => {
    let s = scenarios.get(jobs);
    if (s === undefined) scenarios.set(jobs, (s = mmcScenario(servers, rho, jobs)));
    return s;
  };
  const list: Contender[] = [
    {
      key: 'bare',
      name: 'bare heap loop',
      pilotJobs: 100_000,
      warmUp: true,
      run(jobs, seed) {
        const rng = new RngStreams(seed).stream('mmc');
        const [, seconds] = timed(() => runBareMmc({ servers, rho, events: 2 * jobs }, rng));
        return { events: 2 * jobs, kernelEvents: 2 * jobs, seconds };
      },
    },
    {
      key: 'engine',
      name: 'manychip engine',
      pilotJobs: 100_000,
      warmUp: true,
      run(jobs, seed) {
        const rng = new RngStreams(seed).stream('mmc');
        const [, seconds] = timed(() => runEngineMmc({ servers, rho, events: 2 * jobs }, rng));
        return { events: 2 * jobs, kernelEvents: 2 * jobs, seconds };
      },
    },
    {
      key: 'simulation',
      name: 'manychip simulation',
      pilotJobs: 20_000,
      warmUp: true,
      run(jobs, seed) {
        const scenario = scenarioFor(jobs);
        let simulation: Simulation | undefined;
        const [record, seconds] = timed(() => simulate(scenario, { seed, observe: (s) => (simulation = s) }));
        const results = summarize(record);
        const waits = results.wait.mean === null ? {} : { waitSumS: results.wait.mean * results.jobs.completed, waited: results.jobs.completed };
        return { events: record.events, kernelEvents: simulation?.engine.eventsApplied ?? Number.NaN, seconds, ...waits };
      },
    },
    {
      key: 'simjs',
      name: `simjs ${simJsVersion()}`,
      pilotJobs: 20_000,
      warmUp: true,
      run(jobs, seed) {
        const [r, seconds] = timed(() => runSimJsMmc(simjs, servers, rho, jobs, seed));
        return { events: r.arrivals + r.completions, kernelEvents: r.kernelEvents, seconds, waitSumS: r.meanWaitS * r.completions, waited: r.completions };
      },
    },
  ];
  for (const { api, key, name } of simPyRows(probe)) {
    list.push({
      key,
      name,
      pilotJobs: 10_000,
      warmUp: false,
      run(jobs, seed) {
        const r = runSimPyMmc(api, servers, rho, jobs, seed);
        return { events: r.arrivals + r.completions, kernelEvents: r.kernelEvents, seconds: r.seconds, waitSumS: r.meanWaitS * r.completions, waited: r.completions };
      },
    });
  }
  return list;
}
