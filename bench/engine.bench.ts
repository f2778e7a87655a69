/**
 * Engine benchmarks: events per second of manychip's engine, and of its full
 * simulation, against a bare hand-written heap loop on the same M/M/c model
 * in the same process; and the event queue alone on a hold model.
 *
 *   npm run bench             full run (about a minute)
 *   npm run bench -- --quick  shorter samples, for CI
 *
 * Figures are ratios to the bare loop measured moments apart, so they
 * survive a noisy shared machine better than absolute rates do.
 */
import { writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { EventQueue } from '../src/engine/event-queue.js';
import { RngStreams } from '../src/engine/rng.js';
import { simulate } from '../src/run-scenario.js';
import { parseScenario, type Scenario } from '../src/scenario/parse-scenario.js';
import { BareHeap } from './models/bare-heap.js';
import { runBareMmc, runEngineMmc } from './models/mmc.js';

const quick = process.argv.includes('--quick');
const timeMs = quick ? 300 : 2000;
const EVENTS = 200_000;
const HOLD_OPS = 200_000;

interface Row {
  suite: string;
  name: string;
  /** Events (or hold operations) per second, from the median sample. */
  rate: number;
  /** The bare reference's rate in the same comparison. */
  reference: number;
}

function mmcScenario(servers: number, jobs: number): Scenario {
  return parseScenario(`
name: mmc-${servers}
chips: { core: { kind: cpu } }
regions: [{ name: here }]
sites: [{ name: s, region: here, pools: [{ chip: core, nodes: ${servers} }] }]
classes:
  job: { speed: { core: 1 }, work: { dist: exponential, mean: 1 } }
workload:
  - { class: job, origin: here, arrivals: { process: poisson, rate: ${0.9 * servers} }, count: ${jobs} }
`);
}

/** Operations per second from the median latency of a task (ms per iteration). */
function rateOf(bench: Bench, name: string, opsPerIteration: number): number {
  const task = bench.getTask(name);
  const result = task?.result;
  if (result === undefined || !('latency' in result)) throw new Error(`benchmark ${name} did not complete`);
  return opsPerIteration / (result.latency.p50 / 1000);
}

async function mmcSuite(servers: number): Promise<Row[]> {
  const bench = new Bench({ time: timeMs, warmupTime: 200 });
  let seed = 0;
  let sink = 0;
  const scenario = mmcScenario(servers, EVENTS / 2);
  bench
    .add('bare', () => {
      sink += runBareMmc({ servers, rho: 0.9, events: EVENTS }, new RngStreams(++seed).stream('mmc'));
    })
    .add('engine', () => {
      sink += runEngineMmc({ servers, rho: 0.9, events: EVENTS }, new RngStreams(++seed).stream('mmc'));
    })
    .add('simulation', () => {
      const run = simulate(scenario, { seed: ++seed });
      sink += run.events;
    });
  await bench.run();
  if (sink === -1) console.log(sink);
  const bare = rateOf(bench, 'bare', EVENTS);
  return [
    { suite: `M/M/${servers}`, name: 'bare heap loop', rate: bare, reference: bare },
    { suite: `M/M/${servers}`, name: 'manychip engine', rate: rateOf(bench, 'engine', EVENTS), reference: bare },
    { suite: `M/M/${servers}`, name: 'manychip simulation (jobs, pools, metrics)', rate: rateOf(bench, 'simulation', EVENTS), reference: bare },
  ];
}

/** The classic hold model: a steady population of pending events; each operation pops one and pushes one. */
async function holdSuite(population: number): Promise<Row[]> {
  const rng = new RngStreams(7).stream('hold');
  const queue = new EventQueue(population);
  const bare = new BareHeap(population);
  for (let i = 0; i < population; i++) {
    const t = -Math.log(1 - rng());
    queue.push(t, 0, i);
    bare.push(t, 0);
  }
  const bench = new Bench({ time: timeMs, warmupTime: 200 });
  bench
    .add('bare', () => {
      for (let i = 0; i < HOLD_OPS; i++) {
        bare.pop();
        bare.push(bare.topTime - Math.log(1 - rng()), 0);
      }
    })
    .add('queue', () => {
      for (let i = 0; i < HOLD_OPS; i++) {
        queue.pop();
        queue.push(queue.topTime - Math.log(1 - rng()), 0, queue.topPayload);
      }
    });
  await bench.run();
  const reference = rateOf(bench, 'bare', HOLD_OPS);
  const suite = `hold ${population.toLocaleString('en-US')}`;
  return [
    { suite, name: 'bare heap', rate: reference, reference },
    { suite, name: 'manychip EventQueue', rate: rateOf(bench, 'queue', HOLD_OPS), reference },
  ];
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const servers of [1, 16, 256]) rows.push(...(await mmcSuite(servers)));
  for (const population of quick ? [1_000, 100_000] : [1_000, 10_000, 100_000, 1_000_000]) rows.push(...(await holdSuite(population)));

  const pad = (s: string, n: number): string => `${s} `.padEnd(n);
  console.log(`${pad('suite', 16)}${pad('implementation', 44)}${'M ops/s'.padStart(9)}${'vs bare'.padStart(9)}`);
  for (const r of rows) {
    console.log(`${pad(r.suite, 16)}${pad(r.name, 44)}${(r.rate / 1e6).toFixed(2).padStart(9)}${`${((r.rate / r.reference) * 100).toFixed(0)}%`.padStart(9)}`);
  }
  console.log(`\nnode ${process.version}, ${quick ? 'quick' : 'full'} run; rates from median samples; ops are events (M/M/c) or pop+push pairs (hold)`);

  // customBiggerIsBetter, as benchmark-tracking actions read it.
  const results = rows.flatMap((r) => [
    { name: `${r.suite} ${r.name}`, unit: 'M ops/s', value: r.rate / 1e6 },
    ...(r.rate === r.reference ? [] : [{ name: `${r.suite} ${r.name} / bare`, unit: 'ratio', value: r.rate / r.reference }]),
  ]);
  writeFileSync(new URL('../../bench/results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
}

await main();
