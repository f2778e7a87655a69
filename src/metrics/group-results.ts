import { JobState } from '../model/job-table.js';
import type { GroupResults, JobCounts, Summary } from './results.js';

/** What `GroupTally.add` needs to know of one counted job, filled by `JobStatistics` (one object reused for every job). */
export interface JobFacts {
  state: number;
  restarts: number;
  preemptions: number;
  /** Its class has a latency-circle SLO. */
  hasCircle: boolean;
  hasDeadline: boolean;
  /** Placed at least once (so inside its circle). */
  placed: boolean;
  /** Has a start: placed, and not waiting again at the end. */
  started: boolean;
  /** Completed by its deadline. */
  deadlineMet: boolean;
  cost: number;
  energyKWh: number;
}

/**
 * Per-group tallies (a group is a class, or an origin region) filled job
 * by job as `JobStatistics` takes each job at its end; `total()` folds them into
 * the whole run's. Typed arrays indexed by the group's index in the model:
 * no name is used as a key until the table is built.
 */
export class GroupTally {
  readonly arrived: Float64Array;
  readonly completed: Float64Array;
  readonly rejected: Float64Array;
  readonly failed: Float64Array;
  readonly unfinished: Float64Array;
  readonly preempted: Float64Array;
  readonly neverStarted: Float64Array;
  readonly restarts: Float64Array;
  readonly cost: Float64Array;
  readonly energyKWh: Float64Array;
  readonly circleJobs: Float64Array;
  readonly circleMet: Float64Array;
  readonly deadlineJobs: Float64Array;
  readonly deadlineMet: Float64Array;

  constructor(readonly size: number) {
    const zeros = (): Float64Array => new Float64Array(size);
    this.arrived = zeros();
    this.completed = zeros();
    this.rejected = zeros();
    this.failed = zeros();
    this.unfinished = zeros();
    this.preempted = zeros();
    this.neverStarted = zeros();
    this.restarts = zeros();
    this.cost = zeros();
    this.energyKWh = zeros();
    this.circleJobs = zeros();
    this.circleMet = zeros();
    this.deadlineJobs = zeros();
    this.deadlineMet = zeros();
  }

  /**
   * Counts one job in group `g`. Cost counts jobs that were not rejected
   * (what `cost.total` has always summed); energy counts every job's draw.
   */
  add(g: number, f: JobFacts): void {
    bump(this.arrived, g);
    bump(this.restarts, g, f.restarts);
    bump(this.preempted, g, f.preemptions);
    bump(this.energyKWh, g, f.energyKWh);
    if (f.hasCircle) bump(this.circleJobs, g);
    if (f.hasDeadline) bump(this.deadlineJobs, g);
    if (f.state === JobState.Rejected) {
      bump(this.rejected, g);
      return;
    }
    bump(this.cost, g, f.cost);
    if (f.state === JobState.Completed) bump(this.completed, g);
    else if (f.state === JobState.Failed) bump(this.failed, g);
    else if (f.state === JobState.Unfinished) bump(this.unfinished, g);
    if (!f.started) bump(this.neverStarted, g);
    if (f.placed && f.hasCircle) bump(this.circleMet, g);
    if (f.deadlineMet) bump(this.deadlineMet, g);
  }

  /** All the groups as one (group 0): each tally summed over the groups, in order. */
  total(): GroupTally {
    const all = new GroupTally(1);
    const arrays = (t: GroupTally): Float64Array[] => [t.arrived, t.completed, t.rejected, t.failed, t.unfinished, t.preempted, t.neverStarted, t.restarts, t.cost, t.energyKWh, t.circleJobs, t.circleMet, t.deadlineJobs, t.deadlineMet];
    const into = arrays(all);
    arrays(this).forEach((a, k) => {
      let sum = 0;
      for (let g = 0; g < this.size; g++) sum += a[g] as number;
      (into[k] as Float64Array)[0] = sum;
    });
    return all;
  }

  /** Group `g`'s counts as the results contract states them. */
  counts(g: number): JobCounts {
    const at = (a: Float64Array): number => a[g] as number;
    return {
      arrived: at(this.arrived),
      completed: at(this.completed),
      rejected: at(this.rejected),
      failed: at(this.failed),
      unfinished: at(this.unfinished),
      preempted: at(this.preempted),
      neverStarted: at(this.neverStarted),
      restarts: at(this.restarts),
    };
  }

