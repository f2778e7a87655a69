import type { ReadonlyNumbers } from './readonly-numbers.js';

/** Where a job is in its life, stored as a small integer; see `jobStateNames`. */
export const JobState = {
  Queued: 0,
  Running: 1,
  Completed: 2,
  Rejected: 3,
  Failed: 4,
  /** Still queued or running when the run ended (cut at the horizon). */
  Unfinished: 5,
} as const;
export type JobState = (typeof JobState)[keyof typeof JobState];

export const jobStateNames = ['queued', 'running', 'completed', 'rejected', 'failed', 'unfinished'] as const;
export type JobStateName = (typeof jobStateNames)[number];

/**
 * What policies may read of the jobs: what was asked and what was decided,
 * never the true work or the planned end (policies reason on estimates),
 * and nothing they could write.
 */
export interface JobsView {
  readonly length: number;
  /**
   * Per job, its place in arrival order (0, 1, 2, …): the order ties break
   * by. A job's index is its slot in the table, which a run that recycles
   * the slots of finished jobs gives to a later one; the serial never repeats.
   */
  readonly serial: ReadonlyNumbers;
  readonly cls: ReadonlyNumbers;
  readonly origin: ReadonlyNumbers;
  readonly arrival: ReadonlyNumbers;
  readonly estimate: ReadonlyNumbers;
  readonly due: ReadonlyNumbers;
  readonly budget: ReadonlyNumbers;
  /** Most the job pays per chip-hour; Infinity without a bid. */
  readonly bid: ReadonlyNumbers;
  /** 1 for a spot job (pays the price as it changes, reclaimed above its bid). */
  readonly spot: ReadonlyNumbers;
  readonly inputGB: ReadonlyNumbers;
  readonly restarts: ReadonlyNumbers;
  readonly preemptions: ReadonlyNumbers;
  readonly milli: ReadonlyNumbers;
  readonly cores: ReadonlyNumbers;
  readonly memMiB: ReadonlyNumbers;
  readonly speedRow: ReadonlyNumbers;
  readonly oneNode: ReadonlyNumbers;
  readonly pool: ReadonlyNumbers;
  readonly node: ReadonlyNumbers;
  readonly held: ReadonlyNumbers;
  readonly slot: ReadonlyNumbers;
  readonly start: ReadonlyNumbers;
  /** Where each job is in its life (`JobState`): a policy may tell a running job from a waiting one. */
  readonly state: ReadonlyNumbers;
  /** Expected end of the current run, from the estimate. */
  readonly estEnd: ReadonlyNumbers;
  readonly gangNodes: ReadonlyMap<number, ReadonlyNumbers>;
  readonly runtimeRows: ReadonlyMap<number, ReadonlyNumbers>;
  readonly speedRows: readonly ReadonlyNumbers[];
  idOf(job: number): string;
}

/**
 * Every job of a run as a struct of arrays: one typed array per field, one
 * slot per job. No object is allocated per job, and a job costs a fixed
 * number of bytes (`bytesPerJob`).
 *
 * By default every job keeps its slot for the whole run, slot i being the
 * i-th arrival. A run that streams its statistics gives a job's slot back
 * with `release` once nothing needs it any more; the next arrival takes it
 * (a free list), so the table is as large as the jobs alive at once, not
 * as all the jobs the run has seen. `serial` keeps the arrival order.
 */
export class JobTable implements JobsView {
  private capacity: number;
  private count = 0;
  /** Jobs added so far: the next serial. */
  private added = 0;
  /** Released slots, taken again by `add` (a stack; a plain array, as it is no per-slot field). */
  private readonly free: number[] = [];
  /** Asked, when no released slot is left, to give back slots held only for later (`onNoFreeSlot`). */
  private reclaim: (() => void) | undefined;

