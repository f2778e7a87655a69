import type { Rng } from '../../engine/rng.js';
import type { TargetPod } from '../../model/target-pod.js';
import { InputError } from '../../scenario/problem.js';
import type { ArrivalSource, ExplicitJob } from '../arrival-source.js';
import { ALIBABA_DEMAND_COLUMNS, parsePodRequest, podCells, PodColumns, podHeader, podJob, speedRowFor, type PodRequest } from './alibaba-pods.js';
import { BadRows } from './bad-rows.js';
import { LineReader } from '../../io/line-reader.js';

/** Reads a pod list's demands, in file order; malformed rows are counted and left out. */
export function readPodList(path: string, name = path, strict = false): { pods: PodRequest[]; bad: BadRows } {
  const reader = new LineReader(path, { what: 'Alibaba pod list', name });
  const bad = new BadRows(name, strict);
  const pods: PodRequest[] = [];
  try {
    let columns: PodColumns | undefined;
    for (let text = reader.next(); text !== undefined; text = reader.next()) {
      if (text.trim() === '') continue;
      const cells = podCells(text, name, reader.lineNumber);
      if (!Array.isArray(cells)) {
        bad.report({ line: reader.lineNumber, ...cells });
        continue;
      }
      if (columns === undefined) {
        columns = PodColumns.require(podHeader(text, name, reader.lineNumber), ALIBABA_DEMAND_COLUMNS, name, false);
        continue;
      }
      const pod = parsePodRequest(cells, columns);
      if ('field' in pod) bad.report({ line: reader.lineNumber, ...pod });
      else pods.push(pod);
    }
  } finally {
    reader.close();
  }
  return { pods, bad };
}

/** The kinds of pod in a list, counted: FGD's workload before the 95% cut. */
export function podKinds(pods: readonly PodRequest[]): TargetPod[] {
  const kinds = new Map<string, TargetPod>();
  for (const p of pods) {
    const key = `${p.milliCpu}/${p.gpuMilli}/${p.gpus}/${p.models.join('|')}`;
    const kind = kinds.get(key);
    if (kind === undefined) kinds.set(key, { cpu: p.milliCpu, milli: p.gpuMilli, gpus: p.gpus, models: p.models.length > 0 ? p.models : undefined, count: 1 });
    else kind.count++;
  }
  return [...kinds.values()];
}

/** GPU demand of a pod in thousandths: gpus × milli. */
export const podDemand = (p: PodRequest): number => p.gpus * p.gpuMilli;

/**
 * About how many pods the sequence will hold: the list, topped up by draws
 * of mean demand until the target (just the list when no pod asks for a
 * GPU: the top-up is skipped then).
 */
export function expectedSequenceLength(sorted: readonly PodRequest[], capacityMilli: number, inflation: number): number {
  const total = sorted.reduce((n, p) => n + podDemand(p), 0);
  const target = inflation * capacityMilli;
  if (total >= target || total === 0) return sorted.length;
  return sorted.length + (target - total) / (total / sorted.length);
}

/**
 * The sequence of pods one seed submits (steps 1–2). The top-up stops at
 * `maxPods` whatever happens, and is skipped when no pod asks for a GPU (no
 * draw could bring the demand closer to the target).
 */
export function protocolSequence(sorted: readonly PodRequest[], capacityMilli: number, inflation: number, rng: Rng, maxPods = Infinity): PodRequest[] {
  const pods = [...sorted];
  for (let i = pods.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = pods[i] as PodRequest;
    pods[i] = pods[j] as PodRequest;
    pods[j] = t;
  }
  const target = inflation * capacityMilli;
  let total = pods.reduce((n, p) => n + podDemand(p), 0);
  if (total < target && total > 0) {
    while (pods.length < maxPods) {
      const q = sorted[Math.floor(rng() * sorted.length)] as PodRequest;
      // The authors' stop test: the room left against one chip's share (their quirk, kept).
      if (total + q.gpuMilli > target) break;
      total += podDemand(q);
      pods.push({ ...q, name: `${q.name}-tuned-${pods.length}` });
    }
  } else {
    while (total > target && pods.length > 0) {
      const [gone] = pods.splice(Math.floor(rng() * pods.length), 1);
      total -= podDemand(gone as PodRequest);
    }
  }
  return pods;
}


