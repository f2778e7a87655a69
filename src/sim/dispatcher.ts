import type { JobTable } from '../model/job-table.js';
import type { PoolQueues } from '../model/pool-queues.js';
import { Decision } from '../policy/decision.js';
import type { JobId, NodeId, PoolId } from '../policy/ids.js';
import { PolicyError } from '../policy/policy-error.js';
import type { Scheduler } from '../policy/scheduler.js';
import type { SchedulingContext } from '../policy/scheduling-context.js';
import { CentralQueue } from './central-queue.js';
import type { DispatchStage } from './dispatch-stage.js';
import type { ExplanationRecorder } from './explanation-recorder.js';
import type { DispatchMarket } from './market/market-run.js';

/** What the dispatcher asks the simulation to do; the dispatcher only decides when. */
export interface DispatchHost {
  /** Starts the job on the pool (on `node`, and `chip` for a share, when a node-level policy chose them; else first fit); false if it does not fit after all. */
  startJob(job: number, pool: number, time: number, fromLocalQueue: boolean, node?: number, chip?: number): boolean;
  rejectJob(job: number, time: number, reason: string): void;
  /** Evicts a running job for a higher-priority one; the simulation hands it back through `submit` and reports the room with `capacityFreed`. */
  preemptJob(job: number, time: number): void;
  /** The number of waiting jobs (central and local queues) changed by `delta`. */
  waitingChanged(delta: number, time: number): void;
  /** The job left the central queue for the pool's local queue (a brain's late binding learns here that a site took it). */
  enqueued?(job: number, pool: number, time: number): void;
}

/**
 * The scheduling pass: who starts where, when. It owns the central queue
 * (by shape, see `CentralQueue`) and serves the pools' local queues, asks
 * the scheduler for decisions in queue order, and applies them through the
 * host. One pass runs after every simulated instant in which something
 * that could change a decision happened (an arrival, freed capacity, a
 * price change).
 *
 * The policy says what; the dispatcher decides how. From the policy's
 * declarations (strict or open ordering, batch, preemption, reservations)
 * it picks how a pass runs, and from the cluster's state — not from the
 * policy — it works out which waiting jobs need not be asked again until a
 * pool frees room: a job without a budget that waits while none of its
 * pools has room for it.
 */
