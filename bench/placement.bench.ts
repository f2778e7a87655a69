/**
 * Placement benchmarks: decisions per second of the policy core, by pools ×
 * nodes, and the scheduling pass under overload (ρ = 1.2, a queue growing
 * past 100,000 jobs).
 *
 *   npm run bench:placement            full run
 *   npm run bench:placement -- --quick fewer, shorter rounds
 *
 * A decision is one `decide` call: the built-in filters on every candidate
 * pool (room now through the pool's free-capacity index, budget), then the
 * policy's choice (for cost-latency: three score parts normalised over the
 * candidates). "decide + place" adds placing the job on a node and taking
 * it off again, the index updates a started and a finished job cost.
 * Beside each figure: the bare heap loop's events per second, measured in
 * the same rounds, as a calibration for noisy machines.
 */
import { Bench } from 'tinybench';
import { RngStreams } from '../src/engine/rng.js';
import { JobState } from '../src/model/job-table.js';
import { Decision } from '../src/policy/scheduler.js';
import { parseScenario } from '../src/scenario/parse-scenario.js';
import { Simulation } from '../src/sim/simulation.js';
import { runBareMmc } from './models/mmc.js';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 5;
const TIME_MS = quick ? 150 : 300;
const DECISIONS = 5_000;
const JOBS = 4096;

/** A cluster of `pools` pools over min(20, pools) sites and 20 origin regions, `nodes` nodes in all, 8 chips a node. */
function clusterScenario(pools: number, nodes: number, policy: string, workload: string): string {
  const sites = Math.min(20, pools);
  const chips = ['cpu', 'gpu', 'npu'];
  const perPool = Math.max(1, Math.round(nodes / pools));
  const regions = Array.from({ length: 20 }, (_, r) => `  - { name: o${r}, lat: ${25 + (r % 5) * 3}, lon: ${105 + Math.floor(r / 5) * 4} }`);
  const siteLines = Array.from({ length: sites }, (_, s) => {
    const own = Array.from({ length: pools }, (_, p) => p).filter((p) => p % sites === s);
    const poolLines = own.map((p) => `{ name: p${p}, chip: ${chips[p % 3]}, nodes: ${perPool}, chipsPerNode: 8, pricePerChipHour: ${(0.5 + (p % 7) * 0.3).toFixed(2)} }`);
    return `  - { name: s${s}, lat: ${24 + (s % 5) * 3.5}, lon: ${104 + Math.floor(s / 5) * 4.5}, pools: [${poolLines.join(', ')}] }`;
  });
  return `name: placement-${pools}x${nodes}
chips: { cpu: { kind: cpu }, gpu: { kind: gpu }, npu: { kind: npu } }
regions:
${regions.join('\n')}
sites:
${siteLines.join('\n')}
classes:
  small: { speed: { cpu: 1, gpu: 3, npu: 2 }, chips: 1, work: { dist: exponential, mean: 60 }, slo: { circle: national } }
${workload}
policy: ${policy}
`;
}

