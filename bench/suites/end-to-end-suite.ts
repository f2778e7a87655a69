/**
 * End to end, in process: parse the scenario text, simulate with every
 * feature on (policy, metrics, time series, fragmentation), summarise into
 * the results contract, against the calibration loop in the same rounds.
 */
import { summarize } from '../../src/metrics/summarize.js';
import { simulate } from '../../src/run-scenario.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import type { Figure } from '../lib/figure.js';
import { measureInRounds, type RoundOptions } from '../lib/measure.js';
import { runBareMmc } from '../models/mmc.js';
import { RngStreams } from '../../src/engine/rng.js';
import { need } from './engine-suite.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths.js';

/** Jobs per sample of the M/M/16 run (bench/scenarios/mmc-1m.yaml has a million). */
export const MMC_JOBS = 50_000;
/** Jobs per sample of the multi-pool cost-latency run. */
export const MULTI_POOL_JOBS = 10_000;
/** Jobs per sample of the trace replay (the KTH SP2 log has 28,475). */
export const KTH_JOBS = 10_000;
const CALIBRATION_EVENTS = 500_000;

/** bench/scenarios/mmc-1m.yaml with fewer jobs: M/M/16 at ρ = 0.9 under fifo. */
export function mmcText(jobs: number): string {
  return `name: mmc-e2e
seed: 1
chips:
  core: { kind: cpu }
regions:
  - { name: local }
sites:
  - name: server-room
    region: local
    pools:
      - { chip: core, nodes: 16, chipsPerNode: 1 }
classes:
  job:
    speed: { core: 1.0 }
    chips: 1
    work: { dist: exponential, mean: 1.0 }
workload:
  - class: job
    origin: local
    arrivals: { process: poisson, rate: 14.4 }
    count: ${jobs}
policy: fifo
`;
}

/**
 * A national grid in miniature: 100 pools (CPU, GPU, NPU; 2 nodes of 8
 * chips each) over 20 sites, 20 origin regions, three classes of 0.25, 1
 * and 8 chips arriving at about 85% of capacity, under cost-latency (every
 * decision scores its candidate pools on cost, latency and time).
 */
export function multiPoolText(jobs: number): string {
  const chips = ['cpu', 'gpu', 'npu'];
  const regions = Array.from({ length: 20 }, (_, r) => `  - { name: o${r}, lat: ${25 + (r % 5) * 3}, lon: ${105 + Math.floor(r / 5) * 4} }`);
  const sites = Array.from({ length: 20 }, (_, s) => {
    const pools = Array.from({ length: 5 }, (_, k) => {
      const p = s * 5 + k;
      return `{ chip: ${chips[p % 3]}, nodes: 2, chipsPerNode: 8, pricePerChipHour: ${(0.5 + (p % 7) * 0.3).toFixed(2)} }`;
    });
    return `  - { name: s${s}, lat: ${24 + (s % 5) * 3.5}, lon: ${104 + Math.floor(s / 5) * 4.5}, pools: [${pools.join(', ')}] }`;
  });
  const origins = `{ ${Array.from({ length: 20 }, (_, r) => `o${r}: 1`).join(', ')} }`;
  // cost-latency favours the fast chips: 1,056 GPU and NPU chips, about 11.6 chip-seconds a job there, so 77 jobs/s is about 85% of them.
  const share = (f: number): number => Math.round(jobs * f);
  return `name: multi-pool-e2e
seed: 1
chips: { cpu: { kind: cpu }, gpu: { kind: gpu }, npu: { kind: npu } }
regions:
${regions.join('\n')}
sites:
${sites.join('\n')}
classes:
  small: { speed: { cpu: 0.5, gpu: 2, npu: 1.5 }, chips: 0.25, work: { dist: exponential, mean: 2 }, slo: { circle: national } }
  std:   { speed: { cpu: 1, gpu: 2, npu: 1.5 }, chips: 1, work: { dist: exponential, mean: 10 }, slo: { circle: national } }
  big:   { speed: { gpu: 1, npu: 0.8 }, chips: 8, work: { dist: lognormal, mean: 20, cv: 1 }, slo: { circle: national } }
workload:
  - { class: small, origin: ${origins}, arrivals: { process: poisson, rate: 38.5 }, count: ${share(0.5)} }
  - { class: std, origin: ${origins}, arrivals: { process: poisson, rate: 34.65 }, count: ${share(0.45)} }
  - { class: big, origin: ${origins}, arrivals: { process: poisson, rate: 3.85 }, count: ${share(0.05)} }
policy: cost-latency
`;
}

/** scenarios/kth-sp2.yaml read to its first `jobs` jobs: the KTH SP2 log (SWF) replayed on 100 nodes under EASY backfilling. */
export function kthText(jobs: number): { text: string; baseDir: string } {
  const baseDir = join(repoRoot(), 'scenarios');
  const text = readFileSync(join(baseDir, 'kth-sp2.yaml'), 'utf8');
  const entry = /^( {4}trace: \{ format: swf, .*\}.*)$/m;
  if (!entry.test(text)) throw new Error('scenarios/kth-sp2.yaml no longer has the trace line this benchmark extends');
  return { text: text.replace(entry, `$1\n    count: ${jobs}`), baseDir };
}

let sink = 0;

/** The three end-to-end runs against the calibration loop, in the same rounds. */
export async function endToEndFigures(options: RoundOptions): Promise<Figure[]> {
  const mmc = mmcText(MMC_JOBS);
  const multi = multiPoolText(MULTI_POOL_JOBS);
  const kth = kthText(KTH_JOBS);
  const replay = (): number => summarize(simulate(parseScenario(kth.text, 'kth-sp2.yaml', kth.baseDir))).events;
  let seed = 0;
  // Events per run are fixed by the scenario and seed: count them once, outside the timing.
  const eventsOf = (text: string): number => simulate(parseScenario(text)).events;
  const mmcEvents = eventsOf(mmc);
  const multiEvents = eventsOf(multi);
  const kthEvents = replay();
  const [m, c, k] = await measureInRounds(
    [
      { name: 'calibration loop', ops: CALIBRATION_EVENTS, fn: () => (sink += runBareMmc({ servers: 16, rho: 0.9, events: CALIBRATION_EVENTS }, new RngStreams(++seed).stream('c'))) },
      { name: 'mmc', ops: mmcEvents, fn: () => (sink += summarize(simulate(parseScenario(mmc))).events) },
      { name: 'multi-pool', ops: multiEvents, fn: () => (sink += summarize(simulate(parseScenario(multi))).events) },
      { name: 'kth', ops: kthEvents, fn: () => (sink += replay()) },
    ],
    options,
  );
  if (sink === -1) console.log(sink);
  const common = { suite: 'end to end', reference: 'calibration loop (bare M/M/16)', unit: 'events', referenceUnit: 'events', gated: true };
  return [
    { ...common, name: 'end-to-end M/M/16 vs bare loop', contender: `parse + simulate + summarise, M/M/16, ${MMC_JOBS.toLocaleString('en-US')} jobs, fifo`, summary: need(m) },
    { ...common, name: 'end-to-end cost-latency 100 pools vs bare loop', contender: `parse + simulate + summarise, 100 pools, ${MULTI_POOL_JOBS.toLocaleString('en-US')} jobs, cost-latency`, summary: need(c) },
    { ...common, name: 'end-to-end KTH SP2 replay vs bare loop', contender: `parse + simulate + summarise, the KTH SP2 log's first ${KTH_JOBS.toLocaleString('en-US')} jobs, easy-backfill`, summary: need(k) },
  ];
}
