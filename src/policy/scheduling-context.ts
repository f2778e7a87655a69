import type { Rng } from '../engine/rng.js';
import type { ClusterModel, PoolModel } from '../model/cluster-model.js';
import { ClusterState, type ClusterStateView } from '../model/cluster-state.js';
import type { ExecutionModel } from '../model/execution.js';
import { heldMilliFor } from '../model/execution.js';
import type { FreeCapacityView } from '../model/free-capacity-index.js';
import type { JobsView } from '../model/job-table.js';
import type { PoolQueues } from '../model/pool-queues.js';
import type { ReadonlyNumbers } from '../model/readonly-numbers.js';
import type { BuiltinFilters } from './builtin-filters.js';
import type { Estimates } from './estimates.js';
import type { DecisionExplanation } from '../model/explanation.js';
import type { ElasticPoolView } from '../model/elastic-nodes.js';
import { idList, type IdList, type JobId, type PoolId } from './ids.js';

/**
 * The first waiting job's reservation under a policy that makes them (EASY
 * backfilling): the pool where it should start, when, and the chips it
 * leaves spare there. Later jobs may not delay it.
 */
export interface Reservation {
  readonly job: JobId;
  /** -1 when no pool could be reserved (nothing then is held back). */
  readonly pool: PoolId;
  /** When the reserved job should start ("shadow time"). */
  readonly at: number;
  /** Milli-chips of the reserved pool free at `at` beyond what the job needs. */
  spareMilli: number;
}

/** Jobs running now, read-only. */
export interface RunningJobsView {
  readonly size: number;
  at(i: number): JobId;
}

/**
 * What policies read: the model, the live cluster (read-only views, no
 * place, release or enqueue), estimates and the public facts of a
 * placement, through methods that allocate nothing. Policies decide; the
 * simulation executes. The dispatcher sets `now`, `reservation` and
 * `explanation`; everything else is fixed for the run or live.
 */
export class SchedulingContext {
  /** Simulated time of the decision being made. */
  now = 0;
  /** The reservation of this scheduling pass, for policies that make them; undefined until one is made. */
  reservation: Reservation | undefined = undefined;
  /** Where the decision being made is recorded, when someone asked why (`--explain`); undefined otherwise. */
  explanation: DecisionExplanation | undefined = undefined;

  readonly jobs: JobsView;
  readonly state: ClusterStateView;
  readonly options: Readonly<Record<string, unknown>>;
  /** Jobs running now (live: read it, do not keep it). */
  readonly running: RunningJobsView;
  /**
   * Figures that depend only on (class, pool) or (origin, pool), computed
   * once so that a decision reads typed arrays instead of walking the model:
   * the chip's speed for the class (0: cannot run it), the chips a job of
   * the class's own size holds there, and per origin the RTT, transfer
   * seconds per GB and data fee per GB. `pricePerSecond` holds each pool's
   * price per chip-second while its price is constant (NaN otherwise).
   */
  readonly speed: ReadonlyNumbers;
  readonly heldChips: ReadonlyNumbers;
  readonly rtt: ReadonlyNumbers;
  readonly transferPerGB: ReadonlyNumbers;
  readonly feePerGB: ReadonlyNumbers;
  readonly pricePerSecond: ReadonlyNumbers;
  /**
   * Per (class, pool), for a job of the class's own size: whole nodes it
   * needs (0: it fits on one; -1: never).
   */
  readonly gang: ReadonlyNumbers;
  /**
   * Per (class, pool): 1 when only chips decide whether a job of the class's
   * own size has room there (the pool tracks no cores or memory, or the
   * class asks for none), so `state.maxWholeChips` / `maxChipFree` tell
   * room exactly.
   */
  readonly chipsOnly: ReadonlyNumbers;
  /** Number of pools: the stride of the tables above. */
  readonly poolCount: number;
  /**
   * Per class: the index into `state.roomVersion` of the class's demand
   * when room for a job of its own size is decided by the chip maxima on
   * every pool (no gang, no cores or memory asked where they are tracked);
   * -1 otherwise.
   */
  readonly roomWatch: ReadonlyNumbers;
  /** Every pool's price is constant (`pricePerSecond` has no NaN). */
  readonly constantPrices: boolean;
  private readonly cores: Int32Array;
  private readonly mem: Int32Array;

  /**
   * The pools this context's scheduler may place on: all of them (0 to
   * `poolCount`), or under a brain one site's, `firstPool` to `endPool`
   * (exclusive; pools are declared site by site). `candidates` gives only
   * those.
   */
  readonly firstPool: number;
  readonly endPool: number;
  private readonly tables: ContextTables;
  /** Per (class, origin), the candidates restricted to this context's pools; built on first use. */
  private readonly restrictedCandidates: (Int32Array | undefined)[] | undefined;

