import type { ClusterModel } from '../../model/cluster-model.js';
import type { DecisionExplanation } from '../../model/explanation.js';
import { JobState, type JobTable } from '../../model/job-table.js';
import type { PoolQueues } from '../../model/pool-queues.js';
import type { BrainRecord } from '../../metrics/brain-record.js';
import type { BrainContext } from '../../policy/brain/brain-context.js';
import type { BrainScheduler } from '../../policy/brain/brain-scheduler.js';
import type { IdList, JobId, PoolId, SiteId } from '../../policy/ids.js';
import type { Scheduler } from '../../policy/scheduler.js';
import type { SchedulingContext } from '../../policy/scheduling-context.js';
import type { Measurements } from '../measurements.js';
import type { DispatchStage, StageHost, WaitingQueue } from '../dispatch-stage.js';
import { Dispatcher, type DispatchHost } from '../dispatcher.js';
import type { ExplanationRecorder } from '../explanation-recorder.js';
import type { BrainLedger } from './brain-ledger.js';
import type { LiveSiteCounters, SiteViews } from './site-views.js';

/** The payload of the refresh event (transit slots are 0 and up). */
const REFRESH = -1;

/** One site under the brain: its scheduler and the context restricted to its pools. */
export interface SiteScheduling {
  readonly scheduler: Scheduler;
  readonly context: SchedulingContext;
}

/** What the brain stage is made of (see `buildRun`). */
export interface BrainStageParts {
  readonly model: ClusterModel;
  readonly jobs: JobTable;
  /** The unrestricted context: what is true now, to tell misroutes. */
  readonly context: SchedulingContext;
  readonly poolQueues: PoolQueues;
  readonly measurements: Measurements;
  readonly brain: BrainScheduler;
  readonly brainContext: BrainContext;
  readonly views: SiteViews;
  readonly live: LiveSiteCounters;
  readonly ledger: BrainLedger;
  readonly sites: readonly SiteScheduling[];
  /** Seconds a dispatched job (or a reservation) takes to reach each site: 0 unless `transfer: rtt`. */
  readonly transferS: Float64Array;
  readonly explainer: ExplanationRecorder | undefined;
  /** What the run record says of the brain's set-up. */
  readonly settings: Pick<BrainRecord, 'policy' | 'view' | 'transfer' | 'sitePolicies'>;
}

/**
 * Two levels of scheduling: a brain that sends each arriving job to a
 * site, and at each site a dispatcher of its own — the same `Dispatcher`
 * the central scheduler is, over a context whose candidates are the site's
 * pools, with its own queue and its own policy. The brain decides from its
 * view (`SiteViews`: reports that may be old and late); each site's
 * scheduler sees its own site as it is.
 *
 * A job the brain dispatches joins the site's queue at once, or a round
 * trip later (`transfer: rtt`). A job that comes back (preempted, or its
 * node failed) goes back to its site's queue without a new decision. Under
 * late binding a job waits in several sites' queues at once; the first
 * site whose scheduler takes it (starts it, queues it at a pool, or
 * rejects it) gets it, and it is withdrawn from the others.
 *
 * At the end of an instant, the sites that something happened to run
 * their passes, in declaration order (so under late binding, of two sites
 * that could take a job at the same instant, the one declared first does).
 */
