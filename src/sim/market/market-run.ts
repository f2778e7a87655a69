import type { ClusterModel, PoolModel } from '../../model/cluster-model.js';
import type { DecisionExplanation } from '../../model/explanation.js';
import type { JobTable } from '../../model/job-table.js';
import { JobState } from '../../model/job-table.js';
import { MarketLedger } from '../../model/market-ledger.js';
import type { MarketModel } from '../../model/market-model.js';
import type { ReadonlyNumbers } from '../../model/readonly-numbers.js';
import type { JobId, PoolId } from '../../policy/ids.js';
import { Clearing, type ClearingSide } from '../../policy/market/clearing.js';
import { OrderBook } from '../../policy/market/order-book.js';
import type { SchedulingContext } from '../../policy/scheduling-context.js';
import type { ExplanationRecorder } from '../explanation-recorder.js';
import { DynamicPricer } from './dynamic-pricer.js';

/** The market's own events, numbered from 0; the simulation adds its offset. */
export const MarketEvent = {
  /** A call market clears (payload unused). */
  clearing: 0,
  /** A group of dynamic prices is re-evaluated (payload: the group). */
  reprice: 1,
  /** A spot job's notice has run out (payload: the trade it was noticed under). */
  reclaim: 2,
} as const;

/** What the market asks of the simulation. */
export interface MarketHost {
  schedule(at: number, marketEvent: number, payload: number): void;
  /** Whether a background event at `at` is worth scheduling (the simulation's rule). */
  worthScheduling(at: number): boolean;
  /** Requeues a running job whose spot contract ran out, as a preemption does (resume or restart). */
  reclaim(job: number, time: number, reason: string): void;
  /** The asks of these pools changed: every waiting decision may change. */
  pricesChanged(time: number, pools: readonly number[]): void;
}

/** What the dispatcher asks of the market in a call or continuous market. */
export interface DispatchMarket {
  /** Whether the job waits in the order book (it bids, and bids are matched by the mechanism) rather than in the central queue. */
  takes(job: number): boolean;
  /** A bid joins the book at `time` (a new arrival, or a job back from a reclamation, preemption or failure). */
  add(job: number, shape: number, time: number): void;
  /** A pool has more room at `time`. */
  roomFreed(time: number): void;
  /** Runs the clearing if one is due, starting each match through `start`. */
  clearIfDue(time: number, start: (job: number, pool: number) => boolean): void;
  /** Bids waiting in the book. */
  readonly waiting: number;
  /** Every bid waiting, in the market's order. */
  waitingJobs(): number[];
}

/**
 * The market of one run (docs/market.md): the ledger of trades and
 * contracts, the order book and its clearing (call and continuous
 * mechanisms), the dynamic prices, and spot notices and reclamations.
 * Posted markets have no book: the policy picks among pools at their asks,
 * under the built-in bid filter.
 */
export class MarketRun implements DispatchMarket {
  readonly ledger: MarketLedger;
  readonly settings: MarketModel;
  private readonly book: OrderBook | undefined;
  private readonly clearing: Clearing | undefined;
  private readonly pricer: DynamicPricer;
  private host: MarketHost | undefined;
  /** Changes whenever some ask changes: the clearing re-sorts its ask index then. */
  private priceVersion = 0;
  /** The trade price of the match being started, read by `traded` (NaN: a posted trade, at the ask). */
  private pendingPrice = NaN;
  /** What the next clearing of a continuous market must look at: nothing, the fresh bids, or the whole book. */
  private due: 'none' | 'fresh' | 'full' = 'none';
  private clearingScheduled = false;
  private lastClearingAt = -Infinity;
  /** Starts a match: set by the dispatcher for each clearing. */
  private start: (job: number, pool: number) => boolean = () => false;
  /** Running spot jobs, per pool. */
  private readonly spotOn: Set<number>[];
  /** Running spot jobs under notice: the trade they were noticed under. */
  private readonly noticed = new Map<number, number>();
  private readonly side: ClearingSide;