  constructor(
    readonly model: ClusterModel,
    private readonly clusterState: ClusterState,
    jobs: JobsView,
    private readonly execution: ExecutionModel,
    private readonly estimates: Estimates,
    private readonly filters: BuiltinFilters,
    private readonly queues: PoolQueues,
    /** Milli-chips allocated now, per pool (live). */
    private readonly allocated: ReadonlyNumbers,
    /** The `policy` random stream: a policy's randomness never moves arrivals or sizes. */
    private readonly rng: Rng,
    options: Readonly<Record<string, unknown>>,
    running: RunningJobsView,
    /** Per pool, its elastic nodes by state (undefined for a static pool). */
    private readonly elasticViews: readonly (ElasticPoolView | undefined)[] = [],
    /** Under a brain: the tables of the run's unrestricted context, and the site's pools. */
    site?: { readonly tables: ContextTables; readonly firstPool: number; readonly endPool: number },
  ) {
    this.jobs = jobs;
    this.state = clusterState;
    this.options = options;
    this.running = running;
    const t = site?.tables ?? contextTables(model, clusterState, filters);
    this.tables = t;
    this.poolCount = model.pools.length;
    this.speed = t.speed;
    this.heldChips = t.heldChips;
    this.gang = t.gang;
    this.rtt = t.rtt;
    this.transferPerGB = t.transferPerGB;
    this.feePerGB = t.feePerGB;
    this.pricePerSecond = t.pricePerSecond;
    this.chipsOnly = t.chipsOnly;
    this.constantPrices = t.constantPrices;
    this.roomWatch = t.roomWatch;
    this.cores = t.cores;
    this.mem = t.mem;
    this.firstPool = site?.firstPool ?? 0;
    this.endPool = site?.endPool ?? this.poolCount;
    this.restrictedCandidates = site === undefined ? undefined : new Array<Int32Array | undefined>(model.classes.length * model.regions.length).fill(undefined);
  }

  /**
   * A context over the same run whose scheduler places only on pools
   * `firstPool` to `endPool` (one site's, under a brain), with its own
   * options and its own `now`, reservation and explanation; the fixed
   * tables are shared, not copied.
   */
  forPools(firstPool: number, endPool: number, options: Readonly<Record<string, unknown>>): SchedulingContext {
    return new SchedulingContext(
      this.model,
      this.clusterState,
      this.jobs,
      this.execution,
      this.estimates,
      this.filters,
      this.queues,
      this.allocated,
      this.rng,
      options,
      this.running,
      this.elasticViews,
      { tables: this.tables, firstPool, endPool },
    );
  }

  /** Uniform on [0, 1) from the run's `policy` stream. */
  random(): number {
    return this.rng();
  }

  /** Whether the job is shaped like its class (its chips, no runtime table), so the per-class tables apply to it. */
  typical(job: JobId): boolean {
    return this.filters.typical(job);
  }

  /** Pools the job may ever use: a chip that can run it, inside its circle, nodes big enough; in declaration order. */
  candidates(job: JobId): IdList<PoolId> {
    const all = this.filters.poolsFor(job);
    if (this.restrictedCandidates === undefined) return idList<PoolId>(all);
    if (!this.filters.typical(job)) return idList<PoolId>(this.restrict(all));
    const key = (this.jobs.cls[job] as number) * this.model.regions.length + (this.jobs.origin[job] as number);
    let list = this.restrictedCandidates[key];
    if (list === undefined) {
      list = this.restrict(all);
      this.restrictedCandidates[key] = list;
    }
    return idList<PoolId>(list);
  }

  /** The part of a sorted pool list within this context's pools. */
  private restrict(pools: Int32Array): Int32Array {
    let lo = 0;
    while (lo < pools.length && (pools[lo] as number) < this.firstPool) lo++;
    let hi = lo;
    while (hi < pools.length && (pools[hi] as number) < this.endPool) hi++;
    return pools.subarray(lo, hi);
  }

  pool(index: PoolId): PoolModel {
    return this.model.pools[index] as PoolModel;
  }

  /** The pool's free capacity, read-only. */
  capacity(pool: PoolId): FreeCapacityView {
    return this.state.capacity[pool] as FreeCapacityView;
  }

  /** Whether the job can start on the pool now: room on a node, and within budget. */
  fitsNow(job: JobId, pool: PoolId): boolean {
    const jobs = this.jobs;
    const cls = jobs.cls[job] as number;
    // The common case reads the per-(class, pool) tables: no budget, no bid, the class's own size.
    if (jobs.budget[job] === Infinity && jobs.bid[job] === Infinity && this.filters.typical(job)) {
      const k = cls * this.poolCount + pool;
      const gang = this.gang[k] as number;
      const milli = jobs.milli[job] as number;
      if (gang === 0 && this.chipsOnly[k] === 1) {
        return milli >= 1000 ? (this.state.maxWholeChips[pool] as number) * 1000 >= milli : (this.state.maxChipFree[pool] as number) >= milli;
      }
      const cap = this.state.capacity[pool] as FreeCapacityView;
      if (gang !== 0) return gang > 0 && cap.freeWholeNodes >= gang;
      return cap.canFit(milli, this.cores[k] as number, this.mem[k] as number);
    }
    return this.filters.fitsNow(job, this.model.pools[pool] as PoolModel, this.now);
  }