export class Dispatcher implements DispatchStage {
  readonly central: CentralQueue;
  get soleCentral(): CentralQueue {
    return this.central;
  }
  private readonly decision = new Decision();
  private passNeeded = false;
  /** Per-pass position within each shape's list (jobs before it waited for reasons other than capacity). */
  private cursor = new Int32Array(16);
  /**
   * The open pass's merge: a binary heap of shapes keyed by the job at each
   * shape's cursor, kept in parallel typed arrays (shape, key job) so that a
   * comparison reads no list and the heap allocates nothing per pass.
   */
  private heapShape = new Int32Array(16);
  private heapJob = new Int32Array(16);
  private heapSize = 0;
  /** Whether a pass is under way, and what it put off until it is over. */
  private passing = false;
  private readonly deferred: number[] = [];
  private readonly freedDuringPass: number[] = [];
  /** Per (class, origin): the shape of jobs shaped like their class, or -1 until the first one. */
  private readonly typicalShape: Int32Array;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly ctx: SchedulingContext,
    private readonly jobs: JobTable,
    private readonly queues: PoolQueues,
    private readonly host: DispatchHost,
    /** Records decisions about the jobs someone asked about (`--explain`); undefined when nobody did. */
    private readonly explainer?: ExplanationRecorder,
    /** A call or continuous market's order book and clearing: bids wait there, not in the central queue. */
    private readonly market?: DispatchMarket,
    /**
     * Whether a job's shape is kept in the job table (`jobs.shape`). A
     * brain's late binding puts a job in several sites' queues, each with
     * shapes of its own: their dispatchers work the shape out each time.
     */
    private readonly shapeInJobTable = true,
  ) {
    this.typicalShape = new Int32Array(ctx.model.classes.length * ctx.model.regions.length).fill(-1);
    const compare = scheduler.compare;
    this.central = new CentralQueue(compare === undefined ? undefined : (a, b) => compare(a as JobId, b as JobId, ctx), ctx.endPool - ctx.firstPool, jobs, ctx.firstPool);
  }

  /** Before the run: the policy reads its options and sets up per-run state. */
  prepare(): void {
    this.scheduler.prepare?.(this.ctx);
  }

  /** The pools the job may be placed on. */
  candidatesOf(job: number): ArrayLike<number> {
    return this.ctx.candidates(job as JobId);
  }

  /** The central scheduler asks for no events of its own. */
  wake(): void {}

  brainRecord(): undefined {
    return undefined;
  }

  /** Jobs waiting, centrally, in the local queues of its pools or in a market's order book. */
  waitingCount(): number {
    let n = this.central.size + (this.market?.waiting ?? 0);
    for (let p = this.ctx.firstPool; p < this.ctx.endPool; p++) n += this.queues.localLength(p);
    return n;
  }

  /**
   * Takes a job out of the central queue without a decision (a brain's
   * late binding: another site took it). Returns whether it was there.
   */
  withdraw(job: number, time: number): boolean {
    const shape = this.shapeOfJob(job);
    const at = this.central.indexOf(shape, job);
    if (at < 0) return false;
    this.central.removeAt(shape, at);
    this.host.waitingChanged(-1, time);
    return true;
  }

  /**
   * Puts a job in the central queue (a new arrival, or one back from a
   * failure or preemption). During a pass the job waits until the pass is
   * over, so that positions and heap keys the pass relies on stay put.
   */
  submit(job: number, time: number): void {
    if (this.passing) {
      this.deferred.push(job);
      return;
    }
    const shape = this.shapeOfJob(job);
    // Market: a bid waits in the order book, for the mechanism's clearing.
    if (this.market?.takes(job) === true) {
      this.market.add(job, shape, time);
      this.host.waitingChanged(1, time);
      return;
    }
    // Under strict order a job joining behind a blocked head changes nothing.
    const strict = this.scheduler.ordering === 'strict';
    const head = strict ? this.globalHead() : -1;
    this.central.add(job, shape);
    this.host.waitingChanged(1, time);
    if (!strict || head < 0 || this.central.before(job, head)) this.passNeeded = true;
  }

  /**
   * A pool has more room: its local queue goes first, then waiting shapes
   * that could use it get a look. During a pass (a preemption freed it),
   * after the pass: the job that preempted takes the room first.
   */
  capacityFreed(pool: number, time: number): void {
    if (this.passing) {
      this.freedDuringPass.push(pool);
      return;
    }
    this.serveLocal(pool, time);
    this.central.poolFreed(pool);
    this.market?.roomFreed(time);
    if (this.central.size > 0) this.passNeeded = true;
  }

  /** Prices changed (or anything else every decision depends on): every waiting shape gets a look. */
  everythingChanged(): void {
    this.central.unblockAll();
    if (this.central.size > 0) this.passNeeded = true;
  }

  /**
   * Market asks changed (market runs): every waiting shape gets a look, and
   * the local queue of a pool whose ask moved may start a head that waited
   * for it to come down to its bid.
   */
  pricesChanged(time: number, pools: readonly number[]): void {
    this.everythingChanged();
    for (const p of pools) this.serveLocal(p, time);
  }

  /**
   * Runs the scheduling pass if anything since the last one calls for it,
   * and again while what a pass did (preempted jobs back in the queue,
   * capacity they freed) calls for another. A market's clearing, when one
   * is due, comes first: bids are matched before price takers are placed.
   */
  runPass(time: number): void {
    this.ctx.now = time;
    this.market?.clearIfDue(time, (job, pool) => this.startMatched(job, pool, time));
    for (let rounds = 0; this.passNeeded; rounds++) {
      this.passNeeded = false;
      if (this.central.size === 0) return;
      if (rounds > 1000) throw new PolicyError(this.scheduler.name, `scheduling passes at t=${time} keep calling for more: does it preempt in a loop?`);
      this.passing = true;
      // A reservation holds for the pass that made it.
      this.ctx.reservation = undefined;
      try {
        if (this.scheduler.batch !== undefined) this.batchPass(time);
        else if (this.scheduler.ordering === 'strict') this.strictPass(time);
        else this.openPass(time);
      } finally {
        this.passing = false;
        this.ctx.reservation = undefined;
      }
      // Rare (preemptions only): checked before anything is copied.
      if (this.freedDuringPass.length > 0) for (const pool of this.freedDuringPass.splice(0)) this.capacityFreed(pool, time);
      if (this.deferred.length > 0) for (const job of this.deferred.splice(0)) this.submit(job, time);
    }
  }

  /** Every waiting job: central queue in order, then the local queue of each of its pools, then a market's bids. */
  allWaiting(): number[] {
    const out = this.central.all();
    for (let p = this.ctx.firstPool; p < this.ctx.endPool; p++) out.push(...(this.queues.local[p]?.toArray() ?? []));
    if (this.market !== undefined) out.push(...this.market.waitingJobs());
    return out;
  }

  /** Starts a bid the market's clearing matched; false if it did not fit after all (it stays in the book). */
  private startMatched(job: number, pool: number, time: number): boolean {
    if (!this.host.startJob(job, pool, time, false)) return false;
    this.host.waitingChanged(-1, time);
    return true;
  }

  /** Strict order: the head decides; if it must wait, everyone waits. */
  private strictPass(time: number): void {
    for (;;) {
      const head = this.globalHeadShape();
      if (head < 0) return;
      const job = this.central.jobAt(head, 0);
      if (!this.apply(job, head, 0, time)) return;
    }
  }

  /**
   * Every shape worth a look, merged in queue order through a heap of shape
   * heads. A job that waits for capacity blocks its shape until one of its
   * pools frees capacity; one that waits for another reason lets the next
   * job of its shape be asked.
   */
  private openPass(time: number): void {
    const central = this.central;
    if (this.cursor.length < central.shapeCount) this.cursor = new Int32Array(central.shapeCount * 2);
    const cursor = this.cursor;
    this.heapSize = 0;
    // A policy that reserves (EASY backfilling) must meet the queue's first
    // waiting job, whatever its shape: until a job waits, blocked shapes are in the merge too.
    const seesHead = this.scheduler.reserve !== undefined;
    const shapes = central.nonEmptyShapes();
    for (let k = 0; k < shapes.length; k++) {
      const s = shapes[k] as number;
      cursor[s] = 0;
      if (seesHead || !central.isBlocked(s)) this.heapPush(s);
    }
    let waited = false;
    while (this.heapSize > 0) {
      const shape = this.heapPop();
      // Another shape of its group may have found no room meanwhile.
      if (central.isBlocked(shape) && (!seesHead || waited)) continue;
      const i = cursor[shape] as number;
      const job = central.jobAt(shape, i);
      const placed = this.apply(job, shape, i, time);
      if (!placed) {
        if (!waited && seesHead) this.ctx.reservation = this.scheduler.reserve?.(job as JobId, this.ctx);
        waited = true;
        if (this.waitsForRoom(job)) {
          central.block(shape);
          continue;
        }
        cursor[shape] = i + 1;
      }
      if (central.jobAt(shape, cursor[shape] as number) >= 0) this.heapPush(shape);
    }
  }

  /** Batch mode: the scheduler maps the whole queue; placements apply in order, each re-checked. */
  private batchPass(time: number): void {
    const waiting = this.central.all();
    const placements = this.scheduler.batch?.(waiting as JobId[], this.ctx) ?? [];
    const jobs = this.jobs;
    for (const p of placements) {
      const shape = this.shapeInJobTable ? (jobs.shape[p.job] as number) : this.shapeOf(p.job);
      const at = shape < 0 ? -1 : this.central.indexOf(shape, p.job);
      if (at < 0 || !this.ctx.candidates(p.job).includes(p.pool)) continue;
      if (p.mode === 'now') {
        if (!this.ctx.fitsNow(p.job, p.pool)) continue;
        this.decision.start(p.pool);
      } else {
        if (!this.ctx.affordable(p.job, p.pool)) continue;
        this.decision.enqueue(p.pool);
      }
      const ex = this.explainer?.wants(p.job) === true ? this.explainer.begin(p.job, time) : undefined;
      if (ex !== undefined) ex.rule = `the ${this.scheduler.name} batch mapping`;
      this.carryOut(p.job, shape, at, time);
      if (ex !== undefined) this.explainer?.end(p.job, this.decision, this.ctx);
    }
  }

  /**
   * Asks the scheduler about one job (at position `i` of its shape's list)
   * and carries the decision out; a waiting job may preempt. Returns whether
   * the job left the central queue.
   */
  private apply(job: number, shape: number, i: number, time: number): boolean {
    const d = this.decision;
    const explainer = this.explainer;
    if (explainer !== undefined && explainer.wants(job)) {
      this.ctx.explanation = explainer.begin(job, time);
      try {
        this.scheduler.decide(job as JobId, this.ctx, d);
      } finally {
        this.ctx.explanation = undefined;
      }
      explainer.end(job, d, this.ctx);
    } else {
      this.scheduler.decide(job as JobId, this.ctx, d);
    }
    if (d.kind === 'wait' && this.scheduler.preempt !== undefined && this.tryPreempt(job, time)) return this.carryOut(job, shape, i, time);
    if (d.kind === 'wait') return false;
    return this.carryOut(job, shape, i, time);
  }

  /**
   * Whether a job that waits need not be asked again until one of its
   * pools frees room: it has no budget and no bid (a price change may
   * otherwise let it start) and none of its pools has room for it now.
   * Worked out here, from the cluster, so that no policy can get it wrong.
   */
  private waitsForRoom(job: number): boolean {
    const ctx = this.ctx;
    if (ctx.jobs.budget[job] !== Infinity || ctx.jobs.bid[job] !== Infinity) return false;
    const pools = ctx.candidates(job as JobId);
    for (let k = 0; k < pools.length; k++) if (ctx.fitsNow(job as JobId, pools[k] as PoolId)) return false;
    return true;
  }

  /** Carries out the decision in `this.decision` for the job at position `i` of its shape. */
  private carryOut(job: number, shape: number, i: number, time: number): boolean {
    const d = this.decision;
    switch (d.kind) {
      case 'start': {
        this.central.removeAt(shape, i);
        this.host.waitingChanged(-1, time);
        if (!this.host.startJob(job, d.pool, time, false, d.node, d.chip)) {
          // The scheduler said it fits; if not, the job goes back rather than get lost.
          this.central.add(job, shape);
          this.host.waitingChanged(1, time);
          d.wait('did not fit after all');
          return false;
        }
        const r = this.ctx.reservation;
        // A job that outlasts the reserved start on the reserved pool uses chips the reservation left spare.
        if (r !== undefined && r.pool === d.pool && time + this.ctx.transferS(job as JobId, d.pool) + this.ctx.runtimeS(job as JobId, d.pool) > r.at) {
          r.spareMilli -= this.ctx.heldMilli(job as JobId, d.pool);
        }
        return true;
      }
      case 'enqueue': {
        this.central.removeAt(shape, i);
        const chipSeconds = (this.ctx.heldMilli(job as JobId, d.pool) / 1000) * (this.ctx.transferS(job as JobId, d.pool) + this.ctx.runtimeS(job as JobId, d.pool));
        this.queues.enqueue(d.pool, job, chipSeconds, time);
        this.host.enqueued?.(job, d.pool, time);
        this.serveLocal(d.pool, time);
        return true;
      }
      case 'reject':
        this.central.removeAt(shape, i);
        this.host.waitingChanged(-1, time);
        this.host.rejectJob(job, time, d.reason);
        return true;
      case 'wait':
        return false;
    }
  }

  /** Evicts the scheduler's victims and, if the job then fits, decides to start it. */
  private tryPreempt(job: number, time: number): boolean {
    const plan = this.scheduler.preempt?.(job as JobId, this.ctx);
    if (plan === undefined || plan.victims.length === 0) return false;
    const { firstPool, endPool } = this.ctx;
    // A site's scheduler under a brain preempts only on its own pools.
    const own = plan.victims.filter((v) => {
      const pool = this.jobs.pool[v] as number;
      return pool >= firstPool && pool < endPool;
    });
    // Named before they are evicted: an evicted job's slot may be recycled.
    const watched = this.explainer?.wants(job) === true;
    const victims = watched ? own.map((v) => this.jobs.idOf(v)) : [];
    for (const victim of own) this.host.preemptJob(victim, time);
    if (plan.pool >= 0 && this.ctx.fitsNow(job as JobId, plan.pool)) {
      this.decision.start(plan.pool);
    } else {
      this.scheduler.decide(job as JobId, this.ctx, this.decision);
      if (this.decision.kind === 'wait') return false;
    }
    // The decision recorded just before said wait; what the preemption made of it is a decision of its own.
    if (watched) this.explainer?.preempted(job, time, this.decision, this.ctx, victims);
    return true;
  }

  /** Starts jobs from the head of the pool's local queue while they fit (FIFO: the head blocks). */
  private serveLocal(pool: number, time: number): void {
    const local = this.queues.local[pool];
    if (local === undefined) return;
    const state = this.ctx.state;
    const jobs = this.jobs;
    const p = pool as PoolId;
    while (local.size > 0) {
      const job = local.at(0);
      if (!state.fitsNow(pool, jobs.milli[job] as number, jobs.cores[job] as number, jobs.memMiB[job] as number)) return;
      // A market job bound here starts only while the ask is at most its bid (the head waits for it to come down).
      const bid = jobs.bid[job] as number;
      if (bid !== Infinity && this.ctx.pool(p).price.priceAt(time) > bid) return;
      const chipSeconds = (this.ctx.heldMilli(job as JobId, p) / 1000) * (this.ctx.transferS(job as JobId, p) + this.ctx.runtimeS(job as JobId, p));
      // Started first, taken off the queue after: a start that fails leaves the job where it was.
      if (!this.host.startJob(job, pool, time, true)) return;
      this.queues.dequeue(pool, chipSeconds);
      this.host.waitingChanged(-1, time);
    }
  }

  /** The shape whose head comes first in queue order, or -1. O(shapes). */
  private globalHeadShape(): number {
    let best = -1;
    let bestJob = -1;
    const shapes = this.central.nonEmptyShapes();
    for (let k = 0; k < shapes.length; k++) {
      const s = shapes[k] as number;
      const job = this.central.jobAt(s, 0);
      if (job >= 0 && (best < 0 || this.central.before(job, bestJob))) {
        best = s;
        bestJob = job;
      }
    }
    return best;
  }

  private globalHead(): number {
    const s = this.globalHeadShape();
    return s < 0 ? -1 : this.central.jobAt(s, 0);
  }

  /** The job's shape in this dispatcher's queue, kept in the job table when it may be. */
  private shapeOfJob(job: number): number {
    if (!this.shapeInJobTable) return this.shapeOf(job);
    const jobs = this.jobs;
    let shape = jobs.shape[job] as number;
    if (shape < 0) {
      shape = this.shapeOf(job);
      jobs.shape[job] = shape;
    }
    return shape;
  }

  /**
   * The job's shape. A job shaped like its class (the class's chips, no
   * runtime table) takes its (class, origin) shape from a table, so that
   * arrivals build no strings; others are looked up by key.
   */
  private shapeOf(job: number): number {
    const jobs = this.jobs;
    const cls = jobs.cls[job] as number;
    const typical = this.ctx.typical(job as JobId);
    const slot = cls * this.ctx.model.regions.length + (jobs.origin[job] as number);
    if (typical && (this.typicalShape[slot] as number) >= 0) return this.typicalShape[slot] as number;
    const demand = `${jobs.milli[job] as number}:${jobs.cores[job] as number}:${jobs.memMiB[job] as number}`;
    const shape = this.central.shapeFor(this.shapeKey(job), demand, this.ctx.candidates(job as JobId));
    if (typical) this.typicalShape[slot] = shape;
    return shape;
  }

  /** Shape keys: what decides where a job can go. Jobs with equal runtime tables share one. */
  private shapeKey(job: number): string {
    const jobs = this.jobs;
    const row = jobs.runtimeRows.size > 0 ? jobs.runtimeRows.get(job) : undefined;
    // Jobs with equal runtime tables are alike: they share a shape.
    // Cores, memory and the speed row decide where a job fits as much as its chips do.
    const rest = `${jobs.cls[job] as number}:${jobs.origin[job] as number}:${jobs.milli[job] as number}:${jobs.cores[job] as number}:${jobs.memMiB[job] as number}:${jobs.speedRow[job] as number}:${jobs.oneNode[job] as number}`;
    if (row !== undefined) return `row:${Array.prototype.join.call(row, ',')}:${rest}`;
    return rest;
  }

  /** Adds a shape to the merge, keyed by the job at its cursor. */
  private heapPush(shape: number): void {
    if (this.heapSize === this.heapShape.length) {
      const shapes = new Int32Array(this.heapShape.length * 2);
      shapes.set(this.heapShape);
      this.heapShape = shapes;
      const keys = new Int32Array(this.heapJob.length * 2);
      keys.set(this.heapJob);
      this.heapJob = keys;
    }
    const hs = this.heapShape;
    const hj = this.heapJob;
    const central = this.central;
    const job = central.jobAt(shape, this.cursor[shape] as number);
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const other = hj[parent] as number;
      if (!central.before(job, other)) break;
      hs[i] = hs[parent] as number;
      hj[i] = other;
      i = parent;
    }
    hs[i] = shape;
    hj[i] = job;
  }

  /** Takes the shape whose key job comes first in queue order off the merge. */
  private heapPop(): number {
    const hs = this.heapShape;
    const hj = this.heapJob;
    const central = this.central;
    const top = hs[0] as number;
    const n = --this.heapSize;
    if (n === 0) return top;
    const lastShape = hs[n] as number;
    const lastJob = hj[n] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && central.before(hj[right] as number, hj[child] as number)) child = right;
      if (!central.before(hj[child] as number, lastJob)) break;
      hs[i] = hs[child] as number;
      hj[i] = hj[child] as number;
      i = child;
    }
    hs[i] = lastShape;
    hj[i] = lastJob;
    return top;
  }
}
