import type { Rng } from '../engine/rng.js';
import type { ClusterModel, PoolModel } from '../model/cluster-model.js';
import { ClusterState } from '../model/cluster-state.js';
import type { FreeCapacityIndex } from '../model/free-capacity-index.js';
import type { JobTable } from '../model/job-table.js';
import type { PoolQueues } from '../model/pool-queues.js';
import type { BuiltinFilters } from './builtin-filters.js';

/**
 * What a scheduler decides for one job. One object is reused for every
 * decision (nothing is allocated per decision); read it before the next.
 *
 * - `start`: place the job on `pool` now (it fits there now);
 * - `enqueue`: bind it to `pool`'s local FIFO queue; it starts when it
 *   reaches the head and fits, and is never remapped;
 * - `wait`: leave it in the central queue. `capacity` says whether the
 *   reason is only that no pool has room (then the simulation does not ask
 *   again about a job of the same shape until a pool it could use frees
 *   capacity);
 * - `reject`: it can never run; `reason` ends up in `rejectReasons`.
 */
export class Decision {
  kind: DecisionKind = 'wait';
  pool = -1;
  /** For `start` by a node-level policy: the node of the pool, and for a share of one chip, the chip; -1 to let the pool choose. */
  node = -1;
  chip = -1;
  capacity = true;
  reason = '';

  start(pool: number, node = -1, chip = -1): void {
    this.kind = 'start';
    this.pool = pool;
    this.node = node;
    this.chip = chip;
  }

  enqueue(pool: number): void {
    this.kind = 'enqueue';
    this.pool = pool;
    this.node = -1;
  }

  wait(capacity: boolean): void {
    this.kind = 'wait';
    this.pool = -1;
    this.capacity = capacity;
  }

  reject(reason: string): void {
    this.kind = 'reject';
    this.pool = -1;
    this.reason = reason;
  }
}

export type DecisionKind = 'start' | 'enqueue' | 'wait' | 'reject';

/** One placement of a batch decision: a job and where it goes. */
export interface BatchPlacement {
  job: number;
  pool: number;
  mode: 'now' | 'enqueue';
}

/**
 * The scheduling core's view of a policy: decisions over job and pool
 * indices, with no object per job or per decision. Built-in policies
 * implement it directly on the typed arrays of `SchedulingContext`; a
 * user's `Policy` (filter/score/place/batch/preempt over views) is adapted
 * to it by `adaptPolicy`.
 */
export interface Scheduler {
  readonly name: string;
  readonly description: string;
  /** When true, no job starts before one ahead of it in queue order: the head blocks (strict FCFS). */
  readonly strictOrder: boolean;
  /** Queue order over job indices (negative: a first); default arrival order. */
  readonly compare?: ((a: number, b: number, ctx: SchedulingContext) => number) | undefined;
  /** One decision for one job, written into `out`. */
  decide(job: number, ctx: SchedulingContext, out: Decision): void;
  /**
   * Batch mode: called instead of `decide` once per scheduling pass with
   * every job of the central queue (in queue order); returns placements,
   * which the simulation applies in order, re-checking each.
   */
  readonly batch?: ((jobs: readonly number[], ctx: SchedulingContext) => BatchPlacement[]) | undefined;
  /**
   * For a job that must wait: running jobs to preempt so that it can
   * start now on `pool` (written to `out.pool`), or undefined for none.
   */
  readonly preempt?: ((job: number, ctx: SchedulingContext) => { victims: number[]; pool: number } | undefined) | undefined;
  /** Called once before the run, to read options and set up per-run state. */
  readonly prepare?: ((ctx: SchedulingContext) => void) | undefined;
  /** Called at the start of every scheduling pass (before its first decision). */
  readonly beginPass?: ((ctx: SchedulingContext) => void) | undefined;
  /**
   * When true, every pass shows the scheduler the head of the queue first,
   * even when the head's shape waits for capacity (EASY backfilling reserves
   * for it before letting others pass).
   */
  readonly seesHead?: boolean | undefined;
  /**
   * Why the scheduler would place the job where it would: each candidate
   * pool's score parts, for reports and traces. Computed only when asked.
   */
  readonly explain?: ((job: number, ctx: SchedulingContext) => PoolScore[]) | undefined;
}