  serial: Float64Array;
  cls: Int32Array;
  origin: Int32Array;
  arrival: Float64Array;
  /** Work in reference-chip seconds (runtime on a chip of speed 1); NaN for jobs with a runtime table. */
  work: Float64Array;
  /** What policies are told of `work` (the truth only in oracle scenarios). */
  estimate: Float64Array;
  /** Absolute time the job should complete by; Infinity without a deadline. */
  due: Float64Array;
  /** Most the job may cost; Infinity without a budget. */
  budget: Float64Array;
  /** Most the job pays per chip-hour (market runs); Infinity without a bid. */
  bid: Float64Array;
  /** 1 for a spot job: it pays the pool's price as it changes and is reclaimed when that rises above its bid. */
  spot: Uint8Array;
  /** The price per chip-hour its current contract locked (an on-demand trade of a market run); NaN: it pays the pool's price as it varies. */
  lockedPrice: Float64Array;
  inputGB: Float64Array;
  /** Times the job was put back in the queue after a node failure. */
  restarts: Int32Array;
  /** Times the job was preempted by a higher-priority one. */
  preemptions: Int32Array;
  /** Requested thousandths of a chip (0 for a job that needs only CPU cores and memory). */
  milli: Int32Array;
  /** Requested milli-cores of its node (checked where the pool tracks cores). */
  cores: Int32Array;
  /** Requested MiB of its node's memory (checked where the pool tracks memory). */
  memMiB: Int32Array;
  /**
   * Which of `speedRows` gives the job's speed per chip, or -1 for its
   * class's table. Trace jobs with a chip constraint (a pod that may run
   * only on some GPU models) share one row per constraint.
   */
  speedRow: Int32Array;
  /** 1 for a job that must run on one node (a Kubernetes pod): never a gang across nodes. */
  oneNode: Uint8Array;
  pool: Int32Array;
  /** First node the job holds; a gang's further nodes are in `gangNodes`. */
  node: Int32Array;
  /** Milli-chips the job holds while running: its request, or whole nodes for a gang. */
  held: Int32Array;
  /** For a share of a chip, which chip of its node it is on; -1 otherwise. */
  slot: Int32Array;
  /** Why the job was rejected, as an index into the run's reject reasons; -1 if it was not. */
  rejectCode: Int32Array;
  start: Float64Array;
  finish: Float64Array;
  /**
   * Seconds the job's last execution takes from placement to finish when
   * nothing interrupts it: input transfer plus its whole work on that chip
   * (true work, not the estimate), even when it resumed with part done.
   * What bounded slowdown divides by; NaN until it starts.
   */
  runS: Float64Array;
  /** Expected end of the current run, from the estimate (for ready times and reservations). */
  estEnd: Float64Array;
  /** Fraction of the job's work already done by earlier runs that were preempted and may resume. */
  progress: Float64Array;
  /** The job's shape in the central queue (what decides where it can go). */
  shape: Int32Array;
  cost: Float64Array;
  /**
   * Energy the job drew, kWh: the chips it held × its pool's busy power per
   * chip × the time it held them, summed over all its executions (preempted,
   * evicted and cut ones too). The idle draw of chips nobody holds is not
   * attributed to any job, so these sum to at most the run's `energyKWh`.
   */
  energyKWh: Float64Array;
  state: Uint8Array;
  /** Ids given in the scenario's explicit job list; other jobs are named by index. */
  readonly explicitIds = new Map<number, string>();
  /** Nodes held by gang jobs (integer chips spanning whole nodes). */
  readonly gangNodes = new Map<number, Int32Array>();
  /** Runtime per chip index (NaN: cannot run there) for jobs that gave one instead of work. */
  readonly runtimeRows = new Map<number, Float64Array>();
  /** Speed per chip index (0: cannot run there) shared by the jobs that name it in `speedRow`. */
  readonly speedRows: Float64Array[] = [];
  private readonly speedRowIndices = new Map<Float64Array, number>();

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.serial = new Float64Array(this.capacity);
    this.cls = new Int32Array(this.capacity);
    this.origin = new Int32Array(this.capacity);
    this.arrival = new Float64Array(this.capacity);
    this.work = new Float64Array(this.capacity);
    this.estimate = new Float64Array(this.capacity);
    this.due = new Float64Array(this.capacity);
    this.budget = new Float64Array(this.capacity);
    this.bid = new Float64Array(this.capacity);
    this.spot = new Uint8Array(this.capacity);
    this.lockedPrice = new Float64Array(this.capacity);
    this.inputGB = new Float64Array(this.capacity);
    this.restarts = new Int32Array(this.capacity);
    this.preemptions = new Int32Array(this.capacity);
    this.milli = new Int32Array(this.capacity);
    this.cores = new Int32Array(this.capacity);
    this.memMiB = new Int32Array(this.capacity);
    this.speedRow = new Int32Array(this.capacity);
    this.oneNode = new Uint8Array(this.capacity);
    this.pool = new Int32Array(this.capacity);
    this.node = new Int32Array(this.capacity);
    this.held = new Int32Array(this.capacity);
    this.slot = new Int32Array(this.capacity);
    this.rejectCode = new Int32Array(this.capacity);
    this.start = new Float64Array(this.capacity);
    this.finish = new Float64Array(this.capacity);
    this.runS = new Float64Array(this.capacity);
    this.estEnd = new Float64Array(this.capacity);
    this.progress = new Float64Array(this.capacity);
    this.shape = new Int32Array(this.capacity);
    this.cost = new Float64Array(this.capacity);
    this.energyKWh = new Float64Array(this.capacity);
    this.state = new Uint8Array(this.capacity);
    this.fillDefaults(0, this.capacity);
  }

  /** Bytes of typed-array storage per job slot. */
  static readonly bytesPerJob = 8 + 4 + 4 + 8 + 8 + 8 + 8 + 8 + 8 + 1 + 8 + 8 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 1 + 4 + 8 + 8 + 8 + 8 + 8 + 4 + 8 + 8 + 4 + 1;

  /** Slots in use or released: jobs are indices below it. Every job of the run when none were released. */
  get length(): number {
    return this.count;
  }

  /** Jobs added over the run (released ones included). */
  get arrivals(): number {
    return this.added;
  }

  /** Slots holding a job now (added and not released). */
  get alive(): number {
    return this.count - this.free.length;
  }

  /**
   * Appends a queued job and returns its index; the caller sets `estimate`,
   * `due`, `budget` and `inputGB` where they differ from the defaults
   * (estimate = work, no deadline, no budget, no bid, on-demand, no input, its class's speeds).
   */
  add(cls: number, origin: number, arrival: number, work: number, milli: number, cores = 0, memMiB = 0): number {
    let i: number;
    if (this.free.length === 0) this.reclaim?.();
    if (this.free.length > 0) {
      i = this.free.pop() as number;
      this.clearSlot(i);
    } else {
      if (this.count === this.capacity) this.grow();
      // Every other field already holds its default: new slots are filled when allocated.
      i = this.count++;
    }
    this.serial[i] = this.added++;
    this.cls[i] = cls;
    this.origin[i] = origin;
    this.arrival[i] = arrival;
    this.work[i] = work;
    this.estimate[i] = work;
    this.milli[i] = milli;
    this.cores[i] = cores;
    this.memMiB[i] = memMiB;
    return i;
  }

  /**
   * Gives a job's slot back, for the next arrival to take. The slot keeps
   * what it holds until then (so whatever is still finishing with the job
   * in this instant reads it whole); the caller makes sure nothing refers
   * to the job afterwards (no pending event, no queue).
   */
  release(job: number): void {
    this.free.push(job);
  }

  /**
   * Called by `add` when no released slot is left, before the table grows:
   * whoever holds ended jobs' slots for a while (`JobRetirement`, which
   * retires them in batches) gives them back then, so the table holds no
   * more slots than it would if each had gone back as its job ended.
   */
  onNoFreeSlot(reclaim: () => void): void {
    this.reclaim = reclaim;
  }

  /** A released slot back to the defaults of a new job (what `fillDefaults` and a fresh array give). */
  private clearSlot(i: number): void {
    this.due[i] = Infinity;
    this.budget[i] = Infinity;
    this.bid[i] = Infinity;
    this.spot[i] = 0;
    this.lockedPrice[i] = NaN;
    this.pool[i] = -1;
    this.node[i] = -1;
    this.slot[i] = -1;
    this.rejectCode[i] = -1;
    this.start[i] = NaN;
    this.finish[i] = NaN;
    this.runS[i] = NaN;
    this.estEnd[i] = NaN;
    this.shape[i] = -1;
    this.speedRow[i] = -1;
    this.inputGB[i] = 0;
    this.restarts[i] = 0;
    this.preemptions[i] = 0;
    this.oneNode[i] = 0;
    this.held[i] = 0;
    this.progress[i] = 0;
    this.cost[i] = 0;
    this.energyKWh[i] = 0;
    this.state[i] = 0;
    // Most runs have none of these (generated jobs, no gangs): a size check is cheaper than a hash lookup.
    if (this.explicitIds.size > 0) this.explicitIds.delete(i);
    if (this.runtimeRows.size > 0) this.runtimeRows.delete(i);
    if (this.gangNodes.size > 0) this.gangNodes.delete(i);
  }

  /**
   * Puts the defaults of a queued job into slots [from, to): no deadline, no
   * budget, no bid, no locked price, no pool or node, never started; the fields whose default is
   * zero (input, counters, cost, state Queued) are zero in a new typed
   * array. One `fill` per field here is far cheaper than two dozen stores
   * per arrival.
   */
  private fillDefaults(from: number, to: number): void {
    this.due.fill(Infinity, from, to);
    this.budget.fill(Infinity, from, to);
    this.bid.fill(Infinity, from, to);
    this.lockedPrice.fill(NaN, from, to);
    this.pool.fill(-1, from, to);
    this.node.fill(-1, from, to);
    this.slot.fill(-1, from, to);
    this.rejectCode.fill(-1, from, to);
    this.start.fill(NaN, from, to);
    this.finish.fill(NaN, from, to);
    this.runS.fill(NaN, from, to);
    this.estEnd.fill(NaN, from, to);
    this.shape.fill(-1, from, to);
    this.speedRow.fill(-1, from, to);
  }

  /** The index of a speed row in `speedRows`, adding it the first time it is seen (rows are shared by identity). */
  speedRowIndex(row: Float64Array): number {
    let i = this.speedRowIndices.get(row);
    if (i === undefined) {
      i = this.speedRows.push(row) - 1;
      this.speedRowIndices.set(row, i);
    }
    return i;
  }

  /** The job's id: its explicit id if it had one, else its place in arrival order. */
  idOf(job: number): string {
    return this.explicitIds.get(job) ?? String(this.serial[job] as number);
  }

  private grow(): void {
    const old = this.capacity;
    this.capacity *= 2;
    this.serial = growFloat64(this.serial, this.capacity);
    this.cls = growInt32(this.cls, this.capacity);
    this.origin = growInt32(this.origin, this.capacity);
    this.arrival = growFloat64(this.arrival, this.capacity);
    this.work = growFloat64(this.work, this.capacity);
    this.estimate = growFloat64(this.estimate, this.capacity);
    this.due = growFloat64(this.due, this.capacity);
    this.budget = growFloat64(this.budget, this.capacity);
    this.bid = growFloat64(this.bid, this.capacity);
    const spot = new Uint8Array(this.capacity);
    spot.set(this.spot);
    this.spot = spot;
    this.lockedPrice = growFloat64(this.lockedPrice, this.capacity);
    this.inputGB = growFloat64(this.inputGB, this.capacity);
    this.restarts = growInt32(this.restarts, this.capacity);
    this.preemptions = growInt32(this.preemptions, this.capacity);
    this.milli = growInt32(this.milli, this.capacity);
    this.cores = growInt32(this.cores, this.capacity);
    this.memMiB = growInt32(this.memMiB, this.capacity);
    this.speedRow = growInt32(this.speedRow, this.capacity);
    const oneNode = new Uint8Array(this.capacity);
    oneNode.set(this.oneNode);
    this.oneNode = oneNode;
    this.pool = growInt32(this.pool, this.capacity);
    this.node = growInt32(this.node, this.capacity);
    this.held = growInt32(this.held, this.capacity);
    this.slot = growInt32(this.slot, this.capacity);
    this.rejectCode = growInt32(this.rejectCode, this.capacity);
    this.start = growFloat64(this.start, this.capacity);
    this.finish = growFloat64(this.finish, this.capacity);
    this.runS = growFloat64(this.runS, this.capacity);
    this.estEnd = growFloat64(this.estEnd, this.capacity);
    this.progress = growFloat64(this.progress, this.capacity);
    this.shape = growInt32(this.shape, this.capacity);
    this.cost = growFloat64(this.cost, this.capacity);
    this.energyKWh = growFloat64(this.energyKWh, this.capacity);
    const state = new Uint8Array(this.capacity);
    state.set(this.state);
    this.state = state;
    this.fillDefaults(old, this.capacity);
  }
}

function growInt32(a: Int32Array, capacity: number): Int32Array {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}

function growFloat64(a: Float64Array, capacity: number): Float64Array {
  const b = new Float64Array(capacity);
  b.set(a);
  return b;
}
