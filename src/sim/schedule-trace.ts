import type { JobTable } from '../model/job-table.js';
import type { ClusterModel } from '../model/cluster-model.js';
import type { Simulation } from './simulation.js';

/** What a recorded trace event is: an execution (by how it ended) or an instant. */
export const TraceEventKind = {
  /** An execution still running (only while recording). */
  Running: 0,
  Finished: 1,
  Preempted: 2,
  Evicted: 3,
  /** Still running when the run ended: closed at the run's end time. */
  Cut: 4,
  NodeDown: 5,
  NodeUp: 6,
  /** Instant: the job was preempted here. */
  Preempt: 7,
  /** Instant: the job lost this node to a failure. */
  Evict: 8,
} as const;
export type TraceEventKind = (typeof TraceEventKind)[keyof typeof TraceEventKind];

/** Outcome names of executions, indexed by `TraceEventKind`. */
export const executionOutcomes = ['running', 'finished', 'preempted', 'evicted', 'cut'] as const;

/** Whether an event of this kind is an execution (a span) rather than an instant. */
export function isExecution(kind: number): boolean {
  return kind <= TraceEventKind.Cut;
}

/**
 * The schedule of a run, node by node, as recorded by a
 * `ScheduleTraceRecorder`: one execution event per job execution on each
 * node it held, and instants for node failures, repairs, preemptions and
 * evictions. Events are struct-of-arrays, in the order they began.
 *
 * Several jobs may share a node at once (shares of a chip, several small
 * jobs on a large node), so each node has as many *lanes* as it needed:
 * an execution takes the lowest lane free when it starts, so executions in
 * one lane never overlap.
 */
export interface ScheduleTrace {
  /** Events recorded. */
  readonly count: number;
  /** Per event, a `TraceEventKind`. */
  readonly kind: Uint8Array;
  /** Per event, its lane (index into `lanePool`, `laneNode`, `laneIndex`). */
  readonly lane: Int32Array;
  /**
   * Per event, the job's serial, its place in arrival order (-1 for node
   * failures and repairs); in a run that keeps every job, also its index
   * in the job table.
   */
  readonly job: Int32Array;
  /** Per event, the job's class, origin and requested milli-chips, as they were when it was recorded (-1 for node events). */
  readonly jobClass: Int32Array;
  readonly jobOrigin: Int32Array;
  readonly jobMilli: Int32Array;
  /** The ids of recorded jobs that have one of their own (from the scenario's list or a trace), by serial; others are named by their serial. */
  readonly jobIds: ReadonlyMap<number, string>;
  /** Per event, its start (instants: its time), simulated seconds. */
  readonly start: Float64Array;
  /** Per execution, its end, simulated seconds; equal to `start` for instants. */
  readonly end: Float64Array;
  /** Per lane: pool index, node index in the pool, and lane number on that node (0, 1, …). */
  readonly lanePool: readonly number[];
  readonly laneNode: readonly number[];
  readonly laneIndex: readonly number[];
  /**
   * Transfers over a shared network (issue 18), in the order they ended:
   * the job's serial, start and end, whether it was the output (else the
   * input), and whether it arrived (else its job lost its place first).
   * Empty without `network.links`.
   */
  readonly transfers: { readonly job: readonly number[]; readonly start: readonly number[]; readonly end: readonly number[]; readonly output: readonly boolean[]; readonly arrived: readonly boolean[]; readonly gb: readonly number[] };
  /** The most events it would record. */
  readonly limit: number;
  /** Events not recorded because the limit was reached (0 when nothing was cut). */
  readonly droppedEvents: number;
}

/** Default `limit` of a `ScheduleTraceRecorder`. */
export const DEFAULT_TRACE_LIMIT = 1_000_000;

/**
 * Records the schedule of a simulation through its hooks, so that a run
 * without a recorder pays nothing. Bounded: once `limit` events are
 * recorded it stops and counts what it left out.
 *
 * ```ts
 * const recorder = new ScheduleTraceRecorder();
 * const run = simulate(scenario, { observe: (sim) => recorder.attach(sim) });
 * const trace = recorder.finish(run.endTime);
 * ```
 */
export class ScheduleTraceRecorder {
  readonly limit: number;
  private count = 0;
  private dropped = 0;
  private capacity: number;
  private kind: Uint8Array;
  private lane: Int32Array;
  private job: Int32Array;
  private jobClass: Int32Array;
  private jobOrigin: Int32Array;
  private jobMilli: Int32Array;
  private readonly jobIds = new Map<number, string>();
  private start: Float64Array;
  private end: Float64Array;
  private readonly lanePool: number[] = [];
  private readonly laneNode: number[] = [];
  private readonly laneIndex: number[] = [];
  /** Per lane, whether an execution holds it now. */
  private readonly laneBusy: boolean[] = [];
  /** Lanes of each node that has at least one, by the node's global index. */
  private readonly nodeLanes = new Map<number, number[]>();
  /** First recorded event of each running job's execution; its events on further nodes follow it. */
  private readonly open = new Map<number, number>();
  private poolOffset: Int32Array = new Int32Array(0);
  private attached = false;
  /** The simulation's job table: what a job is, read while it is alive (its slot may hold another job later). */
  private jobs: JobTable | undefined;
  private finished = false;
  private readonly transfers = { job: [] as number[], start: [] as number[], end: [] as number[], output: [] as boolean[], arrived: [] as boolean[], gb: [] as number[] };

