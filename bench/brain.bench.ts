/**
 * The brain's benchmarks (docs/brain.md, BENCHMARKS.md).
 *
 *   npm run bench:brain              full run
 *   npm run bench:brain -- --quick   fewer rounds
 *
 * 1. Two levels against one: bench/scenarios/brain-20-sites-1m.yaml (the
 *    national grid's 20 sites, 1,000,000 jobs, cost-latency at each site)
 *    under its brain (power-of-d on a 30 s view; and late binding), and
 *    the same scenario without the brain block (one central cost-latency
 *    scheduler over every pool), in interleaved rounds in this process.
 *    The figure is the median over rounds of each round's wall-time ratio,
 *    brain ÷ central; the target is at most 1.5.
 * 2. Brain decisions per second at 1,000 sites (one pool of 8 nodes each,
 *    about half allocated; jobs that may use every site): each built-in
 *    brain policy's choice on a fresh view and on a 30 s view, against the
 *    central cost-latency scheduler deciding over the same 1,000 pools (jobs
 *    with a deadline, so that it scores every pool rather than remember)
 *    and the calibration loop, in the same rounds.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RngStreams } from '../src/engine/rng.js';
import { Decision } from '../src/policy/decision.js';
import type { JobId } from '../src/policy/ids.js';
import { parseScenario } from '../src/scenario/parse-scenario.js';
import type { BrainStage } from '../src/sim/brain/brain-stage.js';
import { Simulation } from '../src/sim/simulation.js';
import { measureInRounds, type Task } from './lib/measure.js';
import { CALIBRATION_MODEL, runBareMmc } from '../src/bench/calibration-loop.js';

const quick = process.argv.includes('--quick');
const here = dirname(fileURLToPath(import.meta.url));
const root = here.endsWith(join('dist', 'bench')) ? join(here, '..', '..') : join(here, '..');

function twoLevelsAgainstOne(): void {
  const file = join(root, 'bench', 'scenarios', 'brain-20-sites-1m.yaml');
  const text = readFileSync(file, 'utf8');
  const variants: [string, string][] = [
    ['central cost-latency', text.slice(0, text.indexOf('\nbrain:'))],
    ['brain power-of-d, 30 s view', text],
    ['brain late-binding', text.replace('policy: power-of-d', 'policy: late-binding')],
  ];
  const scenarios = variants.map(([name, t]) => [name, parseScenario(t, file, dirname(file))] as const);
  const rounds = quick ? 2 : 5;
  const seconds = scenarios.map(() => [] as number[]);
  let events = 0;
  for (let round = 0; round < rounds; round++) {
    scenarios.forEach(([, s], i) => {
      const t0 = performance.now();
      events = new Simulation(s).run().events;
      (seconds[i] as number[]).push((performance.now() - t0) / 1000);
    });
  }
  const median = (v: readonly number[]): number => {
    const s = [...v].sort((a, b) => a - b);
    return s.length % 2 === 1 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
  };
  const central = seconds[0] as number[];
  console.log(`\n20 sites, 1,000,000 jobs (${events.toLocaleString('en-US')} events a run), ${rounds} interleaved rounds\n`);
  console.log('| scheduler | wall s (median) | runs | ratio to central (median of rounds) |');
  console.log('|---|---:|---|---:|');
  scenarios.forEach(([name], i) => {
    const own = seconds[i] as number[];
    const ratio = median(own.map((v, r) => v / (central[r] as number)));
    console.log(`| ${name} | ${median(own).toFixed(2)} | ${own.map((v) => v.toFixed(2)).join(', ')} | ${i === 0 ? '1' : ratio.toFixed(2)} |`);
  });
}

/** 1,000 sites of one pool (8 nodes × 8 chips), 20 origins, every site inside every job's circle. */
function thousandSites(brain: string): string {
  const regions = Array.from({ length: 20 }, (_, r) => `  - { name: o${r}, lat: ${25 + (r % 5) * 3}, lon: ${105 + Math.floor(r / 5) * 4} }`);
  return `name: brain-1000-sites
chips: { npu: { kind: npu } }
regions:
${regions.join('\n')}
sites:
  - { name: "s\${i}", repeat: 1000, region: o0, pools: [{ chip: npu, nodes: 8, chipsPerNode: 8, pricePerChipHour: 1 }] }
network: { rttMs: {} }
classes:
  small: { speed: { npu: 1 }, chips: 1, work: { dist: exponential, mean: 60 }, slo: { circle: national } }
jobs: [{ class: small, origin: o0, arrival: 0, work: 1 }]
policy: cost-latency
${brain}
`;
}

