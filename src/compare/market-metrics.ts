import type { CompareMetric, MetricSource } from './compare-metrics.js';

/** The mean trade price over every trade of the run, all chip types together; null without trades. */
function meanTradePrice(r: MetricSource): number | null {
  const prices = Object.values(r.market?.tradePrice ?? {});
  let n = 0;
  let sum = 0;
  for (const p of prices) {
    if (p.mean === null) continue;
    n += p.count;
    sum += p.mean * p.count;
  }
  return n > 0 ? sum / n : null;
}

/**
 * The metrics that tell market mechanisms apart (docs/market.md), read
 * from the results' `market` block; `compare` adds them when its runs
 * traded. Null for a run that did not.
 */
export const marketCompareMetrics: readonly CompareMetric[] = [
  { key: 'trades', label: 'trades', description: 'trades made (every start of a job, restarts included)', unit: 'count', better: 'higher', inTable: true, value: (r) => r.market?.trades ?? null },
  { key: 'tradePrice', label: 'price', description: 'mean trade price per chip-hour over every trade, all chip types', unit: '$', better: 'lower', inTable: true, value: meanTradePrice },
  { key: 'buyerSurplus', label: 'surplus', description: 'buyer surplus: Σ (bid × chip-hours − paid for the chips) over trades with a bid', unit: '$', better: 'higher', inTable: true, value: (r) => r.market?.buyerSurplus ?? null },
  { key: 'reclaimed', label: 'reclaimed', description: 'spot jobs reclaimed when the price rose above their bid', unit: 'count', better: 'lower', inTable: true, value: (r) => r.market?.spot.reclamations ?? null },
  { key: 'unmatchedBids', label: 'unmatched', description: 'bids still waiting at the end', unit: 'count', better: 'lower', inTable: true, value: (r) => r.market?.unmatched.bids ?? null },
  { key: 'chipHoursTraded', label: 'chip-h', description: 'chip-hours held under the trades’ contracts', unit: 'count', better: 'higher', inTable: false, value: (r) => r.market?.chipHoursTraded ?? null },
  { key: 'revenue', label: 'revenue', description: 'what providers earned (equal to what jobs paid under their contracts)', unit: '$', better: 'higher', inTable: false, value: (r) => r.market?.paid ?? null },
  { key: 'unmatchedBidHours', label: 'unmatched h', description: 'reference-chip hours asked for by bids still waiting at the end', unit: 'count', better: 'lower', inTable: false, value: (r) => r.market?.unmatched.bidHours ?? null },
];
