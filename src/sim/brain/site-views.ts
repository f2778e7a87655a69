import type { ClusterModel, PoolModel } from '../../model/cluster-model.js';
import type { ClusterStateView } from '../../model/cluster-state.js';
import type { ReadonlyNumbers } from '../../model/readonly-numbers.js';
import { siteRanges } from '../../policy/brain/brain-context.js';
import type { BrainView } from '../../policy/brain/brain-view.js';

/** A report's layout: when it was taken, when it reaches the brain, the site's figures, then five per pool. */
const TAKEN = 0;
const VISIBLE = 1;
const WAITING = 2;
const WAITING_MILLI = 3;
const WAITING_WORK = 4;
const HEAD = 5;
const PER_POOL = 5;

/** What each site is now: jobs waiting there, the chips they ask for, and their estimated work, kept by the brain stage. */
export class LiveSiteCounters {
  readonly waiting: Float64Array;
  readonly waitingMilli: Float64Array;
  readonly waitingWorkChipS: Float64Array;

  constructor(sites: number) {
    this.waiting = new Float64Array(sites);
    this.waitingMilli = new Float64Array(sites);
    this.waitingWorkChipS = new Float64Array(sites);
  }
}

/**
 * The brain's view of the sites (`BrainView`). Each site reports its
 * figures (jobs waiting, chips in use and in service per pool, room on its
 * nodes); a report taken at t reaches the brain at t + the site's delay,
 * and the brain holds the latest report that has reached it. Reports are
 * taken every `refreshS` (`refreshAll`), or with `refreshS` 0 whenever a
 * site changes (`report`, at the end of each instant it changed in). With
 * no refresh period and no delay the view is the live state itself, read
 * through (`fresh`).
 *
 * Reports are read lazily: a site's pending reports are looked at only
 * when the brain reads that site, so a decision costs O(sites it reads).
 */
export class SiteViews implements BrainView {
  /** Time of the decision being made (set by the brain stage). */
  now = 0;
  readonly fresh: boolean;
  private readonly firstPool: Int32Array;
  private readonly siteOfPool: Int32Array;
  /** Per site: the report the brain holds, reports on their way (oldest first, from `head`), and spent reports to reuse. */
  private readonly held: Float64Array[];
  private readonly pending: Float64Array[][];
  private readonly head: Int32Array;
  private readonly spare: Float64Array[][];
  /** Per site: the time its reports were last looked at (NaN: look again). */
  private readonly lookedAt: Float64Array;

  constructor(
    private readonly model: ClusterModel,
    private readonly state: ClusterStateView,
    /** Milli-chips held by running jobs, per pool (live). */
    private readonly used: ReadonlyNumbers,
    /** Milli-chips out of service, per pool (live). */
    private readonly down: ReadonlyNumbers,
    private readonly live: LiveSiteCounters,
    readonly refreshS: number,
    /** Seconds each site's reports take to reach the brain. */
    private readonly delayS: Float64Array,
  ) {
    const S = model.sites.length;
    this.fresh = refreshS === 0 && delayS.every((d) => d === 0);
    this.siteOfPool = Int32Array.from(model.pools, (p) => p.site);
    const ranges = siteRanges(model);
    this.firstPool = Int32Array.from({ length: S + 1 }, (_, s) => ranges[s]?.first ?? model.pools.length);
    this.held = [];
    this.pending = [];
    this.spare = [];
    this.head = new Int32Array(S);
    this.lookedAt = new Float64Array(S).fill(NaN);
    for (let s = 0; s < S; s++) {
      this.pending.push([]);
      this.spare.push([]);
      // The brain starts out knowing every site as the run begins: empty.
      const r = this.take(s, 0);
      r[VISIBLE] = 0;
      this.held.push(r);
    }
  }

  /** Every site reports (a refresh period ended). */
  refreshAll(time: number): void {
    for (let s = 0; s < this.model.sites.length; s++) this.report(s, time);
  }

  /** The site reports its figures as they are at `time`; the report reaches the brain after the site's delay. */
  report(site: number, time: number): void {
    const r = this.take(site, time);
    r[VISIBLE] = time + (this.delayS[site] as number);
    this.pending[site]?.push(r);
    this.lookedAt[site] = NaN;
  }

