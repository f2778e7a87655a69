import { chipsToMilli, type ClusterModel, type PoolModel } from '../model/cluster-model.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { ExecutionModel } from '../model/execution.js';
import type { JobTable } from '../model/job-table.js';
import type { Estimates } from './estimates.js';

/** Why a job was rejected at once, as counted in `rejectReasons`. */
export const RejectReason = {
  /** No pool has a chip that can run the job (listed in its class's speed table, or in its runtime table). */
  noCapableChip: 'no-capable-chip',
  /** Pools with a capable chip exist, but none inside the job's latency circle. */
  outsideCircle: 'outside-circle',
  /** Capable pools inside the circle exist, but none has nodes big enough (chips, cores, memory or gang size). */
  tooLarge: 'too-large-for-any-pool',
  /** Every pool that could hold the job would cost more than its budget, even at its lowest price. */
  overBudget: 'over-budget',
  /** The job's bid is below the lowest ask every pool that could hold it will ever post (market runs). */
  bidBelowAsk: 'bid-below-every-ask',
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];
const reasons: readonly RejectReason[] = Object.values(RejectReason);
const NOT_CACHED = -2;
const RUNNABLE = -1;

/**
 * The hard constraints every placement obeys, whatever the policy: the chip
 * can run the job, the site is inside the job's latency circle, a node has
 * room for it now, and its expected cost stays within its budget. Facts of
 * execution come from the `ExecutionModel`, costs from the `Estimates`.
 *
 * Candidate pools depend only on (class, origin) and are computed once; per
 * decision only free capacity (through the pools' indices) and, for jobs
 * with a budget, the expected cost are evaluated.
 */
export class BuiltinFilters {
  private readonly nOrigins: number;
  private readonly nSites: number;
  /**
   * Per (class, origin): pools whose chip the class lists, inside the
   * class's circle, with nodes big enough for a job of the class, in
   * declaration order.
   */
  private readonly candidateTable: Int32Array[];
  /** Per (class, origin): every pool inside the class's circle (jobs with a runtime table choose among these). */
  private readonly insideTable: Int32Array[];
  /** Per class: milli-cores and MiB a job asks of its node, and its default milli-chips. */
  readonly classCores: Int32Array;
  readonly classMemMiB: Int32Array;
  readonly classMilli: Int32Array;
  /** Per (class, origin), for jobs shaped like their class: NOT_CACHED, RUNNABLE, or an index into `reasons`. */
  private readonly neverCache: Int8Array;
  /** The same, per bid, for jobs with a bid (market runs). */
  private readonly neverCacheByBid = new Map<number, Int8Array>();
  /**
   * Per job slot, the pools of a job not shaped like its class (a traced
   * job with its own chip count) and the serial of the job they are for: a
   * waiting job is asked at every scheduling pass, and its pools never
   * change, so they are worked out once per job rather than once per ask.
   * A recycled slot holds a new serial, so a stale entry is never read.
   */
  private ownPools: (Int32Array | undefined)[] = [];
  private ownPoolsSerial = new Float64Array(0);
  private lastOwnPools: Int32Array | undefined = undefined;

  constructor(
    private readonly model: ClusterModel,
    private readonly state: ClusterState,
    private readonly jobs: JobTable,
    private readonly execution: ExecutionModel,
    private readonly estimates: Estimates,
  ) {
    const { classes, pools, regions, sites } = model;
    this.nOrigins = regions.length;
    this.nSites = sites.length;
    this.classCores = Int32Array.from(classes, (c) => c.milliCores);
    this.classMemMiB = Int32Array.from(classes, (c) => c.memMiB);
    this.classMilli = Int32Array.from(classes, (c) => chipsToMilli(c.chips));
    this.candidateTable = [];
    this.insideTable = [];
    for (const c of classes) {
      const milli = this.classMilli[c.index] as number;
      for (const r of regions) {
        const inside = pools.filter((p) => (model.rttMs[r.index * sites.length + p.site] as number) <= c.circleRttMs);
        this.insideTable.push(Int32Array.from(inside, (p) => p.index));
        const candidates = inside.filter((p) => (c.speedByChip[p.chip] as number) > 0 && this.holds(p.index, c.index, milli));
        this.candidateTable.push(Int32Array.from(candidates, (p) => p.index));
      }
    }
    this.neverCache = new Int8Array(classes.length * regions.length).fill(NOT_CACHED);
  }

  /** Pools that may ever run a job of class `cls` from `origin`: a chip the class lists, inside the circle. */
  candidates(cls: number, origin: number): Int32Array {
    return this.candidateTable[cls * this.nOrigins + origin] as Int32Array;
  }

  /**
   * Pools that may ever run job `job`: a chip that can run it, inside its
   * circle, nodes big enough. For a job shaped like its class, its class's
   * candidates; a job with its own chip count or runtime table (which
   * overrides the class's speeds) gets its own list.
   */
  poolsFor(job: number): Int32Array {
    const cls = this.jobs.cls[job] as number;
    const origin = this.jobs.origin[job] as number;
    if (this.typical(job)) return this.candidates(cls, origin);
    const serial = this.jobs.serial[job] as number;
    if (job < this.ownPoolsSerial.length && this.ownPoolsSerial[job] === serial) return this.ownPools[job] as Int32Array;
    let pools = this.ownPoolsOf(job, cls, origin);
    // Jobs in a row mostly have the same pools (one array for them all: a run that keeps every job keeps them).
    const last = this.lastOwnPools;
    if (last !== undefined && last.length === pools.length && last.every((p, i) => p === pools[i])) pools = last;
    this.lastOwnPools = pools;
    if (job >= this.ownPoolsSerial.length) {
      const grown = new Float64Array(Math.max(job + 1, this.ownPoolsSerial.length * 2)).fill(-1);
      grown.set(this.ownPoolsSerial);
      this.ownPoolsSerial = grown;
    }
    this.ownPoolsSerial[job] = serial;
    this.ownPools[job] = pools;
    return pools;
  }