  constructor(
    private readonly model: ClusterModel,
    market: MarketModel,
    private readonly jobs: JobTable,
    private readonly ctx: SchedulingContext,
    allocated: ReadonlyNumbers,
    down: ReadonlyNumbers,
    private readonly explainer: ExplanationRecorder | undefined,
  ) {
    this.settings = market;
    this.ledger = new MarketLedger(market, jobs);
    this.pricer = new DynamicPricer(model, market.pricers, allocated, down);
    this.spotOn = model.pools.map(() => new Set<number>());
    if (market.mechanism !== 'posted') {
      const before = (a: number, b: number): boolean => {
        const ba = jobs.bid[a] as number;
        const bb = jobs.bid[b] as number;
        if (ba !== bb) return ba > bb;
        const aa = jobs.arrival[a] as number;
        const ab = jobs.arrival[b] as number;
        return aa !== ab ? aa < ab : a < b;
      };
      this.book = new OrderBook(before);
      this.clearing = new Clearing(this.book, market.k);
    }
    this.side = this.clearingSide();
  }

  /** Schedules the first clearing and re-pricings. */
  begin(host: MarketHost): void {
    this.host = host;
    this.pricer.groups.forEach((g, i) => {
      if (host.worthScheduling(g.intervalS)) host.schedule(g.intervalS, MarketEvent.reprice, i);
    });
    if (this.settings.mechanism === 'call') this.scheduleClearing(0);
  }

  /** Applies one of the market's events. */
  handle(event: number, payload: number, time: number): void {
    const host = this.host as MarketHost;
    switch (event) {
      case MarketEvent.clearing:
        this.clearingScheduled = false;
        this.lastClearingAt = time;
        this.due = 'full';
        // The clearing itself runs in the pass at the end of this instant, after every arrival of it.
        if (host.worthScheduling(time + this.settings.intervalS)) this.scheduleClearing(time);
        return;
      case MarketEvent.reprice: {
        const changed = this.pricer.evaluate(payload, time);
        if (changed.length > 0) this.pricesChanged(changed, time);
        const next = time + (this.pricer.groups[payload]?.intervalS ?? Infinity);
        if (host.worthScheduling(next)) host.schedule(next, MarketEvent.reprice, payload);
        return;
      }
      case MarketEvent.reclaim: {
        const job = this.ledger.job[payload] as number;
        // Finished, preempted or failed meanwhile: the notice lapsed with its contract.
        if (this.noticed.get(job) !== payload || this.ledger.openTradeOf(job) !== payload || this.jobs.state[job] !== JobState.Running) return;
        this.noticed.delete(job);
        this.ledger.reclamations++;
        const pool = this.model.pools[this.jobs.pool[job] as number] as PoolModel;
        host.reclaim(job, time, `reclaimed on ${pool.name}: its price rose above its bid`);
        return;
      }
    }
  }

  /**
   * Pools' asks changed (a schedule, a series, or dynamic pricing): spot
   * jobs there whose bid the ask now exceeds get their notice; waiting
   * decisions and the clearing's ask index are stale.
   */
  pricesChanged(pools: readonly number[], time: number): void {
    this.priceVersion++;
    for (const pool of pools) {
      const ask = (this.model.pools[pool] as PoolModel).price.priceAt(time);
      for (const job of this.spotOn[pool] ?? []) {
        if (ask <= (this.jobs.bid[job] as number) || this.noticed.has(job)) continue;
        const trade = this.ledger.openTradeOf(job);
        this.noticed.set(job, trade);
        this.ledger.notices++;
        this.host?.schedule(time + this.settings.noticeS, MarketEvent.reclaim, trade);
      }
    }
    this.markFull(time);
    this.host?.pricesChanged(time, pools);
  }

  /** A job starts on a pool (DispatchHost.startJob did it): the trade, at the clearing's price or at the ask. */
  traded(job: number, pool: number, time: number): void {
    const p = this.model.pools[pool] as PoolModel;
    const price = Number.isNaN(this.pendingPrice) ? p.price.priceAt(time) : this.pendingPrice;
    this.ledger.open(job, p, time, price);
    if (this.jobs.spot[job] === 1) this.spotOn[pool]?.add(job);
  }