export class BrainStage implements DispatchStage {
  readonly central: WaitingQueue;
  /** Sites queue apart: no one central queue (elastic pools are refused under a brain). */
  readonly soleCentral = undefined;
  /** The brain policy and what it reads, for inspection and benchmarks. */
  readonly brain: BrainScheduler;
  readonly brainContext: BrainContext;
  private readonly model: ClusterModel;
  private readonly jobs: JobTable;
  private readonly dispatchers: Dispatcher[];
  private readonly siteOfPool: Int32Array;
  /**
   * By slot, the site the slot's job was sent (or bound) to, and that job's
   * serial: the site holds only while the slot still holds that job (issue
   * 20: a run that does not keep its jobs gives a finished job's slot to a
   * later arrival, which the brain has not seen).
   */
  private siteOfJob = new Int32Array(1024).fill(-1);
  private siteSerial = new Float64Array(1024).fill(-1);
  /** Late binding: per job still unbound, by serial, the sites it has places reserved at. */
  private readonly probing: Map<number, number[]> | undefined;
  /** Sites that need a pass, and sites whose figures changed in this instant. */
  private readonly needsPass: Uint8Array;
  private needsPassList: SiteList;
  private spareList: SiteList;
  private readonly changed: Uint8Array;
  private readonly changedList: SiteList;
  /** Jobs (and reservations) on their way to a site: slots with the job and the site, and the free slots. */
  private transitJob = new Int32Array(64);
  private transitSite = new Int32Array(64);
  /** The serial of each slot's job: a reservation that outlives its job (late binding) finds its slot's job changed. */
  private transitSerial = new Float64Array(64);
  private readonly freeSlots: number[] = [];
  private transitUsed = 0;
  private waitingTotal = 0;
  private refreshes = 0;

  constructor(
    private readonly parts: BrainStageParts,
    private readonly host: StageHost,
  ) {
    const { model, jobs, sites } = parts;
    this.model = model;
    this.jobs = jobs;
    this.brain = parts.brain;
    this.brainContext = parts.brainContext;
    const late = parts.brain.kind === 'probe';
    this.probing = late ? new Map() : undefined;
    this.siteOfPool = Int32Array.from(model.pools, (p) => p.site);
    this.needsPass = new Uint8Array(sites.length);
    this.changed = new Uint8Array(sites.length);
    this.needsPassList = new SiteList(sites.length);
    this.spareList = new SiteList(sites.length);
    this.changedList = new SiteList(sites.length);
    this.dispatchers = sites.map((site, s) => new Dispatcher(site.scheduler, site.context, jobs, parts.poolQueues, this.siteHost(s), parts.explainer, undefined, !late));
    const dispatchers = this.dispatchers;
    this.central = {
      get size() {
        let n = 0;
        for (const d of dispatchers) n += d.central.size;
        return n;
      },
      forSome(limit, fn) {
        let left = limit;
        for (let s = 0; s < dispatchers.length && left > 0; s++) {
          const queue = (dispatchers[s] as Dispatcher).central;
          if (queue.size === 0) continue;
          // A queue calls `fn` for min(left, its size) jobs.
          queue.forSome(left, fn);
          left -= Math.min(left, queue.size);
        }
      },
      all: () => dispatchers.flatMap((d) => d.central.all()),
    };
    parts.measurements.timeSeries.brainSource = (time) => parts.ledger.sample(time);
  }

  prepare(): void {
    const { brain, brainContext, views } = this.parts;
    brain.prepare?.(brainContext);
    for (const d of this.dispatchers) d.prepare();
    if (views.refreshS > 0 && this.host.arrivalsPending()) this.host.scheduleWake(views.refreshS, REFRESH);
  }

  submit(job: number, time: number): void {
    this.waitingChanged(1, time);
    const site = this.siteOf(job);
    // Back from a failure or a preemption: to its own site's queue, without a decision.
    if (site >= 0) this.join(site, job, time);
    else this.dispatch(job as JobId, time);
  }

  capacityFreed(pool: number, time: number): void {
    const s = this.siteOfPool[pool] as number;
    (this.dispatchers[s] as Dispatcher).capacityFreed(pool, time);
    this.touch(s);
  }

  everythingChanged(): void {
    this.dispatchers.forEach((d, s) => {
      d.everythingChanged();
      this.touch(s);
    });
  }

  /** A market's asks changed (markets are refused under a brain for now; this keeps the contract): each pool's own site looks again. */
  pricesChanged(time: number, pools: readonly number[]): void {
    this.everythingChanged();
    for (const p of pools) (this.dispatchers[this.siteOfPool[p] as number] as Dispatcher).pricesChanged(time, [p]);
  }