  /** `poolsFor` of a job not shaped like its class, worked out afresh. */
  private ownPoolsOf(job: number, cls: number, origin: number): Int32Array {
    const jobs = this.jobs;
    const milli = jobs.milli[job] as number;
    const oneNode = jobs.oneNode[job] === 1;
    return (this.insideTable[cls * this.nOrigins + origin] as Int32Array).filter((p) => {
      const pool = this.model.pools[p] as PoolModel;
      // A job bound to one node has no pool whose nodes are too small for it (no gang across nodes).
      if (oneNode && milli > pool.milliPerNode) return false;
      return this.execution.capable(job, pool) && this.state.canEverHold(p, milli, jobs.cores[job] as number, jobs.memMiB[job] as number);
    });
  }

  /**
   * Whether the job is shaped like its class: the class's chips, cores and
   * memory, its speeds, no runtime table. Such jobs share the per-class
   * tables (candidates, never-runnable answers, queue shapes).
   */
  typical(job: number): boolean {
    const jobs = this.jobs;
    const cls = jobs.cls[job] as number;
    return (
      jobs.milli[job] === this.classMilli[cls] &&
      jobs.cores[job] === this.classCores[cls] &&
      jobs.memMiB[job] === this.classMemMiB[cls] &&
      jobs.speedRow[job] === -1 &&
      jobs.oneNode[job] === 0 &&
      (jobs.runtimeRows.size === 0 || !jobs.runtimeRows.has(job))
    );
  }

  /** Whether the pool's nodes could ever hold a job of the class asking for `milli`. */
  private holds(pool: number, cls: number, milli: number): boolean {
    return this.state.canEverHold(pool, milli, this.classCores[cls] as number, this.classMemMiB[cls] as number);
  }

  /** Whether the pool has room for the job now, keeps it within budget and asks no more than its bid; the pool must be one of `poolsFor(job)`. */
  fitsNow(job: number, pool: PoolModel, now: number): boolean {
    if (!this.state.fitsNow(pool.index, this.jobs.milli[job] as number, this.jobs.cores[job] as number, this.jobs.memMiB[job] as number)) return false;
    if (!this.withinBid(job, pool, now)) return false;
    const budget = this.jobs.budget[job] as number;
    return budget === Infinity || this.estimates.cost(job, pool, now) <= budget;
  }

  /** The market's rule: a job never starts where the ask exceeds its bid (a job without a bid takes any ask). */
  withinBid(job: number, pool: PoolModel, now: number): boolean {
    const bid = this.jobs.bid[job] as number;
    return bid === Infinity || pool.price.priceAt(now) <= bid;
  }

  /**
   * Why the job can never run in this cluster, or undefined if some pool
   * could hold it. "Never" assumes every node free, and for a budget and a
   * bid, each pool's lowest price.
   */
  neverRunnable(job: number, now: number, spent = 0): RejectReason | undefined {
    const cls = this.jobs.cls[job] as number;
    // A job shaped like its class (no runtime table, the class's chips, no
    // budget) gets the same answer as every other such job from its origin.
    const typical = this.jobs.budget[job] === Infinity && spent === 0 && this.typical(job);
    const key = cls * this.nOrigins + (this.jobs.origin[job] as number);
    // Without a budget the answer depends on the class, the origin and the bid only (bids take few values).
    const cache = typical ? this.neverCacheFor(this.jobs.bid[job] as number) : undefined;
    if (cache !== undefined) {
      const cached = cache[key] as number;
      if (cached !== NOT_CACHED) return cached === RUNNABLE ? undefined : reasons[cached];
    }
    const reason = this.findNeverRunnable(job, cls, now, spent);
    if (cache !== undefined) cache[key] = reason === undefined ? RUNNABLE : reasons.indexOf(reason);
    return reason;
  }

  /** The cache of `neverRunnable` for jobs shaped like their class with this bid (Infinity: no bid). */
  private neverCacheFor(bid: number): Int8Array {
    if (bid === Infinity) return this.neverCache;
    let cache = this.neverCacheByBid.get(bid);
    if (cache === undefined) {
      cache = new Int8Array(this.neverCache.length).fill(NOT_CACHED);
      this.neverCacheByBid.set(bid, cache);
    }
    return cache;
  }

  private findNeverRunnable(job: number, cls: number, now: number, spent: number): RejectReason | undefined {
    const big = this.poolsFor(job);
    if (big.length === 0) {
      const capable = (p: { chip: number }): boolean => this.execution.capable(job, p);
      if (!this.model.pools.some(capable)) return RejectReason.noCapableChip;
      const inside = this.insideTable[cls * this.nOrigins + (this.jobs.origin[job] as number)] as Int32Array;
      return inside.some((p) => capable(this.model.pools[p] as PoolModel)) ? RejectReason.tooLarge : RejectReason.outsideCircle;
    }
    // One pool must pass both: a pool within the budget whose ask never comes down to the bid is no use
    // (a job that waited for it would wait for ever while the price kept changing).
    const bid = this.jobs.bid[job] as number;
    const bidding = bid === Infinity ? big : big.filter((p) => (this.model.pools[p] as PoolModel).price.minPrice <= bid);
    if (bidding.length === 0) return RejectReason.bidBelowAsk;
    if (this.jobs.budget[job] !== Infinity && !bidding.some((p) => this.estimates.everAffordable(job, this.model.pools[p] as PoolModel, now, spent))) return RejectReason.overBudget;
    return undefined;
  }
}