  /** Whether some node of the pool has room for the job now, budget aside. */
  hasRoom(job: JobId, pool: PoolId): boolean {
    const jobs = this.jobs;
    return this.state.fitsNow(pool, jobs.milli[job] as number, jobs.cores[job] as number, jobs.memMiB[job] as number);
  }

  /** Whether the job, by its estimate, stays within its budget on the pool at today's prices, and the pool asks no more than its bid (capacity aside). */
  affordable(job: JobId, pool: PoolId): boolean {
    return this.withinBudget(job, pool) && this.withinBid(job, pool);
  }

  /** Whether the job, by its estimate, stays within its budget on the pool at today's prices. */
  withinBudget(job: JobId, pool: PoolId): boolean {
    const budget = this.jobs.budget[job] as number;
    return budget === Infinity || this.expectedCost(job, pool) <= budget;
  }

  /** Whether the pool's ask now is at most the job's bid (always, for a job without a bid). */
  withinBid(job: JobId, pool: PoolId): boolean {
    return this.filters.withinBid(job, this.model.pools[pool] as PoolModel, this.now);
  }

  /** The pool's ask now: its price per chip-hour. */
  ask(pool: PoolId): number {
    return (this.model.pools[pool] as PoolModel).price.priceAt(this.now);
  }

  /** Expected cost of running the job on the pool at a fixed price per chip-hour, with data fees. */
  expectedCostAt(job: JobId, pool: PoolId, pricePerChipHour: number): number {
    return this.estimates.costAtPrice(job, this.model.pools[pool] as PoolModel, pricePerChipHour);
  }

  /** Whether the job could ever stay within its budget on the pool, at the lowest price it ever charges. */
  everAffordable(job: JobId, pool: PoolId): boolean {
    return this.estimates.everAffordable(job, this.model.pools[pool] as PoolModel, this.now);
  }

  /** Whether the chip can run the job at all (its runtime table, speed row or class). */
  capable(job: JobId, chip: number): boolean {
    return this.execution.capable(job, { chip });
  }

  /** Estimated runtime of the job on the pool's chip (what policies know), seconds. */
  runtimeS(job: JobId, pool: PoolId): number {
    return this.estimates.runtimeOn(job, this.model.pools[pool] as PoolModel);
  }

  /** Seconds the job's input takes to move from its origin to the pool's site. */
  transferS(job: JobId, pool: PoolId): number {
    return this.execution.transferS(job, this.model.pools[pool] as PoolModel);
  }

  /** Seconds the job's output is expected to take back to its origin from the pool: over a shared network only (issue 18), else 0. */
  outputTransferS(job: JobId, pool: PoolId): number {
    return this.execution.outputTransferS(job, this.model.pools[pool] as PoolModel);
  }

  /** Whether transfers share links (`network.links`): then they depend on the flows under way, not on the pair alone. */
  get sharedNetwork(): boolean {
    return this.model.network !== undefined;
  }

  /** Milli-chips the job would hold in the pool: its request, or whole nodes for a gang. */
  heldMilli(job: JobId, pool: PoolId): number {
    return this.execution.heldMilli(job, this.model.pools[pool] as PoolModel);
  }

  rttMs(job: JobId, pool: PoolId): number {
    const p = this.model.pools[pool] as PoolModel;
    return this.model.rttMs[(this.jobs.origin[job] as number) * this.model.sites.length + p.site] as number;
  }

  /** Jobs in the pool's local queue. */
  localQueueLength(pool: PoolId): number {
    return this.queues.localLength(pool);
  }

  /**
   * An elastic pool's nodes by state and when its boots will be ready
   * (read-only); undefined for a static pool.
   */
  elastic(pool: PoolId): ElasticPoolView | undefined {
    return this.elasticViews[pool];
  }

  /**
   * Expected seconds until the pool could start more work (its ready time,
   * from estimates). For an elastic pool, the work owed is spread over the
   * nodes in service rather than all it may have, and a boot under way (the
   * soonest) or one it could start (a mean boot time from now) brings
   * capacity sooner if it is ready first.
   */
  expectedWaitS(pool: PoolId): number {
    const wait = this.queues.expectedWaitS(pool, this.now);
    const e = this.elasticViews[pool];
    if (e === undefined) return wait;
    const inService = e.idle + e.busy + e.draining;
    const owed = inService === 0 ? Infinity : (wait * (this.model.pools[pool] as PoolModel).nodes) / inService;
    const readyIn = e.booting > 0 ? Math.max(0, e.nextReadyAt() - this.now) : e.canBoot() ? e.bootMeanS : Infinity;
    return Math.min(owed, readyIn);
  }