  runPass(time: number): void {
    while (this.needsPassList.count > 0) {
      // Swapped, not copied: passes may ask for more passes while the list is read.
      const list = this.needsPassList;
      this.needsPassList = this.spareList;
      this.spareList = list;
      list.sort();
      const sites = list.sites;
      for (let i = 0; i < list.count; i++) this.needsPass[sites[i] as number] = 0;
      for (let i = 0; i < list.count; i++) (this.dispatchers[sites[i] as number] as Dispatcher).runPass(time);
      list.count = 0;
    }
    const views = this.parts.views;
    const changed = this.changedList;
    for (let i = 0; i < changed.count; i++) {
      const s = changed.sites[i] as number;
      this.changed[s] = 0;
      // Without a refresh period a site reports whenever it changed; with one, it reports on the period.
      if (!views.fresh && views.refreshS === 0) views.report(s, time);
    }
    changed.count = 0;
  }

  waitingCount(): number {
    return this.waitingTotal;
  }

  allWaiting(): number[] {
    const out = new Set<number>();
    for (const d of this.dispatchers) for (const job of d.allWaiting()) out.add(job);
    const jobs = this.jobs;
    for (let slot = 0; slot < this.transitUsed; slot++) {
      const job = this.transitJob[slot] as number;
      // A reservation whose job is over (its slot perhaps another job's now) or already running at another site is no waiting job.
      if (job >= 0 && jobs.serial[job] === this.transitSerial[slot] && jobs.state[job] === JobState.Queued) out.add(job);
    }
    return [...out];
  }

  /** The pools of the job's site it may use; for a job not bound yet (late binding), all it may use. */
  candidatesOf(job: number): ArrayLike<number> {
    const site = this.siteOf(job);
    return site >= 0 ? (this.dispatchers[site] as Dispatcher).candidatesOf(job) : this.parts.context.candidates(job as JobId);
  }

  wake(payload: number, time: number): void {
    if (payload === REFRESH) {
      const views = this.parts.views;
      views.refreshAll(time);
      // Counted, not summed, so that the period does not drift.
      const next = ++this.refreshes * views.refreshS + views.refreshS;
      if (this.host.arrivalsPending()) this.host.scheduleWake(next, REFRESH);
      return;
    }
    const job = this.transitJob[payload] as number;
    const site = this.transitSite[payload] as number;
    const serial = this.transitSerial[payload] as number;
    this.transitJob[payload] = -1;
    this.freeSlots.push(payload);
    if (this.probing !== undefined) {
      // A reservation that arrives after another site took its job is dropped (its job may be over, its slot another's).
      if (this.jobs.serial[job] !== serial) return;
      const probes = this.probing.get(serial);
      if (probes === undefined || !probes.includes(site)) return;
    }
    this.join(site, job, time);
  }

  brainRecord(): BrainRecord {
    return this.parts.ledger.record(this.parts.settings, this.probing !== undefined);
  }

  /** The brain's decision about an arriving job: a site, or places reserved at several. */
  private dispatch(job: JobId, time: number): void {
    const { brain, brainContext: ctx, views, ledger, explainer } = this.parts;
    ctx.now = time;
    views.now = time;
    this.parts.context.now = time;
    const arrival = this.jobs.arrival[job] as number;
    const ex: DecisionExplanation | undefined = explainer?.wants(job) === true ? { time, kind: 'dispatch', candidates: [] } : undefined;
    ctx.explanation = ex;
    try {
      if (brain.kind === 'send') {
        const site = brain.choose(job, ctx);
        ledger.decided(arrival, this.misrouted(job, [site]), ctx.ageS(site));
        ledger.sent(site, arrival);
        this.setSite(job, site);
        if (ex !== undefined) ex.site = ctx.siteName(site);
        this.send(job, site, time);
      } else {
        const sites = Array.from(brain.probe(job, ctx));
        ledger.decided(arrival, this.misrouted(job, sites), NaN);
        ledger.probed(arrival, sites.length);
        this.probing?.set(this.jobs.serial[job] as number, sites);
        if (ex !== undefined) {
          ex.kind = 'probe';
          ex.site = sites.map((s) => ctx.siteName(s as SiteId)).join(', ');
        }
        for (const s of sites) this.send(job, s, time);
      }
    } finally {
      ctx.explanation = undefined;
    }
    if (ex !== undefined) explainer?.record(job, ex);
  }

