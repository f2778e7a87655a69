/**
 * Engine benchmarks: events per second of manychip's engine, and of its full
 * simulation, against a bare hand-written heap loop on the same M/M/c model
 * in the same process; and the event queue alone on a hold model.
 *
 *   npm run bench             full run (about a minute)
 *   npm run bench -- --quick  shorter samples, for CI
 *
 * Figures are ratios to the bare loop measured moments apart, so they
 * survive a noisy shared machine better than absolute rates do: each suite
 * runs in several short rounds, every round measuring the reference and
 * the contenders one after the other, and the reported ratio is the median
 * of the per-round ratios (the rate, the median of per-round rates).
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
const ROUNDS = quick ? 3 : 7;
const timeMs = quick ? 150 : 400;
const EVENTS = 200_000;
const HOLD_OPS = 200_000;

interface Row {
  suite: string;
  name: string;
  /** Events (or hold operations) per second: the median over rounds of each round's median sample. */
  rate: number;
  /** Median over rounds of the rate relative to the bare reference in the same round. */
  ratio: number;
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Runs `tasks` (the first is the reference) in ROUNDS short rounds and
 * returns, per task, the median rate and the median of its per-round ratio
 * to the reference.
 */
async function inRounds(tasks: [name: string, fn: () => void][], opsPerIteration: number): Promise<{ name: string; rate: number; ratio: number }[]> {
  const rates = tasks.map(() => [] as number[]);
  const ratios = tasks.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: timeMs, iterations: 5, warmupTime: round === 0 ? 200 : 50 });
    for (const [name, fn] of tasks) bench.add(name, fn);
    await bench.run();
    const reference = rateOf(bench, tasks[0]?.[0] as string, opsPerIteration);
    tasks.forEach(([name], i) => {
      const rate = rateOf(bench, name, opsPerIteration);
      rates[i]?.push(rate);
      ratios[i]?.push(rate / reference);
    });
  }
  return tasks.map(([name], i) => ({ name, rate: median(rates[i] as number[]), ratio: median(ratios[i] as number[]) }));
}

async function mmcSuite(servers: number): Promise<Row[]> {
  let seed = 0;
  let sink = 0;
  const scenario = mmcScenario(servers, EVENTS / 2);
  const results = await inRounds(
    [
      ['bare heap loop', () => (sink += runBareMmc({ servers, rho: 0.9, events: EVENTS }, new RngStreams(++seed).stream('mmc')))],
      ['manychip engine', () => (sink += runEngineMmc({ servers, rho: 0.9, events: EVENTS }, new RngStreams(++seed).stream('mmc')))],
      ['manychip simulation (jobs, pools, metrics)', () => (sink += simulate(scenario, { seed: ++seed }).events)],
    ],
    EVENTS,
  );
  if (sink === -1) console.log(sink);
  return results.map((r) => ({ suite: `M/M/${servers}`, name: r.name, rate: r.rate, ratio: r.ratio }));
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
  const results = await inRounds(
    [
      [
        'bare heap',
        () => {
          for (let i = 0; i < HOLD_OPS; i++) {
            bare.pop();
            bare.push(bare.topTime - Math.log(1 - rng()), 0);
          }
        },
      ],
      [
        'manychip EventQueue',
        () => {
          for (let i = 0; i < HOLD_OPS; i++) {
            queue.pop();
            queue.push(queue.topTime - Math.log(1 - rng()), 0, queue.topPayload);
          }
        },
      ],
    ],
    HOLD_OPS,
  );
  const suite = `hold ${population.toLocaleString('en-US')}`;
  return results.map((r) => ({ suite, name: r.name, rate: r.rate, ratio: r.ratio }));
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const servers of [1, 16, 256]) rows.push(...(await mmcSuite(servers)));
  for (const population of quick ? [1_000, 100_000] : [1_000, 10_000, 100_000, 1_000_000]) rows.push(...(await holdSuite(population)));

  const pad = (s: string, n: number): string => `${s} `.padEnd(n);
  console.log(`${pad('suite', 16)}${pad('implementation', 44)}${'M ops/s'.padStart(9)}${'vs bare'.padStart(9)}`);
  for (const r of rows) {
    console.log(`${pad(r.suite, 16)}${pad(r.name, 44)}${(r.rate / 1e6).toFixed(2).padStart(9)}${`${(r.ratio * 100).toFixed(0)}%`.padStart(9)}`);
  }
  console.log(`\nnode ${process.version}, ${quick ? 'quick' : 'full'} run, ${ROUNDS} rounds; ops are events (M/M/c) or pop+push pairs (hold)`);

  // customBiggerIsBetter, as benchmark-tracking actions read it.
  const results = rows.flatMap((r) => [
    { name: `${r.suite} ${r.name}`, unit: 'M ops/s', value: r.rate / 1e6 },
    ...(r.ratio === 1 ? [] : [{ name: `${r.suite} ${r.name} / bare`, unit: 'ratio', value: r.ratio }]),
  ]);
  writeFileSync(new URL('../../bench/results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
}

await main();
