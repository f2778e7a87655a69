import type { PoolModel } from '../model/cluster-model.js';
import { JobState } from '../model/job-table.js';
import type { MarketLedger } from '../model/market-ledger.js';
import { assertMarketIdentities } from './market-identities.js';
import type { MarketResults, Summary } from './results.js';
import type { RunRecord } from './run-record.js';

/**
 * The `market` block of the results, from a market run's trades. Like the
 * job statistics it covers the jobs that arrived at or after `warmupS`;
 * the series share the run's time grid `t` (each value over the interval
 * that ends there). Checks the market's identities first: a run that broke
 * one is a bug, and says so rather than report it.
 */
export function summarizeMarket(run: RunRecord, ledger: MarketLedger, t: readonly number[], summary: (values: Float64Array, n: number) => Summary): MarketResults {
  const { model, jobs } = run;
  assertMarketIdentities(ledger, jobs, model);
  const warmup = run.scenario.warmupS;
  const settings = ledger.market;
  const chipNames = model.chips.map((c) => c.name);
  const chipsTraded = new Set<number>();
  const pricesByChip = model.chips.map(() => [] as number[]);
  const revenue = new Float64Array(settings.providers.length);
  const seriesPrice = model.chips.map(() => new Float64Array(t.length));
  const seriesTrades = model.chips.map(() => new Float64Array(t.length));
  const seriesChipHours = model.chips.map(() => new Float64Array(t.length));
  let trades = 0;
  let chipHoursTraded = 0;
  let paid = 0;
  let surplus = 0;

  for (let k = 0; k < ledger.trades; k++) {
    const job = ledger.job[k] as number;
    if ((jobs.arrival[job] as number) < warmup) continue;
    const pool = model.pools[ledger.pool[k] as number] as PoolModel;
    const time = ledger.time[k] as number;
    const price = ledger.price[k] as number;
    const chipHours = ((ledger.heldMilli[k] as number) / 1000) * (((ledger.end[k] as number) - time) / 3600);
    const money = (ledger.amount[k] as number) + (ledger.fee[k] as number);
    const bid = ledger.bid[k] as number;
    trades++;
    chipHoursTraded += chipHours;
    paid += money;
    const provider = settings.providerOfPool[pool.index] as number;
    revenue[provider] = (revenue[provider] as number) + money;
    if (bid !== Infinity) surplus += bid * chipHours - (ledger.amount[k] as number);
    chipsTraded.add(pool.chip);
    (pricesByChip[pool.chip] as number[]).push(price);
    const slot = intervalOf(t, time);
    if (slot < 0) continue;
    (seriesPrice[pool.chip] as Float64Array)[slot] = ((seriesPrice[pool.chip] as Float64Array)[slot] as number) + price;
    (seriesTrades[pool.chip] as Float64Array)[slot] = ((seriesTrades[pool.chip] as Float64Array)[slot] as number) + 1;
    (seriesChipHours[pool.chip] as Float64Array)[slot] = ((seriesChipHours[pool.chip] as Float64Array)[slot] as number) + chipHours;
  }

  // Bids still waiting at the end: never matched, or put back and not matched again.
  let unmatchedBids = 0;
  let unmatchedBidHours = 0;
  for (let job = 0; job < jobs.length; job++) {
    if ((jobs.arrival[job] as number) < warmup || jobs.bid[job] === Infinity) continue;
    if (jobs.state[job] !== JobState.Unfinished || !Number.isNaN(jobs.start[job] as number)) continue;
    unmatchedBids++;
    unmatchedBidHours += ((jobs.milli[job] as number) / 1000) * ((jobs.estimate[job] as number) / 3600);
  }

  const traded = [...chipsTraded].sort((a, b) => a - b);
  const poolsOf = (chip: number): PoolModel[] => model.pools.filter((p) => p.chip === chip);
  const chipsWithPools = model.chips.filter((c) => poolsOf(c.index).length > 0);
  return {
    mechanism: settings.mechanism,
    k: settings.k,
    intervalS: settings.mechanism === 'call' ? settings.intervalS : null,
    noticeS: settings.noticeS,
    trades,
    chipHoursTraded,
    tradePrice: Object.fromEntries(
      traded.map((chip) => {
        const prices = Float64Array.from(pricesByChip[chip] as number[]);
        return [chipNames[chip] as string, summary(prices, prices.length)];
      }),
    ),
    paid,
    revenueByProvider: Object.fromEntries(settings.providers.map((name, p) => [name, revenue[p] as number]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1))),
    buyerSurplus: surplus,
    spot: { notices: ledger.notices, reclamations: ledger.reclamations },
    unmatched: { bids: unmatchedBids, bidHours: unmatchedBidHours },
    timeseries: {
      tradePriceByChip: Object.fromEntries(
        traded.map((chip) => [
          chipNames[chip] as string,
          Array.from(seriesPrice[chip] as Float64Array, (sum, i) => {
            const n = (seriesTrades[chip] as Float64Array)[i] as number;
            return n > 0 ? sum / n : null;
          }),
        ]),
      ),
      chipHoursByChip: Object.fromEntries(traded.map((chip) => [chipNames[chip] as string, Array.from(seriesChipHours[chip] as Float64Array)])),
      askByChip: Object.fromEntries(
        chipsWithPools.map((c) => {
          const pools = poolsOf(c.index);
          // Each pool's ask averaged over the interval, then over the pools.
          return [c.name, t.map((end, i) => pools.reduce((sum, p) => sum + meanOver(p, i === 0 ? 0 : (t[i - 1] as number), end), 0) / pools.length)];
        }),
      ),
    },
  };
}

/** A pool's ask averaged over [from, to] (the ask at `to` for an empty interval). */
function meanOver(pool: PoolModel, from: number, to: number): number {
  return to > from ? pool.price.integral(from, to) / (to - from) : pool.price.priceAt(to);
}

/** The interval of the grid `t` (ends of intervals that start at 0) that holds `time`: the first end at or after it; -1 past the last. */
function intervalOf(t: readonly number[], time: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((t[mid] as number) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo < t.length ? lo : -1;
}