async function decisionsAtThousandSites(): Promise<void> {
  const JOBS = 4096;
  const rng = new RngStreams(5).stream('bench');
  // The central scheduler over the same pools, scoring every pool (jobs with a deadline).
  const central = new Simulation(parseScenario(thousandSites('')));
  const centralJobs = central.jobs;
  const firstCentral = centralJobs.length;
  for (let i = 0; i < JOBS; i++) {
    const job = centralJobs.add(0, i % 20, 0, 60, 1000);
    centralJobs.estimate[job] = 10 + 100 * rng();
    centralJobs.due[job] = 1e12;
  }
  halfAllocate(central, rng);
  central.policy.prepare?.(central.context);
  const d = new Decision();
  let k = 0;
  let sink = 0;
  const tasks: Task[] = [
    { name: 'calibration loop (events)', ops: 200_000, fn: () => void (sink += runBareMmc({ ...CALIBRATION_MODEL, events: 200_000 }, rng)) },
    {
      name: 'central cost-latency decide, 1,000 pools',
      ops: 2000,
      fn: () => {
        for (let i = 0; i < 2000; i++) {
          central.policy.decide((firstCentral + (k++ % JOBS)) as JobId, central.context, d);
          if (d.kind === 'start') sink++;
        }
      },
    },
  ];
  const settings: [string, string, number][] = [
    ['random', '{ policy: random }', 20_000],
    ['round-robin', '{ policy: round-robin }', 20_000],
    ['power-of-d (d = 2), fresh', '{ policy: power-of-d }', 20_000],
    ['power-of-d (d = 2), 30 s view', '{ policy: power-of-d, view: { refreshS: 30 } }', 20_000],
    ['late-binding (d = 2)', '{ policy: late-binding }', 20_000],
    ['least-loaded, fresh', '{ policy: least-loaded }', 200],
    ['least-loaded, 30 s view', '{ policy: least-loaded, view: { refreshS: 30 } }', 200],
    ['cost-latency, fresh', '{ policy: cost-latency }', 100],
  ];
  for (const [name, brain, ops] of settings) {
    const sim = new Simulation(parseScenario(thousandSites(`brain: ${brain}`)));
    const jobs = sim.jobs;
    const first = jobs.length;
    for (let i = 0; i < JOBS; i++) {
      const job = jobs.add(0, i % 20, 0, 60, 1000);
      jobs.estimate[job] = 10 + 100 * rng();
    }
    halfAllocate(sim, rng);
    const stage = sim.dispatcher as BrainStage;
    stage.prepare();
    const { brain: scheduler, brainContext: ctx } = stage;
    let j = 0;
    tasks.push({
      name: `brain ${name}`,
      ops,
      fn: () => {
        for (let i = 0; i < ops; i++) {
          const job = (first + (j++ % JOBS)) as JobId;
          sink += scheduler.kind === 'send' ? scheduler.choose(job, ctx) : scheduler.probe(job, ctx).length;
        }
      },
    });
  }
  const summaries = await measureInRounds(tasks, { rounds: quick ? 5 : 15, minSeconds: 0 });
  // One summary per task after the calibration loop (the rounds' reference).
  const centralRate = summaries[0];
  console.log(`\nBrain decisions per second at 1,000 sites (${quick ? 5 : 15} rounds; medians; the calibration loop ran at ${((centralRate?.reference ?? NaN) / 1e6).toFixed(2)} M events/s)\n`);
  console.log('| what | decisions/s | vs central cost-latency decide | per 1,000 calibration events |');
  console.log('|---|---:|---:|---:|');
  summaries.forEach((s, i) => {
    const vsCentral = i === 0 ? '1' : (s.rate / (centralRate?.rate ?? NaN)).toFixed(2);
    console.log(`| ${tasks[i + 1]?.name} | ${Math.round(s.rate).toLocaleString('en-US')} | ${vsCentral} | ${(s.ratio * 1000).toFixed(1)} |`);
  });
  if (sink === 0.5) console.log('');
}

/** Fills about half of every pool's chips at random, so that sites have room but not all of it. */
function halfAllocate(sim: Simulation, rng: () => number): void {
  const filler = sim.jobs.add(0, 0, 0, 60, 1000);
  for (let p = 0; p < sim.model.pools.length; p++) {
    const cap = sim.state.capacity[p];
    if (cap === undefined) continue;
    for (let n = 0; n < cap.nodes; n++) for (let c = 0; c < 8; c++) if (rng() < 0.5) cap.allocate(n, 1000, 0, 0);
    // The cluster state reads the pool's new maxima on a place or a release.
    if (sim.state.place(sim.jobs, filler, p, 0, 0) >= 0) sim.state.release(sim.jobs, filler, 0, 0);
  }
}

twoLevelsAgainstOne();
await decisionsAtThousandSites();