  waiting(site: number): number {
    return this.fresh ? (this.live.waiting[site] as number) : (this.reportOf(site)[WAITING] as number);
  }

  waitingMilli(site: number): number {
    return this.fresh ? (this.live.waitingMilli[site] as number) : (this.reportOf(site)[WAITING_MILLI] as number);
  }

  waitingWorkChipS(site: number): number {
    return this.fresh ? (this.live.waitingWorkChipS[site] as number) : (this.reportOf(site)[WAITING_WORK] as number);
  }

  usedMilli(pool: number): number {
    return this.fresh ? (this.used[pool] as number) : this.poolFigure(pool, 0);
  }

  capMilli(pool: number): number {
    return this.fresh ? this.liveCap(pool) : this.poolFigure(pool, 1);
  }

  maxWholeChips(pool: number): number {
    return this.fresh ? (this.state.maxWholeChips[pool] as number) : this.poolFigure(pool, 2);
  }

  maxChipFree(pool: number): number {
    return this.fresh ? (this.state.maxChipFree[pool] as number) : this.poolFigure(pool, 3);
  }

  freeWholeNodes(pool: number): number {
    return this.fresh ? (this.state.capacity[pool]?.freeWholeNodes ?? 0) : this.poolFigure(pool, 4);
  }

  /**
   * The time the brain's picture of the site is as of. Reports on a
   * period are as of when they were taken. A site that reports whenever it
   * changes (no period) is known as of `now − delay`: any change before
   * that would have been reported, and its report would have arrived.
   */
  takenAt(site: number): number {
    if (this.fresh) return this.now;
    const taken = this.reportOf(site)[TAKEN] as number;
    return this.refreshS > 0 ? taken : Math.max(taken, this.now - (this.delayS[site] as number));
  }

  private liveCap(pool: number): number {
    const p = this.model.pools[pool] as PoolModel;
    return p.nodes * p.milliPerNode - (this.down[pool] as number);
  }

  private poolFigure(pool: number, k: number): number {
    const site = this.siteOfPool[pool] as number;
    return this.reportOf(site)[HEAD + PER_POOL * (pool - (this.firstPool[site] as number)) + k] as number;
  }

  /** The latest report of the site that has reached the brain by `now`. */
  private reportOf(site: number): Float64Array {
    if (this.lookedAt[site] === this.now) return this.held[site] as Float64Array;
    const queue = this.pending[site] as Float64Array[];
    let h = this.head[site] as number;
    while (h < queue.length && ((queue[h] as Float64Array)[VISIBLE] as number) <= this.now) {
      (this.spare[site] as Float64Array[]).push(this.held[site] as Float64Array);
      this.held[site] = queue[h] as Float64Array;
      h++;
    }
    // Drop the consumed front once it dominates, so the queue's memory tracks what is on its way.
    if (h > 64 && h * 2 > queue.length) {
      queue.splice(0, h);
      h = 0;
    }
    this.head[site] = h;
    this.lookedAt[site] = this.now;
    return this.held[site] as Float64Array;
  }

  /** A report of the site's figures now, taken at `time`, in a reused buffer when there is one. */
  private take(site: number, time: number): Float64Array {
    const first = this.firstPool[site] as number;
    const end = this.firstPool[site + 1] as number;
    const r = (this.spare[site] as Float64Array[]).pop() ?? new Float64Array(HEAD + PER_POOL * (end - first));
    r[TAKEN] = time;
    r[WAITING] = this.live.waiting[site] as number;
    r[WAITING_MILLI] = this.live.waitingMilli[site] as number;
    r[WAITING_WORK] = this.live.waitingWorkChipS[site] as number;
    for (let p = first, k = HEAD; p < end; p++, k += PER_POOL) {
      r[k] = this.used[p] as number;
      r[k + 1] = this.liveCap(p);
      r[k + 2] = this.state.maxWholeChips[p] as number;
      r[k + 3] = this.state.maxChipFree[p] as number;
      r[k + 4] = this.state.capacity[p]?.freeWholeNodes ?? 0;
    }
    return r;
  }
}