/** One candidate pool's score for a job, part by part (0..100 each) and weighted in total. */
export interface PoolScore {
  pool: number;
  parts: Record<string, number>;
  total: number;
}

/**
 * What schedulers read: the model, the live cluster state and estimates,
 * through methods that do not allocate. Everything here is read-only for
 * schedulers: they decide, the simulation executes.
 */
export class SchedulingContext {
  /** Simulated time of the decision being made. */
  now = 0;
  /**
   * Figures that depend only on (class, pool) or (origin, pool), computed
   * once so that a decision reads typed arrays instead of walking the model:
   * the chip's speed for the class (0: cannot run it), the chips a job of
   * the class's own size holds there, and per origin the RTT, transfer
   * seconds per GB and data fee per GB. `pricePerSecond` holds each pool's
   * price per chip-second while its price is constant (NaN otherwise).
   */
  readonly speed: Float64Array;
  readonly heldChips: Float64Array;
  readonly rtt: Float64Array;
  readonly transferPerGB: Float64Array;
  readonly feePerGB: Float64Array;
  readonly pricePerSecond: Float64Array;
  /**
   * Per (class, pool), for a job of the class's own size: whole nodes it
   * needs (0: it fits on one; -1: never), and the milli-cores and MiB it
   * takes from a node there (0 where the pool does not track them).
   */
  readonly gang: Int32Array;
  private readonly cores: Int32Array;
  private readonly mem: Int32Array;
  /**
   * Per (class, pool): 1 when only chips decide whether a job of the class's
   * own size has room there (the pool tracks no cores or memory, or the
   * class asks for none), so `state.maxWholeChips` / `maxChipFree` tell
   * room exactly.
   */
  readonly chipsOnly: Uint8Array;
  /** Number of pools: the stride of the tables above. */
  readonly poolCount: number;
  /**
   * Per class: the index into `state.roomVersion` of the class's demand
   * when room for a job of its own size is decided by the chip maxima on
   * every pool (no gang, no cores or memory asked where they are tracked);
   * -1 otherwise.
   */
  readonly roomWatch: Int32Array;
  /** Every pool's price is constant (`pricePerSecond` has no NaN). */
  readonly constantPrices: boolean;

  constructor(
    readonly model: ClusterModel,
    readonly state: ClusterState,
    readonly jobs: JobTable,
    readonly filters: BuiltinFilters,
    readonly queues: PoolQueues,
    /** Milli-chips allocated now, per pool (live). */
    readonly allocated: Float64Array,
    /** The `policy` random stream: a policy's randomness never moves arrivals or sizes. */
    readonly random: Rng,
    readonly options: Readonly<Record<string, unknown>>,
    /** Jobs running now (live: read it, do not keep it). */
    readonly running: { readonly size: number; at(i: number): number },
  ) {
    const { classes, pools, regions, sites } = model;
    const P = pools.length;
    this.poolCount = P;
    this.speed = new Float64Array(classes.length * P);
    this.heldChips = new Float64Array(classes.length * P);
    this.gang = new Int32Array(classes.length * P);
    this.cores = new Int32Array(classes.length * P);
    this.mem = new Int32Array(classes.length * P);
    for (const c of classes) {
      const milli = filters.classMilli[c.index] as number;
      for (const p of pools) {
        const k = c.index * P + p.index;
        this.speed[k] = c.speedByChip[p.chip] as number;
        this.heldChips[k] = filters.heldMilliFor(milli, p) / 1000;
        this.gang[k] = ClusterState.gangNodes(p, milli);
        this.cores[k] = p.milliCoresPerNode === 0 ? 0 : (filters.classCores[c.index] as number);
        this.mem[k] = p.memMiBPerNode === 0 ? 0 : (filters.classMemMiB[c.index] as number);
      }
    }
    this.rtt = new Float64Array(regions.length * P);
    this.transferPerGB = new Float64Array(regions.length * P);
    this.feePerGB = new Float64Array(regions.length * P);
    for (const r of regions) {
      for (const p of pools) {
        const i = r.index * sites.length + p.site;
        this.rtt[r.index * P + p.index] = model.rttMs[i] as number;
        this.transferPerGB[r.index * P + p.index] = model.transferSPerGB[i] as number;
        this.feePerGB[r.index * P + p.index] = model.dataFeePerGB[i] as number;
      }
    }
    this.pricePerSecond = Float64Array.from(pools, (p) => (p.price.constant ? p.price.priceAt(0) / 3600 : NaN));
    this.chipsOnly = Uint8Array.from(this.cores, (cores, k) => (cores === 0 && this.mem[k] === 0 ? 1 : 0));
    this.constantPrices = this.pricePerSecond.every((v) => !Number.isNaN(v));
    this.roomWatch = Int32Array.from(classes, (c) => {
      for (let p = 0; p < P; p++) if (this.gang[c.index * P + p] !== 0 || this.chipsOnly[c.index * P + p] !== 1) return -1;
      return state.watchRoom(filters.classMilli[c.index] as number);
    });
  }