  /**
   * Expected seconds from now until the job would complete on the pool:
   * no wait if it fits now and nothing is queued there, else the pool's
   * expected wait; then data transfer and the estimated runtime.
   */
  completionS(job: JobId, pool: PoolId): number {
    const wait = this.queues.localLength(pool) === 0 && this.fitsNow(job, pool) ? 0 : this.expectedWaitS(pool);
    return wait + this.transferS(job, pool) + this.runtimeS(job, pool);
  }

  /** Expected cost of running the job on the pool from now: chips held × price over the run, plus data fees. */
  expectedCost(job: JobId, pool: PoolId): number {
    return this.estimates.cost(job, this.model.pools[pool] as PoolModel, this.now);
  }

  /** Fraction of the pool's chips allocated now; of an elastic pool, of the chips of its nodes in service (1 with none). */
  load(pool: PoolId): number {
    const p = this.model.pools[pool] as PoolModel;
    const e = this.elasticViews[pool];
    if (e === undefined) return (this.allocated[pool] as number) / (p.nodes * p.milliPerNode);
    const inService = e.idle + e.busy + e.draining;
    return inService === 0 ? 1 : (this.allocated[pool] as number) / (inService * p.milliPerNode);
  }

  /** Absolute time by which the job should complete (Infinity without a deadline). */
  due(job: JobId): number {
    return this.jobs.due[job] as number;
  }

  /** The job's id as the user knows it. */
  idOf(job: JobId): string {
    return this.jobs.idOf(job);
  }
}

/** The fixed per-(class, pool) and per-(origin, pool) tables of a run, computed once and shared by every context of it. */
export interface ContextTables {
  readonly speed: Float64Array;
  readonly heldChips: Float64Array;
  readonly gang: Int32Array;
  readonly cores: Int32Array;
  readonly mem: Int32Array;
  readonly rtt: Float64Array;
  readonly transferPerGB: Float64Array;
  readonly feePerGB: Float64Array;
  readonly pricePerSecond: Float64Array;
  readonly chipsOnly: Uint8Array;
  readonly constantPrices: boolean;
  readonly roomWatch: Int32Array;
}

function contextTables(model: ClusterModel, state: ClusterState, filters: BuiltinFilters): ContextTables {
  const { classes, pools, regions, sites } = model;
  const P = pools.length;
  const speed = new Float64Array(classes.length * P);
  const heldChips = new Float64Array(classes.length * P);
  const gang = new Int32Array(classes.length * P);
  const cores = new Int32Array(classes.length * P);
  const mem = new Int32Array(classes.length * P);
  for (const c of classes) {
    const milli = filters.classMilli[c.index] as number;
    for (const p of pools) {
      const k = c.index * P + p.index;
      speed[k] = c.speedByChip[p.chip] as number;
      heldChips[k] = heldMilliFor(milli, p) / 1000;
      gang[k] = ClusterState.gangNodes(p, milli);
      cores[k] = p.milliCoresPerNode === 0 ? 0 : (filters.classCores[c.index] as number);
      mem[k] = p.memMiBPerNode === 0 ? 0 : (filters.classMemMiB[c.index] as number);
    }
  }
  const rtt = new Float64Array(regions.length * P);
  const transferPerGB = new Float64Array(regions.length * P);
  const feePerGB = new Float64Array(regions.length * P);
  for (const r of regions) {
    for (const p of pools) {
      const i = r.index * sites.length + p.site;
      rtt[r.index * P + p.index] = model.rttMs[i] as number;
      transferPerGB[r.index * P + p.index] = model.transferSPerGB[i] as number;
      feePerGB[r.index * P + p.index] = model.dataFeePerGB[i] as number;
    }
  }
  const pricePerSecond = Float64Array.from(pools, (p) => (p.price.constant ? p.price.priceAt(0) / 3600 : NaN));
  const chipsOnly = Uint8Array.from(cores, (c, k) => (c === 0 && mem[k] === 0 ? 1 : 0));
  const roomWatch = Int32Array.from(classes, (c) => {
    for (let p = 0; p < P; p++) if (gang[c.index * P + p] !== 0 || chipsOnly[c.index * P + p] !== 1) return -1;
    return state.watchRoom(filters.classMilli[c.index] as number);
  });
  return { speed, heldChips, gang, cores, mem, rtt, transferPerGB, feePerGB, pricePerSecond, chipsOnly, constantPrices: pricePerSecond.every((v) => !Number.isNaN(v)), roomWatch };
}
