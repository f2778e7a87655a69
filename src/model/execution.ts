import { ClusterState } from './cluster-state.js';
import type { ClusterModel, PoolModel } from './cluster-model.js';
import type { JobTable } from './job-table.js';
import type { MarketLedger } from './market-ledger.js';

/**
 * What a shared network expects a transfer to take if it started now
 * (issue 18): the route's latency, then its bytes shared with the flows
 * under way as they are now; undefined where the pair has no route to share.
 */
export interface TransferEstimator {
  expectedS(job: number, pool: PoolModel, gb: number): number | undefined;
}

/**
 * How a job really executes once placed: which chips can run it, how long
 * it computes there by its true work, how long its input takes to arrive,
 * what it holds, and what holding it costs in money and energy. The
 * simulation finishes and bills jobs through this; policies never see it
 * (they reason on estimates, see `policy/estimates.ts`), except for the
 * facts a placement makes public: what a job would hold, how long its input
 * takes to move and what that costs.
 */
export class ExecutionModel {
  private readonly nSites: number;
  /** With `network.links`, transfers are estimated from the current sharing (set by the simulation); undefined otherwise. */
  network: TransferEstimator | undefined = undefined;
  /** In a market run, the contracts that bill jobs (locked prices, spot prices, budgets as ceilings); undefined otherwise. */
  contracts: MarketLedger | undefined = undefined;

  constructor(
    private readonly model: ClusterModel,
    private readonly jobs: JobTable,
  ) {
    this.nSites = model.sites.length;
  }

  /** The job's speed on a chip: from its speed row if it has one, else its class's table (0: cannot run it). */
  speedOf(job: number, chip: number): number {
    const r = this.jobs.speedRow[job] as number;
    if (r >= 0) return this.jobs.speedRows[r]?.[chip] as number;
    return this.model.classes[this.jobs.cls[job] as number]?.speedByChip[chip] as number;
  }

  /** Whether the pool's chip can run the job at all: by its runtime table, its speed row, or its class's speeds. */
  capable(job: number, pool: { chip: number }): boolean {
    const row = this.jobs.runtimeRows.size === 0 ? undefined : this.jobs.runtimeRows.get(job);
    if (row !== undefined) return !Number.isNaN(row[pool.chip] as number);
    return this.speedOf(job, pool.chip) > 0;
  }

  /** Seconds the job computes on the pool's chip by its true work (or its runtime table); NaN if the chip cannot run it. */
  runtimeOn(job: number, pool: PoolModel): number {
    // Most scenarios have no runtime tables at all: skip the map lookup then.
    const row = this.jobs.runtimeRows.size === 0 ? undefined : this.jobs.runtimeRows.get(job);
    if (row !== undefined) return row[pool.chip] as number;
    const speed = this.speedOf(job, pool.chip);
    return speed > 0 ? (this.jobs.work[job] as number) / speed : NaN;
  }

  /**
   * Seconds to move the job's input from its origin to the pool's site: at
   * the pair's bandwidth, or over a shared network, what the transfer is
   * expected to take if it started now (the actual time depends on the
   * flows that come and go meanwhile).
   */
  transferS(job: number, pool: PoolModel): number {
    const gb = this.jobs.inputGB[job] as number;
    if (gb === 0) return 0;
    const shared = this.network?.expectedS(job, pool, gb);
    return shared ?? gb * (this.model.transferSPerGB[(this.jobs.origin[job] as number) * this.nSites + pool.site] as number);
  }

  /** Seconds the job's output is expected to take back to its origin from the pool (0 without a shared network: outputs move only over links). */
  outputTransferS(job: number, pool: PoolModel): number {
    if (this.network === undefined) return 0;
    const gb = this.model.classes[this.jobs.cls[job] as number]?.outputGB ?? 0;
    return gb === 0 ? 0 : (this.network.expectedS(job, pool, gb) ?? 0);
  }

  /** The data fee for moving the job's input to the pool's site. */
  dataFee(job: number, pool: PoolModel): number {
    const gb = this.jobs.inputGB[job] as number;
    return gb === 0 ? 0 : gb * (this.model.dataFeePerGB[(this.jobs.origin[job] as number) * this.nSites + pool.site] as number);
  }

  /** Adds the data fee for moving the job's input to the pool's site to its account (through its contract in a market run). */
  payDataFee(job: number, pool: PoolModel): void {
    const fee = this.dataFee(job, pool);
    if (this.contracts === undefined) this.jobs.cost[job] = (this.jobs.cost[job] as number) + fee;
    else this.contracts.payFee(job, pool, fee);
  }

  /** Milli-chips the job would hold in the pool: its request, or whole nodes for a gang. */
  heldMilli(job: number, pool: PoolModel): number {
    return heldMilliFor(this.jobs.milli[job] as number, pool);
  }

  /**
   * Money and energy of the chips a running job holds from its start to
   * `until`, added to its account: chips × the pool's price over that time
   * (in a market run, as its contract says), and chips × busy power per
   * chip × the time.
   */
  bill(job: number, until: number): void {
    const jobs = this.jobs;
    const p = this.model.pools[jobs.pool[job] as number] as PoolModel;
    const chips = (jobs.held[job] as number) / 1000;
    const start = jobs.start[job] as number;
    if (this.contracts === undefined) jobs.cost[job] = (jobs.cost[job] as number) + (chips * p.price.integral(start, until)) / 3600;
    else this.contracts.close(job, p, chips, start, until);
    jobs.energyKWh[job] = (jobs.energyKWh[job] as number) + (chips * p.busyWattsPerChip * (until - start)) / 3.6e6;
  }
}

/** Milli-chips a request of `milli` holds in the pool: itself, or whole nodes for a gang. */
export function heldMilliFor(milli: number, pool: PoolModel): number {
  const gang = ClusterState.gangNodes(pool, milli);
  return gang > 0 ? gang * pool.milliPerNode : milli;
}