  constructor(limit = DEFAULT_TRACE_LIMIT) {
    if (!(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`trace limit must be a non-negative integer, got ${limit}`);
    this.limit = limit;
    this.capacity = Math.min(limit, 1024);
    this.kind = new Uint8Array(this.capacity);
    this.lane = new Int32Array(this.capacity);
    this.job = new Int32Array(this.capacity);
    this.jobClass = new Int32Array(this.capacity);
    this.jobOrigin = new Int32Array(this.capacity);
    this.jobMilli = new Int32Array(this.capacity);
    this.start = new Float64Array(this.capacity);
    this.end = new Float64Array(this.capacity);
  }

  /** Listens to the simulation's hooks; call before it runs, once. */
  attach(sim: Simulation): this {
    if (this.attached) throw new Error('a ScheduleTraceRecorder records one simulation');
    this.attached = true;
    this.poolOffset = poolOffsets(sim.model);
    const jobs = sim.jobs;
    this.jobs = jobs;
    sim.hooks.on('job:start', (job, time) => {
      const pool = jobs.pool[job] as number;
      const gang = jobs.gangNodes.get(job);
      if (gang === undefined) this.startOn(job, pool, jobs.node[job] as number, time, true);
      else gang.forEach((node, i) => this.startOn(job, pool, node, time, i === 0));
    });
    sim.hooks.on('job:finish', (job, time) => void this.close(job, time, TraceEventKind.Finished));
    sim.hooks.on('job:preempt', (job, time) => this.instant(TraceEventKind.Preempt, this.close(job, time, TraceEventKind.Preempted), job, time));
    sim.hooks.on('job:evict', (job, time) => this.instant(TraceEventKind.Evict, this.close(job, time, TraceEventKind.Evicted), job, time));
    sim.hooks.on('node:down', (pool, node, time) => this.nodeInstant(TraceEventKind.NodeDown, pool, node, time));
    sim.hooks.on('node:up', (pool, node, time) => this.nodeInstant(TraceEventKind.NodeUp, pool, node, time));
    sim.hooks.on('transfer:end', (job, start, time, output, arrived, gb) => this.transfer(job, start, time, output, arrived, gb));
    return this;
  }

  /** Ends recording at the run's end time (`RunRecord.endTime`): executions still running are closed there as cut. */
  finish(endTime: number): ScheduleTrace {
    if (this.finished) throw new Error('ScheduleTraceRecorder.finish was already called');
    this.finished = true;
    for (const first of this.open.values()) {
      const job = this.job[first] as number;
      for (let i = first; i < this.count && this.job[i] === job && this.kind[i] === TraceEventKind.Running; i++) {
        this.kind[i] = TraceEventKind.Cut;
        this.end[i] = endTime;
      }
    }
    this.open.clear();
    return {
      count: this.count,
      kind: this.kind.subarray(0, this.count),
      lane: this.lane.subarray(0, this.count),
      job: this.job.subarray(0, this.count),
      jobClass: this.jobClass.subarray(0, this.count),
      jobOrigin: this.jobOrigin.subarray(0, this.count),
      jobMilli: this.jobMilli.subarray(0, this.count),
      jobIds: this.jobIds,
      start: this.start.subarray(0, this.count),
      end: this.end.subarray(0, this.count),
      lanePool: this.lanePool,
      laneNode: this.laneNode,
      laneIndex: this.laneIndex,
      transfers: this.transfers,
      limit: this.limit,
      droppedEvents: this.dropped,
    };
  }

  /** Records the start of the job's execution on one node, in the lowest lane free there. */
  private startOn(job: number, pool: number, node: number, time: number, first: boolean): void {
    if (this.full()) {
      this.dropped++;
      return;
    }
    const lanes = this.lanesOf(pool, node);
    let lane = lanes.find((l) => !this.laneBusy[l]);
    if (lane === undefined) lane = this.laneOf(pool, node, lanes.length);
    this.laneBusy[lane] = true;
    const i = this.push(TraceEventKind.Running, lane, job, time);
    if (first) this.open.set(job, i);
  }

  /**
   * Closes the job's running execution events with `outcome` and frees
   * their lanes. Returns the lane of its first node (where instants about
   * the job go), or -1 if its execution was not recorded.
   */
  private close(job: number, time: number, outcome: TraceEventKind): number {
    const first = this.open.get(job);
    // Not recorded: the limit was reached before it started.
    if (first === undefined) return -1;
    this.open.delete(job);
    const serial = this.serialOf(job);
    for (let i = first; i < this.count && this.job[i] === serial && this.kind[i] === TraceEventKind.Running; i++) {
      this.kind[i] = outcome;
      this.end[i] = time;
      this.laneBusy[this.lane[i] as number] = false;
    }
    return this.lane[first] as number;
  }

  private instant(kind: TraceEventKind, lane: number, job: number, time: number): void {
    if (this.full() || lane < 0) {
      this.dropped++;
      return;
    }
    this.push(kind, lane, job, time);
  }

  /** An instant on lane 0 of a node, which it creates only when the instant is recorded. */
  private nodeInstant(kind: TraceEventKind, pool: number, node: number, time: number): void {
    this.instant(kind, this.full() ? -1 : this.laneOf(pool, node, 0), -1, time);
  }

  /** A transfer ended (it arrived, or its job lost its place): one event, within the limit as the others. */
  private transfer(job: number, start: number, end: number, output: boolean, arrived: boolean, gb: number): void {
    if (this.full()) {
      this.dropped++;
      return;
    }
    const serial = this.serialOf(job);
    const t = this.transfers;
    t.job.push(serial);
    t.start.push(start);
    t.end.push(end);
    t.output.push(output);
    t.arrived.push(arrived);
    t.gb.push(gb);
    if (this.jobs !== undefined) this.noteId(this.jobs, job, serial);
  }

  /** Whether the trace holds its limit of events: executions and instants, and transfers. */
  private full(): boolean {
    return this.count + this.transfers.job.length >= this.limit;
  }

  /** Keeps a listed job's id by its serial: its slot may hold another job by the time the trace is written. */
  private noteId(jobs: JobTable, job: number, serial: number): void {
    const id = jobs.explicitIds.get(job);
    if (id !== undefined) this.jobIds.set(serial, id);
  }

  private push(kind: TraceEventKind, lane: number, job: number, time: number): number {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.lane[i] = lane;
    this.start[i] = time;
    this.end[i] = time;
    const jobs = this.jobs;
    if (job < 0 || jobs === undefined) {
      this.job[i] = -1;
      this.jobClass[i] = -1;
      this.jobOrigin[i] = -1;
      this.jobMilli[i] = -1;
      return i;
    }
    const serial = jobs.serial[job] as number;
    this.job[i] = serial;
    this.jobClass[i] = jobs.cls[job] as number;
    this.jobOrigin[i] = jobs.origin[job] as number;
    this.jobMilli[i] = jobs.milli[job] as number;
    this.noteId(jobs, job, serial);
    return i;
  }

  private serialOf(job: number): number {
    return (this.jobs?.serial[job] as number | undefined) ?? job;
  }

  private lanesOf(pool: number, node: number): number[] {
    const key = (this.poolOffset[pool] as number) + node;
    let lanes = this.nodeLanes.get(key);
    if (lanes === undefined) {
      lanes = [];
      this.nodeLanes.set(key, lanes);
    }
    return lanes;
  }

  /** Lane `index` of a node, created (with the lanes below it) if need be. */
  private laneOf(pool: number, node: number, index: number): number {
    const lanes = this.lanesOf(pool, node);
    while (lanes.length <= index) {
      lanes.push(this.laneBusy.length);
      this.lanePool.push(pool);
      this.laneNode.push(node);
      this.laneIndex.push(lanes.length - 1);
      this.laneBusy.push(false);
    }
    return lanes[index] as number;
  }

  private grow(): void {
    this.capacity = Math.min(this.limit, Math.max(16, this.capacity * 2));
    const kind = new Uint8Array(this.capacity);
    kind.set(this.kind);
    this.kind = kind;
    const lane = new Int32Array(this.capacity);
    lane.set(this.lane);
    this.lane = lane;
    const job = new Int32Array(this.capacity);
    job.set(this.job);
    this.job = job;
    for (const key of ['jobClass', 'jobOrigin', 'jobMilli'] as const) {
      const grown = new Int32Array(this.capacity);
      grown.set(this[key]);
      this[key] = grown;
    }
    const start = new Float64Array(this.capacity);
    start.set(this.start);
    this.start = start;
    const end = new Float64Array(this.capacity);
    end.set(this.end);
    this.end = end;
  }
}

/** Global index of each pool's first node. */
function poolOffsets(model: ClusterModel): Int32Array {
  const offsets = new Int32Array(model.pools.length);
  let n = 0;
  for (const p of model.pools) {
    offsets[p.index] = n;
    n += p.nodes;
  }
  return offsets;
}