  /**
   * Whether the job was misrouted: none of the sites it was sent to has
   * room for it now (truly, not in the view), though another site it may
   * use has.
   */
  private misrouted(job: JobId, chosen: readonly number[]): boolean {
    const ctx = this.parts.brainContext;
    for (const s of chosen) if (this.roomNow(job, s as SiteId)) return false;
    const eligible: IdList<SiteId> = ctx.eligible(job);
    for (let k = 0; k < eligible.length; k++) {
      const s = eligible[k] as SiteId;
      if (!chosen.includes(s) && this.roomNow(job, s)) return true;
    }
    return false;
  }

  private roomNow(job: JobId, site: SiteId): boolean {
    const pools = this.parts.brainContext.poolsAt(job, site);
    for (let i = 0; i < pools.length; i++) if (this.parts.context.fitsNow(job, pools[i] as PoolId)) return true;
    return false;
  }

  /** The job (or a reservation for it) goes to the site: at once, or after its transfer time. */
  private send(job: number, site: number, time: number): void {
    const delay = this.parts.transferS[site] as number;
    if (delay === 0) {
      this.join(site, job, time);
      return;
    }
    const slot = this.freeSlots.pop() ?? this.newSlot();
    this.transitJob[slot] = job;
    this.transitSite[slot] = site;
    this.transitSerial[slot] = this.jobs.serial[job] as number;
    this.host.scheduleWake(time + delay, slot);
  }

  /** The job joins the site's queue. */
  private join(site: number, job: number, time: number): void {
    const live = this.parts.live;
    const jobs = this.jobs;
    const milli = jobs.milli[job] as number;
    live.waitingMilli[site] = (live.waitingMilli[site] as number) + milli;
    live.waitingWorkChipS[site] = (live.waitingWorkChipS[site] as number) + ((jobs.estimate[job] as number) * milli) / 1000;
    (this.dispatchers[site] as Dispatcher).submit(job, time);
    this.touch(site);
  }

  /** The job no longer waits at the site (it started, was rejected, or was withdrawn). */
  private leave(site: number, job: number): void {
    const live = this.parts.live;
    const jobs = this.jobs;
    const milli = jobs.milli[job] as number;
    live.waitingMilli[site] = (live.waitingMilli[site] as number) - milli;
    live.waitingWorkChipS[site] = (live.waitingWorkChipS[site] as number) - ((jobs.estimate[job] as number) * milli) / 1000;
    // Chips are whole thousandths, so their sum is exact: nothing asked means nothing waits, whatever rounding left in the work.
    if (live.waitingMilli[site] === 0) live.waitingWorkChipS[site] = 0;
    this.changedAt(site);
  }

  /** Late binding: the site took the job; its other reservations are withdrawn. */
  private bind(job: number, site: number, time: number): void {
    const serial = this.jobs.serial[job] as number;
    const probes = this.probing?.get(serial);
    if (probes === undefined) return;
    this.probing?.delete(serial);
    this.setSite(job, site);
    const arrival = this.jobs.arrival[job] as number;
    let withdrawn = 0;
    for (const other of probes) {
      if (other === site) continue;
      withdrawn++;
      // One still on its way is dropped when it arrives (see `wake`).
      if ((this.dispatchers[other] as Dispatcher).withdraw(job, time)) this.leave(other, job);
    }
    const { ledger, explainer } = this.parts;
    ledger.sent(site, arrival);
    ledger.bound(arrival, withdrawn);
    if (explainer?.wants(job) === true) {
      explainer.record(job, { time, kind: 'dispatch', site: this.model.sites[site]?.name ?? '?', rule: 'late binding: the first site whose scheduler took the job', candidates: [] });
    }
  }

