import type { Price } from '../model/price.js';
import type { ClusterModel, PoolModel } from '../model/cluster-model.js';
import { JobState, type JobTable } from '../model/job-table.js';
import type { MarketLedger } from '../model/market-ledger.js';

/** Relative slack for sums of floating-point money, which add in different orders on the two sides. */
const SLACK = 1e-9;

/**
 * The identities every market run holds, recomputed from the trades and
 * the job table on both sides (docs/market.md); each broken one is named.
 *
 * - Paid = earned, per provider: each provider's revenue is the sum of
 *   what the jobs paid under the contracts on its pools, and each job's
 *   cost is the sum of what it paid under its contracts.
 * - No job pays above its bid (per chip-hour, over each contract) or its
 *   budget (over all of them).
 * - No trade is below the ask of its pool at its time, nor an on-demand
 *   trade above the bid.
 * - Jobs are conserved: at the end each job is completed, rejected,
 *   failed or unfinished, nothing is left queued or running, and every
 *   contract is closed.
 */
export function marketIdentityProblems(ledger: MarketLedger, jobs: JobTable, model: ClusterModel): string[] {
  const problems: string[] = [];
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= SLACK * Math.max(1, Math.abs(a), Math.abs(b));
  const earned = new Float64Array(ledger.revenue.length);
  const paid = new Float64Array(jobs.length);
  for (let t = 0; t < ledger.trades; t++) {
    const job = ledger.job[t] as number;
    const pool = model.pools[ledger.pool[t] as number] as PoolModel;
    const money = (ledger.amount[t] as number) + (ledger.fee[t] as number);
    const provider = ledger.market.providerOfPool[pool.index] as number;
    earned[provider] = (earned[provider] as number) + money;
    paid[job] = (paid[job] as number) + money;
    const time = ledger.time[t] as number;
    const end = ledger.end[t] as number;
    const price = ledger.price[t] as number;
    const bid = ledger.bid[t] as number;
    if (Number.isNaN(end)) problems.push(`trade ${t} (job ${jobs.idOf(job)}) was never closed`);
    const ask = lowestAskAt(pool.price, time);
    if (price < ask) problems.push(`trade ${t} (job ${jobs.idOf(job)}) at ${price} is below the ask ${ask} of ${pool.name} at t=${time}`);
    if (ledger.spot[t] === 0 && price > bid) problems.push(`trade ${t} (job ${jobs.idOf(job)}) at ${price} is above its bid ${bid}`);
    const chipHours = ((ledger.heldMilli[t] as number) / 1000) * ((end - time) / 3600);
    const amount = ledger.amount[t] as number;
    if (bid !== Infinity && amount > bid * chipHours && !close(amount, bid * chipHours)) problems.push(`job ${jobs.idOf(job)} paid ${amount} for ${chipHours} chip-hours, above its bid ${bid}`);
  }
  ledger.market.providers.forEach((name, p) => {
    if (!close(earned[p] as number, ledger.revenue[p] as number)) problems.push(`provider ${name} earned ${ledger.revenue[p] as number} but its contracts were paid ${earned[p] as number}`);
  });
  for (let job = 0; job < jobs.length; job++) {
    const cost = jobs.cost[job] as number;
    if (!close(cost, paid[job] as number)) problems.push(`job ${jobs.idOf(job)} was charged ${cost} but paid ${paid[job] as number} under its contracts`);
    const budget = jobs.budget[job] as number;
    if (cost > budget && !close(cost, budget)) problems.push(`job ${jobs.idOf(job)} paid ${cost}, above its budget ${budget}`);
    const state = jobs.state[job];
    if (state === JobState.Queued || state === JobState.Running) problems.push(`job ${jobs.idOf(job)} is still ${state === JobState.Queued ? 'queued' : 'running'} at the end`);
  }
  return problems;
}

/** Throws when a market run broke an identity: that is a bug in manychip, never bad input. */
export function assertMarketIdentities(ledger: MarketLedger, jobs: JobTable, model: ClusterModel): void {
  const problems = marketIdentityProblems(ledger, jobs, model);
  if (problems.length > 0) throw new Error(`market identities broken: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
}

/**
 * The lowest ask the pool posted at instant `t`: a price that changes at
 * `t` held both values in that instant, and a trade made before the change
 * was processed (a start and a re-pricing at one time) is at the old one.
 */
function lowestAskAt(price: Price, t: number): number {
  const now = price.priceAt(t);
  return t > 0 ? Math.min(now, price.priceAt(t * (1 - Number.EPSILON))) : now;
}
