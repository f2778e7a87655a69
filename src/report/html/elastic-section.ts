import type { ElasticPoolResults, Results } from '../../metrics/results.js';
import { escapeHtml } from '../svg/escape.js';
import { formatValue } from '../svg/format-value.js';
import { lineBandChart } from '../svg/line-band-chart.js';
import { seriesColour } from '../svg/palette.js';
import { timeUnit } from '../svg/series-panel.js';
import { stackedTables } from './stacked-tables.js';

/** The lines of a pool's chart: capacity (on, booting) against demand (busy, and busy plus waiting). */
const lines = [
  { label: 'nodes on', colour: seriesColour(0), of: (p: ElasticPoolResults, i: number) => p.timeseries.on[i] },
  { label: 'booting', colour: seriesColour(1), of: (p: ElasticPoolResults, i: number) => p.timeseries.booting[i] },
  { label: 'busy', colour: seriesColour(2), of: (p: ElasticPoolResults, i: number) => p.timeseries.busy[i] },
  {
    label: 'demand (busy + waiting)',
    colour: seriesColour(3),
    of: (p: ElasticPoolResults, i: number) => {
      const busy = p.timeseries.busy[i];
      const waiting = p.timeseries.waiting[i];
      return busy === undefined || waiting === undefined ? undefined : busy + waiting;
    },
  },
];

/**
 * Per elastic pool, capacity against demand over time: nodes on and
 * booting beside nodes busy and the nodes' worth of work running or
 * waiting, each averaged over the sampling interval; and a table of what
 * the pool did and what it cost. Empty for a run without elastic pools.
 */
export function elasticSection(r: Results): string {
  const pools = Object.entries(r.elastic?.byPool ?? {});
  if (pools.length === 0) return '';
  const t = r.timeseries.t;
  const unit = timeUnit((t[t.length - 1] as number | undefined) ?? 1);
  const charts = pools.map(([name, p], k) => {
    const svg =
      t.length < 2
        ? '<p class="note">Too short a run for a chart.</p>'
        : lineBandChart(
            lines.map((l) => ({ name: l.label, colour: l.colour, points: t.map((x, i) => ({ x: x / unit.seconds, y: l.of(p, i) })) })),
            {
              name: `elastic-${k}`,
              title: `${name}: capacity against demand`,
              x: { quantity: 'simulated time', unit: { name: unit.unit }, domain: [0, (t[t.length - 1] as number) / unit.seconds] },
              y: { quantity: 'nodes' },
              width: 720,
              height: 260,
            },
          );
    return `<h3>${escapeHtml(name)} <span class="note">(rule ${escapeHtml(p.rule)}, ${p.minNodes}–${p.maxNodes} nodes, ${p.reservedNodes} reserved)</span></h3>
<div class="chart-box">${svg}</div>`;
  });
  const row = (head: string, cell: (p: ElasticPoolResults) => string): { head: string; cells: string[] } => ({ head: `<th scope="col">${head}</th>`, cells: pools.map(([, p]) => `<td>${cell(p)}</td>`) });
  const table = stackedTables(
    [{ head: '<th scope="col">pool</th>', cells: pools.map(([name]) => `<th scope="row">${escapeHtml(name)}</th>`) }],
    [
      row('mean on', (p) => formatValue(p.meanNodes.on, 'ratio', 3)),
      row('mean busy', (p) => formatValue(p.meanNodes.busy, 'ratio', 3)),
      row('boots', (p) => `${p.boots}`),
      row('cancelled', (p) => `${p.cancelledBoots}`),
      row('power-offs', (p) => `${p.powerOffs}`),
      row('drains', (p) => `${p.drains}`),
      row('cold starts', (p) => `${p.coldStarts}`),
      row('boot node-s', (p) => formatValue(p.bootNodeSeconds, 's', 3)),
      row('idle node-h', (p) => formatValue(p.idleNodeHours, 'ratio', 3)),
      row('reserved', (p) => formatValue(p.cost.reserved, '$')),
      row('on-demand busy', (p) => formatValue(p.cost.onDemandBusy, '$')),
      row('on-demand idle', (p) => formatValue(p.cost.onDemandIdle, '$')),
      row('bill', (p) => formatValue(p.cost.total, '$')),
    ],
  );
  return `<section id="elastic">
<h2>Elastic pools: capacity against demand</h2>
<p class="note">Nodes on (booting, idle, busy, draining or stopping) and booting, against the nodes busy and the nodes' worth of jobs running or waiting for the pool, each averaged over the sampling interval. Capacity above demand is paid idle; demand above capacity waits.</p>
${charts.join('\n')}
<div class="table-box">${table}</div>
</section>`;
}
