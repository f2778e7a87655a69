import type { Scheduler } from '../scheduler.js';
import type { TargetPod } from '../../model/target-pod.js';
import type { JobId } from '../ids.js';
import type { SchedulingContext } from '../scheduling-context.js';
import { nodeLevel, type NodeLevelOptions } from './node-scoring.js';
import type { NodeState, PodShape } from './node-state.js';

/** A target pod resolved against the run's chips, with its share of the workload. */
export interface WeightedPod {
  cpu: number;
  gpus: number;
  milli: number;
  /** Per chip index: 1 if allowed; undefined for any chip. */
  allowed: Uint8Array | undefined;
  weight: number;
}

/** Share of the jobs the typical pods cover, as in the paper's simulator. */
const COVERAGE = 0.95;

/**
 * The typical pods of a workload (Weng et al. 2023, and the authors'
 * simulator): kinds of job by (cpu, milli, gpus, models), most frequent
 * first (equal counts: the larger key first), taken until they cover 95% of
 * the jobs — the kind that crosses 95% included — and weighted by count
 * among those taken.
 */
export function typicalPods(kinds: readonly TargetPod[]): TargetPod[] {
  const total = kinds.reduce((n, k) => n + k.count, 0);
  const sorted = [...kinds].sort((a, b) => b.count - a.count || compareKeys(b, a));
  const out: TargetPod[] = [];
  let covered = 0;
  for (const k of sorted) {
    if (covered >= COVERAGE * total) break;
    out.push(k);
    covered += k.count;
  }
  return out;
}

/** Lexicographic order of (cpu, milli, gpus, models). */
function compareKeys(a: TargetPod, b: TargetPod): number {
  const ma = (a.models ?? []).join('|');
  const mb = (b.models ?? []).join('|');
  return a.cpu - b.cpu || a.milli - b.milli || a.gpus - b.gpus || (ma < mb ? -1 : ma > mb ? 1 : 0);
}

/**
 * The fragmentation of a node for a workload (FGD's F, in thousandths of a
 * chip): for each typical pod k, weighted by its share, the node's free
 * chip thousandths that k cannot use —
 * - all of them if k needs no chip, may not use this chip type, lacks CPU
 *   here, or finds fewer than k.gpus chips with k.milli free;
 * - otherwise only the chips with less than k.milli free.
 * Memory does not count (as in the paper).
 */
export function fragmentation(node: NodeState, pods: readonly WeightedPod[]): number {
  let f = 0;
  const n = node.chips;
  const free = node.free;
  const all = node.totalFree;
  for (let i = 0; i < pods.length; i++) {
    const k = pods[i] as WeightedPod;
    let frag = all;
    if (k.milli > 0 && (k.allowed === undefined || k.allowed[node.chip] === 1) && (!node.cpuTracked || node.cpuLeft >= k.cpu)) {
      let fitting = 0;
      let small = 0;
      for (let c = 0; c < n; c++) {
        const v = free[c] as number;
        if (v >= k.milli) fitting++;
        else small += v;
      }
      if (fitting >= k.gpus) frag = small;
    }
    f += k.weight * frag;
  }
  return f;
}

/** FGD's score for a fragmentation change: 100 · sigmoid(decrease / 1000), truncated. */
function scoreOf(before: number, after: number): number {
  return Math.trunc((1 / (1 + Math.exp(-(before - after) / 1000))) * 100);
}

export interface FgdOptions extends NodeLevelOptions {
  /**
   * The workload to pack for. Without it FGD learns it from the jobs it
   * has seen in the run so far, recounted at 1, 2, 4, … and every 1,024 jobs.
   */
  target?: readonly TargetPod[];
}

/**
 * Fragmentation gradient descent (Weng et al., "Beware of Fragmentation",
 * USENIX ATC 2023): place each job where it increases the expected
 * fragmentation of the cluster least, fragmentation being measured against
 * the typical jobs of the workload (see `fragmentation`). A share of one
 * chip tries each chip of the node (the first of equal scores wins); whole
 * chips take the node's first idle ones.
 */
export function fgd(options: FgdOptions = {}): Scheduler {
  return nodeLevel(
    'fgd',
    'fragmentation gradient descent (Weng et al., ATC 2023): the node where expected fragmentation grows least',
    () => new FgdScorer(options.target),
    options,
  );
}

class FgdScorer {
  private pods: WeightedPod[] = [];
  private chipNames: string[] = [];
  /** Online learning: counts per kind of job seen, and which jobs were counted. */
  private readonly learned = new Map<string, TargetPod & { allowed: Uint8Array | undefined }>();
  /** Per job slot, the serial of the job counted there (-1: none): a recycled slot holds a new job (issue 20). */
  private seen = new Float64Array(1024).fill(-1);
  private seenCount = 0;