/**
 * The FGD paper's protocol as an arrival source (`order: shuffled`): the
 * pod list read whole (sampling needs all of it), sorted by name, shuffled
 * and inflated to `inflation` × the cluster's GPUs with this workload
 * entry's own random stream (so every policy sees the same pods under a
 * seed), then one pod per second, each of endless work: pods never leave.
 * Policies that give up on a pod with no room (`policyOptions.onNoFit:
 * reject`) reproduce the paper's drops.
 */
export class AlibabaProtocolSource implements ArrivalSource {
  nextTime = Infinity;
  cls: number;
  origin = 0;
  explicit: ExplicitJob | undefined = undefined;
  readonly bad: BadRows;
  private readonly sequence: PodRequest[];
  private readonly rows = new Map<string, Float64Array>();
  private next = 0;
  private readonly noGpuDemand: boolean;

  constructor(
    path: string,
    displayName: string,
    inflation: number,
    capacityMilli: number,
    private readonly mapping: { defaultClass: number; classByQos: ReadonlyMap<string, number>; chips: readonly { name: string; kind: string }[]; classSpeeds: readonly ArrayLike<number>[] },
    private readonly pickOrigin: () => number,
    rng: Rng,
    strict: boolean,
    count = Infinity,
    maxPods = Infinity,
  ) {
    const { pods, bad } = readPodList(path, displayName, strict);
    this.bad = bad;
    if (pods.length === 0) {
      const malformed = bad.count === 0 ? '' : ` (${bad.count.toLocaleString('en-US')} malformed, the first at line ${bad.first?.line ?? 1}: ${bad.first?.field ?? ''} ${bad.first?.message ?? ''})`;
      throw new InputError([{ file: displayName, line: 1, path: '', message: `has no usable pod rows${malformed}: order shuffled draws its pods from them` }]);
    }
    const sorted = pods.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // With a count, the top-up stops there (the sequence's head is the same); without one it must stay within the job limit.
    const expected = expectedSequenceLength(sorted, capacityMilli, inflation);
    if (count === Infinity && expected > maxPods) {
      throw new InputError([
        {
          file: displayName,
          line: 1,
          path: '',
          message: `inflating these pods to ${inflation} × the cluster's GPUs takes about ${Math.round(expected).toLocaleString('en-US')} pods; the limit is ${maxPods.toLocaleString('en-US')} (limits.maxJobs)`,
        },
      ]);
    }
    this.noGpuDemand = sorted.every((p) => podDemand(p) === 0);
    this.sequence = protocolSequence(sorted, capacityMilli, inflation, rng, Math.min(count, maxPods));
    // `count` cuts the submissions short (the first `count` of the sequence).
    if (count < this.sequence.length) this.sequence.length = count;
    this.cls = mapping.defaultClass;
    this.advance();
  }

  advance(): void {
    const pod = this.sequence[this.next++];
    if (pod === undefined) {
      this.nextTime = Infinity;
      this.explicit = undefined;
      return;
    }
    this.nextTime = this.next;
    this.cls = this.mapping.classByQos.get(pod.qos) ?? this.mapping.defaultClass;
    const speed = speedRowFor(pod, this.cls, this.mapping.classSpeeds[this.cls] ?? [], this.mapping.chips, this.rows);
    this.origin = this.pickOrigin();
    this.explicit = { ...podJob(pod, this.cls, Infinity, speed), origin: this.origin, arrival: this.nextTime };
  }

  warnings(): string[] {
    const bad = this.bad.warning();
    const out = bad === undefined ? [] : [bad];
    if (this.noGpuDemand) out.push(`${this.bad.file}: no pod asks for a GPU, so order shuffled submits each pod once, without inflation`);
    return out;
  }
}
