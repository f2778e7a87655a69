/**
 * The engine suites: M/M/c on the bare heap loop, on manychip's engine and
 * as a whole `Simulation`; and the event queue alone on the hold model.
 */
import { EventQueue } from '../../src/engine/event-queue.js';
import { RngStreams } from '../../src/engine/rng.js';
import { simulate, type RunOptions } from '../../src/run-scenario.js';
import type { Simulation } from '../../src/sim/simulation.js';
import type { Scenario } from '../../src/scenario/parse-scenario.js';
import { STEADY_TOLERANCE, type Figure } from '../lib/figure.js';
import { measureInRounds, type RoundOptions } from '../lib/measure.js';
import { BareHeap } from '../models/bare-heap.js';
import { mmcScenario, runBareMmc, runEngineMmc } from '../models/mmc.js';

/** Events per sample of the bare loop and the engine: M/M/c at ρ = 0.9, μ = 1. */
const EVENTS = 200_000;
/** Events per sample of the whole simulation (50,000 jobs, each arriving and finishing). */
const SIMULATION_EVENTS = 100_000;
/** Pop-and-push pairs per sample of the hold model. */
const HOLD_OPS = 200_000;

let sink = 0;

/**
 * M/M/`servers`: the engine (an `EventHandler` on `Engine`) and the whole
 * simulation (jobs, pools, policy, metrics; 50,000 jobs a sample), each
 * against the bare heap loop on the same model. The simulation takes the
 * one-pool fifo path (docs/architecture.md); the same run through the
 * general path (dispatcher, scheduling framework) is a figure of its own,
 * so that neither path can slow down unseen.
 */
export async function mmcFigures(servers: number, options: RoundOptions): Promise<Figure[]> {
  let seed = 0;
  const scenario = mmcScenario(servers, 0.9, SIMULATION_EVENTS / 2);
  const params = { servers, rho: 0.9, events: EVENTS };
  // Each figure names its path: a scenario that stopped taking the one it names would measure the other unseen.
  expectPath(scenario, {}, 'one-pool fifo');
  expectPath(scenario, { generalPath: true }, 'general');
  const [engine, simulation, general] = await measureInRounds(
    [
      { name: 'bare heap loop', ops: EVENTS, fn: () => (sink += runBareMmc(params, new RngStreams(++seed).stream('mmc'))) },
      { name: 'manychip engine', ops: EVENTS, fn: () => (sink += runEngineMmc(params, new RngStreams(++seed).stream('mmc'))) },
      { name: 'manychip simulation', ops: SIMULATION_EVENTS, fn: () => (sink += simulate(scenario, { seed: ++seed }).events) },
      { name: 'manychip simulation, general path', ops: SIMULATION_EVENTS, fn: () => (sink += simulate(scenario, { seed: ++seed, generalPath: true }).events) },
    ],
    options,
  );
  if (sink === -1) console.log(sink);
  const suite = `M/M/${servers}`;
  const reference = `bare heap loop M/M/${servers}`;
  const common = { suite, reference, unit: 'events', referenceUnit: 'events', gated: true };
  return [
    { ...common, name: `engine M/M/${servers} vs bare loop`, contender: 'manychip engine', summary: need(engine), tolerance: STEADY_TOLERANCE },
    { ...common, name: `simulation M/M/${servers} vs bare loop`, contender: 'manychip simulation (jobs, pools, metrics; the one-pool fifo path)', summary: need(simulation) },
    { ...common, name: `simulation (general path) M/M/${servers} vs bare loop`, contender: 'manychip simulation through the dispatcher and the scheduling framework', summary: need(general) },
  ];
}

/** Throws unless a run of `scenario` with `options` takes `path`. */
function expectPath(scenario: Scenario, options: RunOptions, path: Simulation['path']): void {
  let sim: Simulation | undefined;
  simulate(scenario, { ...options, seed: 1, observe: (s) => (sim = s) });
  if (sim?.path !== path) throw new Error(`the M/M/c benchmark scenario took the ${String(sim?.path)} path, not the ${path} path`);
}

/** The classic hold model: a steady population of pending events; each operation pops one and pushes one. */
export async function holdFigure(population: number, options: RoundOptions, gated = true): Promise<Figure> {
  const rng = new RngStreams(7).stream('hold');
  const queue = new EventQueue(population);
  const bare = new BareHeap(population);
  for (let i = 0; i < population; i++) {
    const t = -Math.log(1 - rng());
    queue.push(t, 0, i);
    bare.push(t, 0);
  }
  const [eventQueue] = await measureInRounds(
    [
      {
        name: 'bare heap',
        ops: HOLD_OPS,
        fn: () => {
          for (let i = 0; i < HOLD_OPS; i++) {
            bare.pop();
            bare.push(bare.topTime - Math.log(1 - rng()), 0);
          }
        },
      },
      {
        name: 'manychip EventQueue',
        ops: HOLD_OPS,
        fn: () => {
          for (let i = 0; i < HOLD_OPS; i++) {
            queue.pop();
            queue.push(queue.topTime - Math.log(1 - rng()), 0, queue.topPayload);
          }
        },
      },
    ],
    options,
  );
  const n = population.toLocaleString('en-US');
  return {
    name: `EventQueue hold ${n} vs bare heap`,
    suite: `hold ${n}`,
    contender: 'manychip EventQueue',
    reference: 'bare heap',
    unit: 'pop+push pairs',
    referenceUnit: 'pop+push pairs',
    summary: need(eventQueue),
    gated,
    tolerance: STEADY_TOLERANCE,
  };
}

export function need<T>(x: T | undefined): T {
  if (x === undefined) throw new Error('a benchmark task returned no figure');
  return x;
}
