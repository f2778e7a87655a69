import type { PoolModel } from './cluster-model.js';
import type { JobTable } from './job-table.js';
import type { MarketModel } from './market-model.js';

/**
 * The trades of a market run and the contracts they make, and the one
 * place where a market run bills: every start of a job is a trade, at a
 * price, and opens a contract that the job's release (finish, preemption,
 * reclamation, failure, the horizon) closes.
 *
 * - An on-demand contract locks its price for the run: chips × price × time.
 * - A spot contract pays the pool's price as it changes, never more than
 *   its bid (during a notice the price may stand above it): chips × ∫
 *   min(price, bid) dt.
 * - A budget is a ceiling: what a job pays over all its contracts (chips
 *   and data fees) never passes it; the seller bears an overrun of the
 *   estimate.
 *
 * What a job is charged goes to the provider of the pool, in the same
 * step: money is conserved by construction, and the identities the
 * results check (metrics/market-identities.ts) recompute both sides from
 * the trades.
 */
export class MarketLedger {
  /** Per trade, in the order made: the job, its pool, when, at what price per chip-hour, the ask and bid then, the milli-chips held, spot or not. */
  readonly job: number[] = [];
  readonly pool: number[] = [];
  readonly time: number[] = [];
  readonly price: number[] = [];
  readonly ask: number[] = [];
  readonly bid: number[] = [];
  readonly heldMilli: number[] = [];
  readonly spot: number[] = [];
  /** When the contract ended (NaN while open), what the job paid for its chips under it, and the data fee paid with it. */
  readonly end: number[] = [];
  readonly amount: number[] = [];
  readonly fee: number[] = [];
  /** What each provider earned, indexed as `market.providers`. */
  readonly revenue: Float64Array;
  /** Spot notices given, and spot jobs reclaimed. */
  notices = 0;
  reclamations = 0;
  /** Per job, its open trade (-1: none). */
  private openTrade = new Int32Array(1024).fill(-1);

  constructor(
    readonly market: MarketModel,
    private readonly jobs: JobTable,
  ) {
    this.revenue = new Float64Array(market.providers.length);
  }

  get trades(): number {
    return this.job.length;
  }

  /** The trade under which the job runs now, or -1. */
  openTradeOf(job: number): number {
    return job < this.openTrade.length ? (this.openTrade[job] as number) : -1;
  }

  /**
   * Records a trade: the job starts on the pool at `time`, at `price` per
   * chip-hour for an on-demand job (locked for the run), at the ask for a
   * spot job. Returns the trade's index.
   */
  open(job: number, pool: PoolModel, time: number, price: number): number {
    const jobs = this.jobs;
    const spot = jobs.spot[job] === 1;
    const ask = pool.price.priceAt(time);
    const t = this.job.length;
    this.job.push(job);
    this.pool.push(pool.index);
    this.time.push(time);
    this.price.push(spot ? ask : price);
    this.ask.push(ask);
    this.bid.push(jobs.bid[job] as number);
    this.heldMilli.push(jobs.held[job] as number);
    this.spot.push(spot ? 1 : 0);
    this.end.push(NaN);
    this.amount.push(0);
    this.fee.push(0);
    jobs.lockedPrice[job] = spot ? NaN : price;
    if (job >= this.openTrade.length) {
      const grown = new Int32Array(Math.max(job + 1, this.openTrade.length * 2)).fill(-1);
      grown.set(this.openTrade);
      this.openTrade = grown;
    }
    this.openTrade[job] = t;
    return t;
  }

  /** The data fee for the job's input, paid with its open trade (within its budget). */
  payFee(job: number, pool: PoolModel, fee: number): void {
    const t = this.openTradeOf(job);
    const paid = this.pay(job, pool, fee);
    if (t >= 0) this.fee[t] = (this.fee[t] as number) + paid;
  }

  /** Bills the job's open contract from `from` to `until` and closes it. */
  close(job: number, pool: PoolModel, chips: number, from: number, until: number): void {
    const jobs = this.jobs;
    const locked = jobs.lockedPrice[job] as number;
    const perChip = Number.isNaN(locked) ? pool.price.cappedIntegral(from, until, jobs.bid[job] as number) : locked * (until - from);
    const paid = this.pay(job, pool, (chips * perChip) / 3600);
    const t = this.openTradeOf(job);
    if (t < 0) return;
    this.amount[t] = (this.amount[t] as number) + paid;
    this.end[t] = until;
    this.openTrade[job] = -1;
  }

  /** Moves up to `money` from the job to the pool's provider, within the job's budget; returns what moved. */
  private pay(job: number, pool: PoolModel, money: number): number {
    const jobs = this.jobs;
    const left = Math.max(0, (jobs.budget[job] as number) - (jobs.cost[job] as number));
    const paid = Math.min(money, left);
    jobs.cost[job] = (jobs.cost[job] as number) + paid;
    const provider = this.market.providerOfPool[pool.index] as number;
    this.revenue[provider] = (this.revenue[provider] as number) + paid;
    return paid;
  }
}