  /** A running job gives its chips back (its contract was closed by billing); a notice lapses with it. */
  released(job: number, pool: number): void {
    if (this.jobs.spot[job] !== 1) return;
    this.spotOn[pool]?.delete(job);
    this.noticed.delete(job);
  }

  takes(job: number): boolean {
    return this.book !== undefined && (this.jobs.bid[job] as number) !== Infinity;
  }

  add(job: number, shape: number, time: number): void {
    this.book?.add(job, shape);
    if (this.settings.mechanism === 'continuous' && this.due === 'none') this.due = 'fresh';
    // A call market that stopped clearing (nothing could change) starts again.
    if (this.settings.mechanism === 'call' && !this.clearingScheduled && this.host !== undefined) this.scheduleClearing(time);
  }

  roomFreed(time: number): void {
    this.markFull(time);
  }

  clearIfDue(time: number, start: (job: number, pool: number) => boolean): void {
    const clearing = this.clearing;
    if (clearing === undefined || this.due === 'none') return;
    const onlyFresh = this.due === 'fresh';
    this.due = 'none';
    if ((this.book as OrderBook).size === 0) return;
    this.ctx.now = time;
    this.start = start;
    clearing.clear(this.side, onlyFresh);
  }

  get waiting(): number {
    return this.book?.size ?? 0;
  }

  waitingJobs(): number[] {
    return this.book?.all() ?? [];
  }

  /** Room or an ask changed: a continuous market looks at the whole book next; a call market that stopped clearing starts again. */
  private markFull(time: number): void {
    if (this.settings.mechanism === 'continuous') this.due = 'full';
    if (this.settings.mechanism === 'call' && !this.clearingScheduled && (this.book?.size ?? 0) > 0) this.scheduleClearing(time);
  }

  /** The next clearing: the first multiple of intervalS at or after `time` whose clearing has not run. */
  private scheduleClearing(time: number): void {
    const interval = this.settings.intervalS;
    let at = Math.max(1, Math.ceil(time / interval)) * interval;
    if (at <= this.lastClearingAt) at += interval;
    this.clearingScheduled = true;
    this.host?.schedule(at, MarketEvent.clearing, 0);
  }

  /** The matching's view of the run: the scheduling context's estimates and filters, the ledger's budgets. */
  private clearingSide(): ClearingSide {
    const { ctx, jobs, model } = this;
    const explainer = this.explainer;
    const run = this;
    return {
      candidates: (job) => ctx.candidates(job as JobId) as unknown as ArrayLike<number>,
      bid: (job) => jobs.bid[job] as number,
      spot: (job) => jobs.spot[job] === 1,
      ask: (pool) => ctx.ask(pool as PoolId),
      rttMs: (job, pool) => ctx.rttMs(job as JobId, pool as PoolId),
      hasRoom: (job, pool) => ctx.hasRoom(job as JobId, pool as PoolId),
      // What it has paid already (a reclaimed job's earlier runs) counts against its budget.
      withinBudget: (job, pool, price) => {
        const budget = jobs.budget[job] as number;
        return budget === Infinity || ctx.expectedCostAt(job as JobId, pool as PoolId, price) <= budget - (jobs.cost[job] as number);
      },
      take: (job, pool, price) => {
        run.pendingPrice = price;
        try {
          return run.start(job, pool);
        } finally {
          run.pendingPrice = NaN;
        }
      },
      get priceVersion() {
        return run.priceVersion;
      },
      ...(explainer === undefined
        ? {}
        : {
            explainer: {
              wants: (job: number) => explainer.wants(job),
              poolName: (pool: number) => (model.pools[pool] as PoolModel).name,
              record: (job: number, ex: DecisionExplanation) => explainer.recorded(job, ctx.now, ex),
            },
          }),
    };
  }
}