interface Row {
  setting: string;
  what: string;
  perSecond: number;
  bareEventsPerSecond: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

/** Decisions on a cluster about half allocated: pure `decide`, and decide + place + release. */
async function decisions(pools: number, nodes: number, policy: string): Promise<Row[]> {
  const text = clusterScenario(pools, nodes, policy, 'jobs: [{ class: small, origin: o0, arrival: 0, work: 1 }]');
  const sim = new Simulation(parseScenario(text));
  const { jobs, context: ctx, state } = sim;
  const scheduler = sim.policy;
  scheduler.prepare?.(ctx);
  const rng = new RngStreams(3).stream('bench');
  // Jobs to decide about: one chip each, origins spread, estimates around a minute.
  const first = jobs.length;
  for (let i = 0; i < JOBS; i++) {
    const job = jobs.add(0, i % 20, 0, 60, 1000);
    jobs.estimate[job] = 10 + 100 * rng();
  }
  // Fill about half of every pool so that room is found but not everywhere.
  for (let p = 0; p < sim.model.pools.length; p++) {
    const cap = state.capacity[p];
    if (cap === undefined) continue;
    for (let n = 0; n < cap.nodes; n++) for (let c = 0; c < 4; c++) if (rng() < 0.9) cap.allocate(n, 1000, 0, 0);
  }
  const d = new Decision();
  let k = 0;
  let started = 0;
  let seed = 0;
  const rates: Record<string, number[]> = { decide: [], place: [], bare: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // A few iterations suffice for slow settings (tinybench would otherwise insist on 64).
    const bench = new Bench({ time: TIME_MS, iterations: 5, warmupTime: round === 0 ? 200 : 30, warmupIterations: 2 });
    bench
      .add('bare', () => void runBareMmc({ servers: 16, rho: 0.9, events: 50_000 }, new RngStreams(++seed).stream('b')))
      .add('decide', () => {
        for (let i = 0; i < DECISIONS; i++) {
          scheduler.decide(first + (k++ % JOBS), ctx, d);
          if (d.kind === 'start') started++;
        }
      })
      .add('place', () => {
        for (let i = 0; i < DECISIONS; i++) {
          const job = first + (k++ % JOBS);
          scheduler.decide(job, ctx, d);
          if (d.kind !== 'start') continue;
          state.place(jobs, job, d.pool, 0, 0);
          state.release(jobs, job, 0, 0);
          jobs.state[job] = JobState.Queued;
        }
      });
    await bench.run();
    for (const [name, ops] of [['bare', 50_000], ['decide', DECISIONS], ['place', DECISIONS]] as const) {
      const r = bench.getTask(name)?.result;
      if (r === undefined || !('latency' in r)) throw new Error(`${name} did not complete`);
      rates[name]?.push(ops / (r.latency.p50 / 1000));
    }
  }
  if (started === 0) throw new Error('no decision started a job: the benchmark measures nothing');
  const setting = `${pools} pools × ${nodes.toLocaleString('en-US')} nodes`;
  const bare = median(rates.bare as number[]);
  return [
    { setting, what: `${policy} decide`, perSecond: median(rates.decide as number[]), bareEventsPerSecond: bare },
    { setting, what: `${policy} decide + place`, perSecond: median(rates.place as number[]), bareEventsPerSecond: bare },
  ];
}

/** A whole run at ρ = 1.2 until the queue passes 100,000 jobs: events and decisions per second of wall time. */
function overloaded(pools: number, nodes: number, policy: string): Row {
  // 100 pools × 10,000 nodes × 8 chips at one chip per job and 60 s mean work: capacity μ = chips / 60 per s, at speeds ~2.
  const chips = nodes * 8;
  const meanSpeed = 2;
  const rate = (1.2 * chips * meanSpeed) / 60;
  const count = Math.ceil(100_000 / (1 - 1 / 1.2)) + chips;
  const text = clusterScenario(pools, nodes, policy, `workload:\n  - { class: small, origin: { ${Array.from({ length: 20 }, (_, r) => `o${r}: 1`).join(', ')} }, arrivals: { process: poisson, rate: ${rate} }, count: ${count} }`);
  const sim = new Simulation(parseScenario(text));
  let decided = 0;
  const decide = sim.policy.decide.bind(sim.policy);
  // Count decisions without changing them.
  (sim.policy as { decide: typeof decide }).decide = (job, ctx, out) => {
    decided++;
    decide(job, ctx, out);
  };
  let maxQueue = 0;
  sim.hooks.on('job:arrive', () => {
    const q = sim.dispatcher.central.size;
    if (q > maxQueue) maxQueue = q;
  });
  const t0 = performance.now();
  const run = sim.run();
  const seconds = (performance.now() - t0) / 1000;
  const bareT0 = performance.now();
  runBareMmc({ servers: 16, rho: 0.9, events: 2_000_000 }, new RngStreams(1).stream('b'));
  const bare = 2_000_000 / ((performance.now() - bareT0) / 1000);
  return {
    setting: `${pools} pools × ${nodes.toLocaleString('en-US')} nodes, ρ 1.2, queue to ${maxQueue.toLocaleString('en-US')}`,
    what: `${policy}: ${run.events.toLocaleString('en-US')} events, ${decided.toLocaleString('en-US')} decisions in ${seconds.toFixed(2)} s`,
    perSecond: run.events / seconds,
    bareEventsPerSecond: bare,
  };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const settings = quick
    ? [
        [100, 10_000],
        [100, 1_000],
        [100, 100_000],
      ]
    : [
        [10, 1_000],
        [10, 10_000],
        [10, 100_000],
        [100, 1_000],
        [100, 10_000],
        [100, 100_000],
        [1000, 1_000],
        [1000, 10_000],
        [1000, 100_000],
      ];
  for (const [pools, nodes] of settings) {
    for (const policy of quick ? ['cost-latency'] : ['cost-latency', 'fifo', 'mct']) rows.push(...(await decisions(pools as number, nodes as number, policy)));
  }
  rows.push(overloaded(100, 10_000, 'cost-latency'));
  if (!quick) rows.push(overloaded(100, 10_000, 'fifo'));

  console.log(`${'setting'.padEnd(60)}${'what'.padEnd(64)}${'per s'.padStart(12)}${'bare ev/s'.padStart(12)}`);
  for (const r of rows) {
    console.log(`${r.setting.padEnd(60)}${r.what.padEnd(64)}${Math.round(r.perSecond).toLocaleString('en-US').padStart(12)}${Math.round(r.bareEventsPerSecond).toLocaleString('en-US').padStart(12)}`);
  }
  console.log(`\nnode ${process.version}, ${quick ? 'quick' : 'full'} run; decisions per second are medians over ${ROUNDS} rounds`);
}

await main();
