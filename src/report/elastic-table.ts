import type { ElasticResults } from '../metrics/results.js';
import { formatCount, formatNumber } from './format-number.js';
import { textTable } from './text-table.js';

/**
 * The elastic pools of a run, for the terminal: per pool its mean nodes on
 * and busy, what its controller did, and its bill split into reserved,
 * on-demand busy and on-demand idle; then the bill of all of them.
 */
export function elasticTable(e: ElasticResults): string {
  const pools = Object.entries(e.byPool);
  const money = (v: number): string => `$${formatNumber(v)}`;
  const rows: string[][] = [
    ['elastic pool', 'rule', 'on', 'busy', 'boots', 'cancelled', 'off', 'drains', 'cold starts', 'idle node-h'],
    ...pools.map(([name, p]) => [
      name,
      p.rule,
      formatNumber(p.meanNodes.on),
      formatNumber(p.meanNodes.busy),
      formatCount(p.boots),
      formatCount(p.cancelledBoots),
      formatCount(p.powerOffs),
      formatCount(p.drains),
      formatCount(p.coldStarts),
      formatNumber(p.idleNodeHours),
    ]),
  ];
  const bills: string[][] = [
    ['pool bill', 'reserved', 'on-demand busy', 'on-demand idle', 'total'],
    ...pools.map(([name, p]) => [name, money(p.cost.reserved), money(p.cost.onDemandBusy), money(p.cost.onDemandIdle), money(p.cost.total)]),
  ];
  if (pools.length > 1) bills.push(['all', money(e.cost.reserved), money(e.cost.onDemandBusy), money(e.cost.onDemandIdle), money(e.cost.total)]);
  return `${textTable(rows, ['left', 'left'])}\n\n${textTable(bills, ['left'])}`;
}