  /** Whether the job is shaped like its class (its chips, no runtime table), so the per-class tables apply to it. */
  typical(job: number): boolean {
    const jobs = this.jobs;
    return this.filters.typical(job);
  }

  /** Pools the job may ever use: a chip that can run it, inside its circle. */
  candidates(job: number): Int32Array {
    return this.filters.poolsFor(job);
  }

  pool(index: number): PoolModel {
    return this.model.pools[index] as PoolModel;
  }

  /** Whether the job can start on the pool now: room on a node, and within budget. */
  fitsNow(job: number, pool: number): boolean {
    const jobs = this.jobs;
    const cls = jobs.cls[job] as number;
    // The common case reads the per-(class, pool) tables: no budget, the class's own size.
    if (jobs.budget[job] === Infinity && this.filters.typical(job)) {
      const k = cls * this.poolCount + pool;
      const gang = this.gang[k] as number;
      const milli = jobs.milli[job] as number;
      if (gang === 0 && this.chipsOnly[k] === 1) {
        return milli >= 1000 ? (this.state.maxWholeChips[pool] as number) * 1000 >= milli : (this.state.maxChipFree[pool] as number) >= milli;
      }
      const cap = this.state.capacity[pool] as FreeCapacityIndex;
      if (gang !== 0) return gang > 0 && cap.freeWholeNodes >= gang;
      return cap.canFit(milli, this.cores[k] as number, this.mem[k] as number);
    }
    return this.filters.fitsNow(job, this.model.pools[pool] as PoolModel, this.now);
  }

  /** Whether the job, by its estimate, stays within its budget on the pool at today's prices (capacity aside). */
  affordable(job: number, pool: number): boolean {
    const budget = this.jobs.budget[job] as number;
    return budget === Infinity || this.expectedCost(job, pool) <= budget;
  }

  /** Estimated runtime of the job on the pool's chip (what policies know), seconds. */
  runtimeS(job: number, pool: number): number {
    return this.filters.estimatedRuntimeOn(job, this.model.pools[pool] as PoolModel);
  }

  transferS(job: number, pool: number): number {
    return this.filters.transferS(job, this.model.pools[pool] as PoolModel);
  }

  rttMs(job: number, pool: number): number {
    const p = this.model.pools[pool] as PoolModel;
    return this.model.rttMs[(this.jobs.origin[job] as number) * this.model.sites.length + p.site] as number;
  }

  /** Expected seconds until the pool could start more work (its ready time, from estimates). */
  expectedWaitS(pool: number): number {
    return this.queues.expectedWaitS(pool, this.now);
  }

  /**
   * Expected seconds from now until the job would complete on the pool:
   * no wait if it fits now and nothing is queued there, else the pool's
   * expected wait; then data transfer and the estimated runtime.
   */
  completionS(job: number, pool: number): number {
    const wait = this.queues.localLength(pool) === 0 && this.fitsNow(job, pool) ? 0 : this.expectedWaitS(pool);
    return wait + this.transferS(job, pool) + this.runtimeS(job, pool);
  }

  /** Expected cost of running the job on the pool from now: chips held × price over the run, plus data fees. */
  expectedCost(job: number, pool: number): number {
    return this.filters.expectedCost(job, this.model.pools[pool] as PoolModel, this.now);
  }

  /** Fraction of the pool's chips allocated now. */
  load(pool: number): number {
    const p = this.model.pools[pool] as PoolModel;
    return (this.allocated[pool] as number) / (p.nodes * p.milliPerNode);
  }

  /** Absolute time by which the job should complete (Infinity without a deadline). */
  due(job: number): number {
    return this.jobs.due[job] as number;
  }
}
