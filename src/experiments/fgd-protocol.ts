import { RngStreams, type Rng } from '../engine/rng.js';
import { bestFit } from '../policy/node-level/best-fit.js';
import { dotProduct } from '../policy/node-level/dot-product.js';
import type { TargetPod } from '../model/target-pod.js';
import { fgd, typicalPods } from '../policy/node-level/fgd.js';
import { packing } from '../policy/node-level/packing.js';
import { randomNode } from '../policy/node-level/random-node.js';
import type { Scheduler } from '../policy/scheduler.js';
import type { Scenario } from '../scenario/scenario.js';
import { Simulation } from '../sim/simulation.js';
import { ExplicitJobsSource, type ExplicitJob } from '../workload/arrival-source.js';
import { podJob, speedRowFor, type PodRequest } from '../workload/trace/alibaba-pods.js';
import { podDemand, podKinds, protocolSequence, readPodList } from '../workload/trace/alibaba-protocol.js';

/**
 * The evaluation protocol of Weng et al., "Beware of Fragmentation" (USENIX
 * ATC 2023), as their public simulator (hkust-adsl/kubernetes-scheduler-
 * simulator) runs it — not a replay in time:
 * 1. the pod list is sorted by name; its typical pods (95% coverage) are
 *    FGD's target workload;
 * 2. per seed the pods are shuffled, then pods drawn with replacement from
 *    the name-sorted list are appended until the GPU demand reaches 130% of
 *    the cluster's (the authors' stop test compares one chip's share, not
 *    all of a pod's chips, with the room left: kept as they have it);
 * 3. pods arrive one at a time and never leave; a pod no node has room for
 *    is dropped, and still counts as arrived;
 * 4. after every pod: the GPU demand arrived and the GPU allocated, both as
 *    a share of the cluster's GPUs; allocation is then averaged per whole
 *    percent of arrived demand (a bin with no point borrows its neighbours).
 * Nodes are ranked in a random order per seed, and equal scores go to the
 * higher rank, as the authors' scheduler breaks ties by random name prefix.
 * The random streams are manychip's, not Go's: results agree statistically,
 * not bit for bit.
 */
export interface ProtocolOptions {
  /** The cluster: a scenario whose sites are the node list (its workload is not used). */
  scenario: Scenario;
  /** A pod list of the trace (any variant: only the demand columns are read). */
  podsFile: string;
  podsName?: string;
  /** Arrived demand to stop at, as a multiple of the cluster's GPUs. */
  inflation?: number;
  seeds: readonly number[];
  policies?: readonly ProtocolPolicy[];
  /** Reuse scores of unchanged nodes (default true; off only to check that reuse changes nothing). */
  cache?: boolean;
}

export const protocolPolicies = ['fgd', 'best-fit', 'packing', 'dot-product', 'random-node'] as const;
export type ProtocolPolicy = (typeof protocolPolicies)[number];

/** One run: after each pod, the arrived and allocated GPU demand (thousandths of a chip). */
export interface ProtocolRun {
  policy: ProtocolPolicy;
  seed: number;
  arrivedMilli: Float64Array;
  allocatedMilli: Float64Array;
  pods: number;
  dropped: number;
  wallSeconds: number;
}

export interface ProtocolResult {
  /** Thousandths of a chip in the cluster (chips · 1000). */
  capacityMilli: number;
  /** Pods in the list, and the typical pods that FGD packs for. */
  listed: number;
  typical: TargetPod[];
  runs: ProtocolRun[];
}

function makePolicy(policy: ProtocolPolicy, typical: readonly TargetPod[], cache: boolean): Scheduler {
  const options = { onNoFit: 'reject' as const, cache };
  switch (policy) {
    case 'fgd':
      return fgd({ ...options, target: typical });
    case 'best-fit':
      return bestFit(options);
    case 'packing':
      return packing(options);
    case 'dot-product':
      return dotProduct(options);
    case 'random-node':
      return randomNode(options);
  }
}

