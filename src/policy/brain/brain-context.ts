import type { Rng } from '../../engine/rng.js';
import type { ClusterModel, PoolModel } from '../../model/cluster-model.js';
import { ClusterState } from '../../model/cluster-state.js';
import type { DecisionExplanation } from '../../model/explanation.js';
import { jobView } from '../adapt-policy.js';
import type { BuiltinFilters } from '../builtin-filters.js';
import type { Estimates } from '../estimates.js';
import { idList, type IdList, type JobId, type PoolId, type SiteId } from '../ids.js';
import type { JobView } from '../policy.js';
import type { SchedulingContext } from '../scheduling-context.js';
import type { BrainView } from './brain-view.js';

/** A job's eligible sites and, for each, its candidate pools there (a slice of `pools` from `starts[k]` to `starts[k + 1]`). */
interface Eligible {
  sites: Int32Array;
  starts: Int32Array;
  pools: Int32Array;
  count: number;
  /** The sites as a list, and per site its pools as a list: views made once, not per decision. */
  list: IdList<SiteId>;
  poolLists: (IdList<PoolId> | undefined)[];
}

/**
 * What a brain policy reads: the sites a job may go to, and each site as
 * the brain's view shows it — its load for the job, whether it has room,
 * its expected wait, how old the view is — plus estimates (RTT, runtime,
 * cost at the reported price). Nothing here changes anything, and nothing
 * reads the live cluster: only the view (`BrainView`) and fixed facts of
 * the model. The brain stage sets `now` and, when someone asked why,
 * `explanation`.
 */
export class BrainContext {
  /** Simulated time of the decision being made. */
  now = 0;
  /** Where the decision is recorded, when someone asked why (`--explain`). */
  explanation: DecisionExplanation | undefined = undefined;
  readonly options: Readonly<Record<string, unknown>>;
  /** Per (class, origin): the eligible sites of a job shaped like its class; undefined until asked. */
  private readonly typicalEligible: (Eligible | undefined)[];
  private readonly scratch: Eligible = emptyEligible();
  private current: Eligible = this.scratch;
  private currentJob = -1;
  /** The serial of `currentJob`'s job: a slot recycled for a later job (issue 20) is another job. */
  private currentSerial = -1;
  private readonly ranges: readonly { first: number; end: number }[];

  constructor(
    readonly model: ClusterModel,
    private readonly filters: BuiltinFilters,
    /** The unrestricted scheduling context: fixed facts (RTT, transfer, runtime estimates, chips held). */
    private readonly ctx: SchedulingContext,
    private readonly estimates: Estimates,
    readonly view: BrainView,
    /** The `brain` random stream: the brain's draws never move arrivals, sizes or the sites' decisions. */
    private readonly rng: Rng,
    options: Readonly<Record<string, unknown>>,
  ) {
    this.options = options;
    this.typicalEligible = new Array<Eligible | undefined>(model.classes.length * model.regions.length).fill(undefined);
    this.ranges = siteRanges(model);
  }

  /** Uniform on [0, 1) from the run's `brain` stream. */
  random(): number {
    return this.rng();
  }

  /**
   * Sites the job may go to, in declaration order: those with a pool it
   * may ever use (a chip that runs it, inside its circle, nodes big enough,
   * and for a job with a budget, a price it could ever afford).
   */
  eligible(job: JobId): IdList<SiteId> {
    return this.eligibleOf(job).list;
  }

  /**
   * The job's load at the site, in the view: chips asked by the jobs
   * waiting there plus chips in use on the pools the job could use there,
   * over the chips in service on those pools. One single-chip node with q
   * jobs (waiting and running) has load q, the supermarket model's queue
   * length. Infinity when those pools have no chip in service.
   */
  load(job: JobId, site: SiteId): number {
    const e = this.eligibleOf(job);
    const k = this.slot(e, site);
    const view = this.view;
    let used = 0;
    let cap = 0;
    for (let i = e.starts[k] as number; i < (e.starts[k + 1] as number); i++) {
      const pool = e.pools[i] as number;
      used += view.usedMilli(pool);
      cap += view.capMilli(pool);
    }
    return cap > 0 ? (view.waitingMilli(site) + used) / cap : Infinity;
  }

  /** Whether, in the view, a pool the job could use at the site has room for its chips now (cores and memory are not reported). */
  hasRoom(job: JobId, site: SiteId): boolean {
    const e = this.eligibleOf(job);
    const k = this.slot(e, site);
    for (let i = e.starts[k] as number; i < (e.starts[k + 1] as number); i++) if (this.roomIn(job, e.pools[i] as number)) return true;
    return false;
  }

  /** Candidate pools of the job at the site, in declaration order. */
  poolsAt(job: JobId, site: SiteId): IdList<PoolId> {
    const e = this.eligibleOf(job);
    const k = this.slot(e, site);
    let list = e.poolLists[k];
    if (list === undefined) {
      list = idList<PoolId>(e.pools.subarray(e.starts[k] as number, e.starts[k + 1] as number));
      e.poolLists[k] = list;
    }
    return list;
  }

  /** Whether the view shows room for the job's chips on one of the pool's nodes (or whole nodes for a gang). */
  roomIn(job: JobId, pool: number): boolean {
    const milli = this.ctx.jobs.milli[job] as number;
    const p = this.model.pools[pool] as PoolModel;
    const gang = ClusterState.gangNodes(p, milli);
    if (gang !== 0) return gang > 0 && this.view.freeWholeNodes(pool) >= gang;
    return milli >= 1000 ? this.view.maxWholeChips(pool) * 1000 >= milli : this.view.maxChipFree(pool) >= milli;
  }