  /** What a site's dispatcher asks of the simulation, seen on its way by the brain's bookkeeping. */
  private siteHost(site: number): DispatchHost {
    const host = this.host;
    return {
      startJob: (job, pool, time, fromLocalQueue, node, chip) => {
        if (!host.startJob(job, pool, time, fromLocalQueue, node, chip)) return false;
        this.leave(site, job);
        this.waitingChanged(-1, time);
        this.bind(job, site, time);
        return true;
      },
      rejectJob: (job, time, reason) => {
        this.leave(site, job);
        this.waitingChanged(-1, time);
        this.bind(job, site, time);
        host.rejectJob(job, time, reason);
      },
      preemptJob: (job, time) => host.preemptJob(job, time),
      waitingChanged: (delta, time) => {
        const live = this.parts.live;
        live.waiting[site] = (live.waiting[site] as number) + delta;
        this.parts.ledger.waitingChanged(site, delta, time);
      },
      enqueued: (job, _pool, time) => this.bind(job, site, time),
    };
  }

  /** Jobs waiting anywhere (each job once, reservations or not) changed. */
  private waitingChanged(delta: number, time: number): void {
    this.waitingTotal += delta;
    this.host.waitingChanged(delta, time);
  }

  private touch(site: number): void {
    if (this.needsPass[site] === 0) {
      this.needsPass[site] = 1;
      this.needsPassList.push(site);
    }
    this.changedAt(site);
  }

  private changedAt(site: number): void {
    if (this.changed[site] === 0) {
      this.changed[site] = 1;
      this.changedList.push(site);
    }
  }

  private newSlot(): number {
    if (this.transitUsed === this.transitJob.length) {
      const jobs = new Int32Array(this.transitJob.length * 2);
      jobs.set(this.transitJob);
      this.transitJob = jobs;
      const sites = new Int32Array(this.transitSite.length * 2);
      sites.set(this.transitSite);
      this.transitSite = sites;
      const serials = new Float64Array(this.transitSerial.length * 2);
      serials.set(this.transitSerial);
      this.transitSerial = serials;
    }
    return this.transitUsed++;
  }

  /** The site the job in this slot was sent or bound to; -1 if none yet (or the slot's last job was another). */
  private siteOf(job: number): number {
    if (job >= this.siteOfJob.length || this.siteSerial[job] !== this.jobs.serial[job]) return -1;
    return this.siteOfJob[job] as number;
  }

  private setSite(job: number, site: number): void {
    if (job >= this.siteOfJob.length) {
      const size = Math.max(job + 1, this.siteOfJob.length * 2);
      const sites = new Int32Array(size).fill(-1);
      sites.set(this.siteOfJob);
      this.siteOfJob = sites;
      const serials = new Float64Array(size).fill(-1);
      serials.set(this.siteSerial);
      this.siteSerial = serials;
    }
    this.siteOfJob[job] = site;
    this.siteSerial[job] = this.jobs.serial[job] as number;
  }
}

/** A list of distinct sites (each site at most once, so it never outgrows the number of sites), reused without allocating. */
class SiteList {
  readonly sites: Int32Array;
  count = 0;

  constructor(capacity: number) {
    this.sites = new Int32Array(capacity);
  }

  push(site: number): void {
    this.sites[this.count++] = site;
  }

  /** In declaration order (usually one or two sites: insertion sort). */
  sort(): void {
    const a = this.sites;
    for (let i = 1; i < this.count; i++) {
      const v = a[i] as number;
      let j = i - 1;
      while (j >= 0 && (a[j] as number) > v) {
        a[j + 1] = a[j] as number;
        j--;
      }
      a[j + 1] = v;
    }
  }
}
