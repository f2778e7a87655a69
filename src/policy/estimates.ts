import type { ExecutionModel } from '../model/execution.js';
import type { PoolModel } from '../model/cluster-model.js';
import type { JobTable } from '../model/job-table.js';

/**
 * What policies know about a job before it runs: its runtime and cost from
 * its estimate (a trace's requested time, its class's mean work, or an
 * estimate model), never from its true work unless the scenario says
 * `oracle`. The simulation uses the same figures for what is planned from
 * estimates (a pool's expected ready time, a job's expected end).
 */
export class Estimates {
  constructor(
    private readonly jobs: JobTable,
    private readonly execution: ExecutionModel,
    /** How a market prices its trades; undefined without a market (jobs pay the price curve as it runs). */
    private readonly market?: MarketPricing,
  ) {}

  /** k of a call or continuous market; undefined where trades are at the ask (no market, or posted prices). */
  private get clearingK(): number | undefined {
    return this.market?.clearingK;
  }

  /** Estimated seconds the job computes on the pool's chip; NaN where the chip cannot run it. */
  runtimeOn(job: number, pool: PoolModel): number {
    const row = this.jobs.runtimeRows.size === 0 ? undefined : this.jobs.runtimeRows.get(job);
    if (row !== undefined) return row[pool.chip] as number;
    const speed = this.execution.speedOf(job, pool.chip);
    return speed > 0 ? (this.jobs.estimate[job] as number) / speed : NaN;
  }

  /**
   * What running the job on the pool from `now` is expected to cost, by its
   * estimate and the price curve. For a constant price this is computed as
   * held · (price / 3600) · seconds, exactly as the per-pool tables of
   * `SchedulingContext` do, so that both paths give the same bits.
   */
  cost(job: number, pool: PoolModel, now: number): number {
    if (pool.price.constant) return this.costAtPrice(job, pool, pool.price.priceAt(now));
    // In a market an on-demand job pays the price its trade locks, not the curve: judging its budget by
    // the curve would keep it waiting for a start whose run avoids every dear step (a run without end).
    if (this.market !== undefined && this.jobs.spot[job] === 0) return this.costAtPrice(job, pool, this.lockedPrice(job, pool.price.priceAt(now)));
    const held = this.execution.heldMilli(job, pool) / 1000;
    const seconds = this.execution.transferS(job, pool) + this.runtimeOn(job, pool);
    return (held * pool.price.integral(now, now + seconds)) / 3600 + this.execution.dataFee(job, pool);
  }

  /** What running the job on the pool is expected to cost at a fixed price per chip-hour (a market trade's locked price), with data fees. */
  costAtPrice(job: number, pool: PoolModel, pricePerChipHour: number): number {
    const held = this.execution.heldMilli(job, pool) / 1000;
    const seconds = this.execution.transferS(job, pool) + this.runtimeOn(job, pool);
    return held * (pricePerChipHour / 3600) * seconds + this.execution.dataFee(job, pool);
  }

  /**
   * Whether the job could ever stay within its budget on the pool: at the
   * lowest price the pool ever charges (a varying price may come down
   * within budget later). `spent`: what the job has paid already (a
   * reclaimed spot job's earlier runs), which its budget no longer covers.
   */
  everAffordable(job: number, pool: PoolModel, now: number, spent = 0): boolean {
    const budget = (this.jobs.budget[job] as number) - spent;
    if (budget === Infinity) return true;
    const bid = this.jobs.bid[job] as number;
    if (this.clearingK !== undefined && bid !== Infinity && this.jobs.spot[job] === 0) {
      // A cleared on-demand trade locks ask + k·(bid − ask), lowest at the lowest ask: judging the budget at
      // the ask alone would keep a job waiting for a price it can never be charged (a run without end).
      const ask = pool.price.constant ? pool.price.priceAt(now) : pool.price.minPrice;
      return this.costAtPrice(job, pool, this.lockedPrice(job, ask)) <= budget;
    }
    const seconds = this.execution.transferS(job, pool) + this.runtimeOn(job, pool);
    const cheapest = pool.price.constant
      ? this.cost(job, pool, now)
      : ((this.execution.heldMilli(job, pool) / 1000) * pool.price.minPrice * seconds) / 3600 + this.execution.dataFee(job, pool);
    return cheapest <= budget;
  }

  /** The price an on-demand trade at `ask` locks: the ask, or ask + k·(bid − ask) where a call or continuous market clears the job's bid. */
  private lockedPrice(job: number, ask: number): number {
    const bid = this.jobs.bid[job] as number;
    const k = this.clearingK;
    return k === undefined || bid === Infinity ? ask : ask + k * (bid - ask);
  }
}

/** What the estimates need to know of a market: k of a call or continuous market (undefined for posted prices). */
export interface MarketPricing {
  readonly clearingK?: number;
}