  /** Fraction of group `g`'s jobs with a circle SLO placed inside it, and with a deadline completed by it; null without such jobs. */
  slo(g: number): { circleMet: number | null; deadlineMet: number | null } {
    const circleJobs = this.circleJobs[g] as number;
    const deadlineJobs = this.deadlineJobs[g] as number;
    return {
      circleMet: circleJobs > 0 ? (this.circleMet[g] as number) / circleJobs : null,
      deadlineMet: deadlineJobs > 0 ? (this.deadlineMet[g] as number) / deadlineJobs : null,
    };
  }

  /** Group `g`'s cost, and per completed job (null when none completed). */
  costOf(g: number): { total: number; perJob: number | null } {
    const total = this.cost[g] as number;
    const completed = this.completed[g] as number;
    return { total, perJob: completed > 0 ? total / completed : null };
  }
}

function bump(a: Float64Array, g: number, by = 1): void {
  a[g] = (a[g] as number) + by;
}

/** Values of one statistic laid out group after group: group g's are `values[offsets[g] .. offsets[g + 1])`. */
export interface Partition {
  values: Float64Array;
  offsets: Int32Array;
}

/** Where each value goes when values are laid out group after group, and where each group starts. */
export interface GroupLayout {
  offsets: Int32Array;
  slot: Int32Array;
}

/**
 * The layout of the first `n` values by the group of the job each belongs
 * to (`jobOf[i]` is the job of value i, `groupOfJob[job]` its group), by
 * counting sort: O(n + groups), values keeping their order within a group.
 * One layout serves every statistic observed on the same jobs.
 */
export function groupLayout(jobOf: Int32Array, n: number, groupOfJob: Int32Array, groups: number): GroupLayout {
  const offsets = new Int32Array(groups + 1);
  const slot = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = groupOfJob[jobOf[i] as number] as number;
    slot[i] = g;
    offsets[g + 1] = (offsets[g + 1] as number) + 1;
  }
  for (let g = 0; g < groups; g++) offsets[g + 1] = (offsets[g + 1] as number) + (offsets[g] as number);
  const next = offsets.slice(0, groups);
  for (let i = 0; i < n; i++) {
    const g = slot[i] as number;
    const at = next[g] as number;
    slot[i] = at;
    next[g] = at + 1;
  }
  return { offsets, slot };
}

/** The values laid out as `layout` says: a copy, so the caller's array stays as it was. */
export function partition(values: Float64Array, layout: GroupLayout): Partition {
  const { slot } = layout;
  const out = new Float64Array(slot.length);
  for (let i = 0; i < slot.length; i++) out[slot[i] as number] = values[i] as number;
  return { values: out, offsets: layout.offsets };
}

/** `partition(values, groupLayout(jobOf, n, groupOfJob, groups))`. */
export function partitionByGroup(values: Float64Array, jobOf: Int32Array, n: number, groupOfJob: Int32Array, groups: number): Partition {
  return partition(values, groupLayout(jobOf, n, groupOfJob, groups));
}

/** The values of group `g` in a partition (a view: summarising permutes them). */
export function groupValues(p: Partition, g: number): Float64Array {
  return p.values.subarray(p.offsets[g] as number, p.offsets[g + 1] as number);
}

/** What a group's summaries are made from: one partition per statistic. */
export interface GroupPartitions {
  wait: Partition;
  jct: Partition;
  slowdown: Partition;
  rttMs: Partition;
}

/** A group's four summaries. */
export type GroupSummaries = Pick<GroupResults, 'wait' | 'jct' | 'slowdown' | 'rttMs'>;

/** Each group's summaries from its partitions (the JCT ones given when already read off a quantile grid). */
export function partitionSummaries(parts: GroupPartitions, summarise: (values: Float64Array) => Summary, jct?: readonly Summary[]): (g: number) => GroupSummaries {
  return (g) => ({
    wait: summarise(groupValues(parts.wait, g)),
    jct: jct?.[g] ?? summarise(groupValues(parts.jct, g)),
    slowdown: summarise(groupValues(parts.slowdown, g)),
    rttMs: summarise(groupValues(parts.rttMs, g)),
  });
}

/**
 * The `byClass` or `byOrigin` table: group name → its results, in the
 * model's order. A null-prototype object, so that a group named
 * `__proto__` or `constructor` is an entry like any other.
 */
export function groupTable(names: readonly string[], tally: GroupTally, summaries: (g: number) => GroupSummaries): Record<string, GroupResults> {
  const table = Object.create(null) as Record<string, GroupResults>;
  names.forEach((name, g) => {
    const s = summaries(g);
    table[name] = {
      jobs: tally.counts(g),
      wait: s.wait,
      jct: s.jct,
      slowdown: s.slowdown,
      rttMs: s.rttMs,
      slo: tally.slo(g),
      cost: tally.costOf(g),
      energyKWh: tally.energyKWh[g] as number,
    };
  });
  return table;
}