  /** Jobs waiting at the site, in the view. */
  waiting(site: SiteId): number {
    return this.view.waiting(site);
  }

  /**
   * Expected seconds before a job sent to the site starts, in the view:
   * 0 when nothing waits there, else the reference-chip-seconds of work
   * waiting over the chips in service at the site.
   */
  expectedWaitS(site: SiteId): number {
    const view = this.view;
    if (view.waiting(site) === 0) return 0;
    let cap = 0;
    const { first, end } = this.siteRange(site);
    for (let p = first; p < end; p++) cap += view.capMilli(p);
    return cap > 0 ? view.waitingWorkChipS(site) / (cap / 1000) : Infinity;
  }

  /** Seconds since the figures the brain holds for the site were taken. */
  ageS(site: SiteId): number {
    return this.now - this.view.takenAt(site);
  }

  /** Round trip from the job's origin to the site, ms. */
  rttMs(job: JobId, site: SiteId): number {
    return this.model.rttMs[(this.ctx.jobs.origin[job] as number) * this.model.sites.length + site] as number;
  }

  /** Seconds to move the job's input to the pool's site plus its estimated runtime there. */
  timeS(job: JobId, pool: PoolId): number {
    return this.ctx.transferS(job, pool) + this.ctx.runtimeS(job, pool);
  }

  /** Expected cost of the job on the pool at the price the site reported (when its view was taken). */
  costAt(job: JobId, pool: PoolId, site: SiteId): number {
    return this.estimates.cost(job, this.model.pools[pool] as PoolModel, this.view.takenAt(site));
  }

  /** Absolute time by which the job should complete (Infinity without a deadline). */
  due(job: JobId): number {
    return this.ctx.jobs.due[job] as number;
  }

  siteName(site: SiteId): string {
    return this.model.sites[site]?.name ?? '?';
  }

  /** The job's id as the user knows it. */
  idOf(job: JobId): string {
    return this.ctx.jobs.idOf(job);
  }

  /** The job as user policies see it. */
  jobView(job: JobId): JobView {
    return jobView(job, this.ctx);
  }

  /** Pools of the site: `first` to `end` (exclusive), since pools are declared site by site. */
  siteRange(site: number): { first: number; end: number } {
    return this.ranges[site] as { first: number; end: number };
  }

  /** Position of `site` in the job's eligible list (binary search: the list is sorted). */
  private slot(e: Eligible, site: SiteId): number {
    let lo = 0;
    let hi = e.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = e.sites[mid] as number;
      if (s === site) return mid;
      if (s < site) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new RangeError(`site ${this.siteName(site)} is not one that job ${this.idOf(this.currentJob as JobId)} may go to`);
  }

  private eligibleOf(job: JobId): Eligible {
    const jobs = this.ctx.jobs;
    if (job === this.currentJob && jobs.serial[job] === this.currentSerial) return this.current;
    const typical = jobs.budget[job] === Infinity && this.filters.typical(job);
    const key = (jobs.cls[job] as number) * this.model.regions.length + (jobs.origin[job] as number);
    let e = typical ? this.typicalEligible[key] : undefined;
    if (e === undefined) {
      e = typical ? emptyEligible() : this.scratch;
      this.fill(job, e);
      if (typical) this.typicalEligible[key] = e;
    }
    this.current = e;
    this.currentJob = job;
    this.currentSerial = jobs.serial[job] as number;
    return e;
  }

  /** Groups the job's candidate pools by site (they come site by site), leaving out pools it could never afford. */
  private fill(job: JobId, e: Eligible): void {
    const candidates = this.filters.poolsFor(job);
    const budget = this.ctx.jobs.budget[job] !== Infinity;
    if (e.pools.length < candidates.length) e.pools = new Int32Array(candidates.length);
    if (e.sites.length < candidates.length) e.sites = new Int32Array(candidates.length);
    if (e.starts.length < candidates.length + 1) e.starts = new Int32Array(candidates.length + 1);
    let n = 0;
    let count = 0;
    for (let i = 0; i < candidates.length; i++) {
      const pool = candidates[i] as number;
      const p = this.model.pools[pool] as PoolModel;
      if (budget && !this.estimates.everAffordable(job, p, this.now)) continue;
      if (count === 0 || e.sites[count - 1] !== p.site) {
        e.sites[count] = p.site;
        e.starts[count] = n;
        count++;
      }
      e.pools[n++] = pool;
    }
    e.starts[count] = n;
    e.count = count;
    e.list = idList<SiteId>(e.sites.subarray(0, count));
    e.poolLists.length = 0;
  }
}

function emptyEligible(): Eligible {
  const sites = new Int32Array(16);
  return { sites, starts: new Int32Array(17), pools: new Int32Array(16), count: 0, list: idList<SiteId>(sites.subarray(0, 0)), poolLists: [] };
}

/** Each site's pools, `first` to `end` (exclusive): pools are declared site by site. */
export function siteRanges(model: ClusterModel): { first: number; end: number }[] {
  const out = model.sites.map(() => ({ first: 0, end: 0 }));
  for (let s = 0, p = 0; s < model.sites.length; s++) {
    const r = out[s] as { first: number; end: number };
    r.first = p;
    while (p < model.pools.length && (model.pools[p] as PoolModel).site === s) p++;
    r.end = p;
  }
  return out;
}
