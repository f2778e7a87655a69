/**
 * Placement: decisions per second of the policy core on a cluster about
 * half allocated, by pools × nodes, against the calibration loop in the
 * same rounds.
 *
 * A decision is one `decide` call: the built-in filters on every candidate
 * pool (room now through the pool's free-capacity index, budget), then the
 * policy's choice (for cost-latency: three score parts normalised over the
 * candidates, or a choice remembered while room is unchanged). "decide +
 * place" adds placing the job on a node and taking it off again, the index
 * updates a started and a finished job cost.
 */
import { RngStreams } from '../../src/engine/rng.js';
import { JobState } from '../../src/model/job-table.js';
import { Decision } from '../../src/policy/decision.js';
import type { JobId } from '../../src/policy/ids.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';
import type { RatioSummary } from '../../src/bench/ratio-rounds.js';
import type { Figure } from '../lib/figure.js';
import { measureInRounds, type RoundOptions, type Task } from '../lib/measure.js';
import { runBareMmc } from '../models/mmc.js';
import { need } from './engine-suite.js';

const JOBS = 4096;
const CALIBRATION_EVENTS = 200_000;
/** Milliseconds a sample of decisions takes (about as long as one of the calibration loop). */
const SAMPLE_MS = 20;

/** A cluster of `pools` pools over min(20, pools) sites and 20 origin regions, `nodes` nodes in all, 8 chips a node. */
export function clusterScenario(pools: number, nodes: number, policy: string, workload: string): string {
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

/** What is timed: a bare `decide`; `decide` for jobs with a (far) deadline; decide, then place and release the job. */
export type DecisionTask = 'decide' | 'decide, with deadline' | 'decide + place';

/**
 * Decisions on a cluster about half allocated, against the calibration
 * loop. Jobs without deadline, budget or input data are the common case;
 * cost-latency remembers its choice for them while room for their class is
 * unchanged, which a loop of decisions on an unchanging cluster always
 * hits. Jobs with a deadline (one that every pool meets) are scored afresh
 * every time: that is what a decision costs when it must look at the pools.
 */
export async function decisionRates(pools: number, nodes: number, policy: string, kinds: readonly DecisionTask[], options: RoundOptions): Promise<Map<DecisionTask, RatioSummary>> {
  const text = clusterScenario(pools, nodes, policy, 'jobs: [{ class: small, origin: o0, arrival: 0, work: 1 }]');
  const sim = new Simulation(parseScenario(text));
  const { jobs, context: ctx, state } = sim;
  const scheduler = sim.policy;
  scheduler.prepare?.(ctx);
  const rng = new RngStreams(3).stream('bench');
  // Jobs to decide about: one chip each, origins spread, estimates around a minute; a second set with a deadline.
  const plain = jobs.length;
  for (let i = 0; i < JOBS; i++) {
    const job = jobs.add(0, i % 20, 0, 60, 1000);
    jobs.estimate[job] = 10 + 100 * rng();
  }
  const withDeadline = jobs.length;
  for (let i = 0; i < JOBS; i++) {
    const job = jobs.add(0, i % 20, 0, 60, 1000);
    jobs.estimate[job] = 10 + 100 * rng();
    jobs.due[job] = 1e12;
  }
  const filler = jobs.add(0, 0, 0, 60, 1000);
  // Fill about half of every pool at random so that room is found but not everywhere...
  for (let p = 0; p < sim.model.pools.length; p++) {
    const cap = state.capacity[p];
    if (cap === undefined) continue;
    for (let n = 0; n < cap.nodes; n++) for (let c = 0; c < 4; c++) if (rng() < 0.9) cap.allocate(n, 1000, 0, 0);
    // ...and let the cluster state read the pool's new maxima (it refreshes them on a place or release).
    if (state.place(jobs, filler, p, 0, 0) >= 0) state.release(jobs, filler, 0, 0);
  }
  const d = new Decision();
  let k = 0;
  let started = 0;
  let seed = 0;
  let sink = 0;
  const loops: Record<DecisionTask, (n: number) => void> = {
    decide: (n) => {
      for (let i = 0; i < n; i++) {
        scheduler.decide((plain + (k++ % JOBS)) as JobId, ctx, d);
        if (d.kind === 'start') started++;
      }
    },
    'decide, with deadline': (n) => {
      for (let i = 0; i < n; i++) {
        scheduler.decide((withDeadline + (k++ % JOBS)) as JobId, ctx, d);
        if (d.kind === 'start') started++;
      }
    },
    'decide + place': (n) => {
      for (let i = 0; i < n; i++) {
        const job = plain + (k++ % JOBS);
        scheduler.decide(job as JobId, ctx, d);
        if (d.kind !== 'start') continue;
        state.place(jobs, job, d.pool, 0, 0);
        state.release(jobs, job, 0, 0);
        jobs.state[job] = JobState.Queued;
      }
    },
  };
  const tasks: Task[] = [
    { name: 'calibration loop', ops: CALIBRATION_EVENTS, fn: () => (sink += runBareMmc({ servers: 16, rho: 0.9, events: CALIBRATION_EVENTS }, new RngStreams(++seed).stream('b'))) },
    ...kinds.map((kind) => {
      const loop = loops[kind];
      const n = countFor(loop, SAMPLE_MS);
      return { name: kind, ops: n, fn: () => loop(n) };
    }),
  ];
  const summaries = await measureInRounds(tasks, options);
  if (started === 0) throw new Error('no decision started a job: the benchmark measures nothing');
  if (sink === -1) console.log(sink);
  return new Map(kinds.map((kind, i) => [kind, need(summaries[i])]));
}

/**
 * How many operations of `loop` take about `ms` milliseconds here: samples
 * of one size whatever a decision costs (from 20 ns for a remembered
 * choice to tens of µs at 1,000 pools). Doubles as the warm-up.
 */
function countFor(loop: (n: number) => void, ms: number): number {
  let n = 100;
  for (;;) {
    const t0 = performance.now();
    loop(n);
    const elapsed = performance.now() - t0;
    if (elapsed >= ms / 4) return Math.max(1, Math.round((n * ms) / elapsed));
    n *= 2;
  }
}

/**
 * The placement suite's figures: cost-latency decisions at 100 pools ×
 * 10,000 nodes. The gate checks the scored ones (jobs with a deadline);
 * remembered choices take about 20 ns each, and their ratio moves by a
 * third from one process to the next (compiled-code luck at that scale),
 * so it is recorded, not gated.
 */
export async function placementFigures(options: RoundOptions): Promise<Figure[]> {
  const r = await decisionRates(100, 10_000, 'cost-latency', ['decide, with deadline', 'decide'], options);
  const common = { suite: 'placement', reference: 'calibration loop (bare M/M/16)', unit: 'decisions', referenceUnit: 'events' };
  return [
    {
      ...common,
      name: 'placement cost-latency decide (scored) 100 pools × 10,000 nodes vs bare loop',
      contender: 'cost-latency decide, scored (jobs with a deadline), 100 pools × 10,000 nodes',
      summary: need(r.get('decide, with deadline')),
      gated: true,
    },
    {
      ...common,
      name: 'placement cost-latency decide (remembered) 100 pools × 10,000 nodes vs bare loop',
      contender: 'cost-latency decide, remembered choice, 100 pools × 10,000 nodes',
      summary: need(r.get('decide')),
      gated: false,
    },
  ];
}