/** Runs the protocol: every policy under every seed, on the scenario's cluster. */
export function runProtocol(o: ProtocolOptions): ProtocolResult {
  const { pods } = readPodList(o.podsFile, o.podsName);
  const sorted = [...pods].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const typical = typicalPods(podKinds(sorted));
  const capacityMilli = o.scenario.sites.reduce((n, s) => n + s.pools.reduce((m, p) => m + (p.chip === 'cpu' ? 0 : p.nodes * p.chipsPerNode * 1000), 0), 0);
  const classes = Object.keys(o.scenario.classes);
  const runs: ProtocolRun[] = [];
  for (const seed of o.seeds) {
    const sequence = protocolSequence(sorted, capacityMilli, o.inflation ?? 1.3, new RngStreams(seed).stream('protocol'));
    for (const policy of o.policies ?? protocolPolicies) runs.push(runOne(o.scenario, classes[0] as string, sequence, makePolicy(policy, typical, o.cache ?? true), seed));
  }
  return { capacityMilli, listed: pods.length, typical, runs };
}

function runOne(scenario: Scenario, className: string, sequence: readonly PodRequest[], scheduler: Scheduler, seed: number): ProtocolRun {
  const started = performance.now();
  const chips = Object.entries(scenario.chips).map(([name, c]) => ({ name, kind: c.kind }));
  const rows = new Map<string, Float64Array>();
  const cls = Object.keys(scenario.classes).indexOf(className);
  // One pod per instant, none ever leaving (work far beyond the horizon).
  const speeds = chips.map((c) => scenario.classes[className]?.speed[c.name] ?? 0);
  const jobs: ExplicitJob[] = sequence.map((p, i) => ({ ...podJob(p, cls, 1e15, speedRowFor(p, cls, speeds, chips, rows)), origin: 0, arrival: i + 1 }));
  const bounded = { ...scenario, horizon: sequence.length + 1, drain: false, warmupS: 0 } as Scenario;
  const simulation = new Simulation(bounded, { seed, policy: scheduler, arrivals: [new ExplicitJobsSource(jobs)] });
  const arrivedMilli = new Float64Array(sequence.length);
  const allocatedMilli = new Float64Array(sequence.length);
  let arrived = 0;
  let allocated = 0;
  let dropped = 0;
  const record = (job: number): void => {
    arrivedMilli[job] = arrived;
    allocatedMilli[job] = allocated;
  };
  simulation.hooks.on('job:arrive', (job) => {
    const p = sequence[job] as PodRequest;
    arrived += podDemand(p);
  });
  simulation.hooks.on('job:start', (job) => {
    allocated += podDemand(sequence[job] as PodRequest);
    record(job);
  });
  simulation.hooks.on('job:reject', (job) => {
    dropped++;
    record(job);
  });
  simulation.run();
  return { policy: scheduler.name as ProtocolPolicy, seed, arrivedMilli, allocatedMilli, pods: sequence.length, dropped, wallSeconds: (performance.now() - started) / 1000 };
}

/** Python's round(): halves to even. */
export function roundHalfEven(x: number, digits = 0): number {
  const f = 10 ** digits;
  const y = x * f;
  const r = Math.round(y);
  const exactHalf = Math.abs(y - Math.trunc(y)) === 0.5;
  return (exactHalf && r % 2 !== 0 ? r - 1 : r) / f;
}

/**
 * Allocation per whole percent of arrived demand, as the authors' analysis
 * bins it: each pod's arrived share rounded to a percent; the mean
 * allocation (%) of the pods in a bin, or of bins x−1..x+1 when x has none.
 */
export function allocationByArrived(run: ProtocolRun, capacityMilli: number, upTo = 130): (number | undefined)[] {
  const gpus = capacityMilli / 1000;
  const bins = new Map<number, number[]>();
  for (let i = 0; i < run.pods; i++) {
    const x = roundHalfEven((run.arrivedMilli[i] as number) / gpus / 10);
    const y = roundHalfEven((run.allocatedMilli[i] as number) / gpus / 10, 2);
    let bin = bins.get(x);
    if (bin === undefined) bins.set(x, (bin = []));
    bin.push(y);
  }
  const out: (number | undefined)[] = [];
  for (let x = 0; x <= upTo; x++) {
    let ys = bins.get(x);
    if (ys === undefined) ys = [...(bins.get(x - 1) ?? []), ...(bins.get(x + 1) ?? [])];
    out.push(ys.length === 0 ? undefined : roundHalfEven(ys.reduce((a, b) => a + b, 0) / ys.length, 2));
  }
  return out;
}