  constructor(private readonly target: readonly TargetPod[] | undefined) {}

  prepare(ctx: SchedulingContext): void {
    this.chipNames = ctx.model.chips.map((c) => c.name);
    if (this.target !== undefined) this.pods = this.weigh(typicalPods(this.target).map((k) => ({ ...k, allowed: this.allowedOf(k.models) })));
  }

  beforeDecision(job: JobId, ctx: SchedulingContext): boolean {
    if (this.target !== undefined) return false;
    if (job >= this.seen.length) {
      const grown = new Float64Array(Math.max(job + 1, this.seen.length * 2)).fill(-1);
      grown.set(this.seen);
      this.seen = grown;
    }
    const jobs = ctx.jobs;
    const serial = jobs.serial[job] as number;
    if (this.seen[job] === serial) return false;
    this.seen[job] = serial;
    this.seenCount++;
    const milli = jobs.milli[job] as number;
    const cpu = jobs.cores[job] as number;
    const key = `${cpu}/${milli}/${jobs.cls[job] as number}/${jobs.speedRow[job] as number}`;
    let kind = this.learned.get(key);
    if (kind === undefined) {
      const gpus = milli === 0 ? 0 : milli < 1000 ? 1 : milli / 1000;
      const allowed = Uint8Array.from(ctx.model.chips, (c) => (ctx.capable(job, c.index) ? 1 : 0));
      const models = ctx.model.chips.filter((c) => allowed[c.index] === 1).map((c) => c.name);
      kind = { cpu, gpus, milli: milli === 0 ? 0 : Math.min(milli, 1000), models, count: 0, allowed };
      this.learned.set(key, kind);
    }
    kind.count++;
    const n = this.seenCount;
    if ((n & (n - 1)) !== 0 && n % 1024 !== 0) return false;
    const chosen = typicalPods([...this.learned.values()]) as (TargetPod & { allowed: Uint8Array | undefined })[];
    this.pods = this.weigh(chosen);
    return true;
  }

  score(pod: PodShape, node: NodeState, choice: { chip: number }): number {
    const before = fragmentation(node, this.pods);
    const free = node.free;
    if (pod.gpus === 1 && pod.milli < 1000) {
      // Try each chip with room; chips with equal free room give equal scores, so only the first is tried.
      let best = -1;
      for (let c = 0; c < node.chips; c++) {
        const v = free[c] as number;
        if (v < pod.milli || sameAsEarlier(free, c, v, pod.milli)) continue;
        free[c] = v - pod.milli;
        node.totalFree -= pod.milli;
        node.cpuLeft -= pod.cpu;
        const s = scoreOf(before, fragmentation(node, this.pods));
        free[c] = v;
        node.totalFree += pod.milli;
        node.cpuLeft += pod.cpu;
        if (best < 0 || s > best) {
          best = s;
          choice.chip = c;
        }
      }
      return best;
    }
    // No chip, or whole chips: the node's first idle chips.
    const taken: number[] = [];
    for (let c = 0; c < node.chips && taken.length < pod.gpus; c++) if (free[c] === 1000) taken.push(c);
    for (const c of taken) free[c] = 0;
    node.totalFree -= taken.length * 1000;
    node.cpuLeft -= pod.cpu;
    const s = scoreOf(before, fragmentation(node, this.pods));
    for (const c of taken) free[c] = 1000;
    node.totalFree += taken.length * 1000;
    node.cpuLeft += pod.cpu;
    return s;
  }

  private allowedOf(models: readonly string[] | undefined): Uint8Array | undefined {
    if (models === undefined || models.length === 0) return undefined;
    const set = new Set(models);
    return Uint8Array.from(this.chipNames, (name) => (set.has(name) ? 1 : 0));
  }

  private weigh(kinds: readonly (TargetPod & { allowed: Uint8Array | undefined })[]): WeightedPod[] {
    const total = kinds.reduce((n, k) => n + k.count, 0);
    return kinds.map((k) => ({ cpu: k.cpu, gpus: k.gpus, milli: k.milli, allowed: k.allowed, weight: k.count / total }));
  }
}

/** Whether a chip before `c` with room for the share has the same free room (so the same score). */
function sameAsEarlier(free: Int32Array, c: number, v: number, milli: number): boolean {
  for (let e = 0; e < c; e++) if (free[e] === v && v >= milli) return true;
  return false;
}
