import type { Comparison } from '../../compare/comparison.js';
import { escapeHtml } from '../svg/escape.js';
import { formatValue } from '../svg/format-value.js';
import { paretoChart, paretoCuts, type ScatterPoint } from '../svg/pareto-chart.js';
import { crossings } from '../svg/value-axis.js';
import { crossingNote } from './crossing-note.js';
import { intervalName } from './interval-name.js';
import { policyColours, policySwatch } from './policy-colours.js';

const xKey = 'cost';
const yKey = 'jctP95';

/** Cost against p95 JCT, a labelled point per policy, the Pareto front joined; the numbers beside. */
export function paretoSection(c: Comparison): string {
  const xm = c.metrics.find((m) => m.key === xKey);
  const ym = c.metrics.find((m) => m.key === yKey);
  if (xm === undefined || ym === undefined) return '';
  const colourOf = policyColours(c);
  const points: ScatterPoint[] = [];
  const missing: string[] = [];
  for (const s of c.summaries) {
    const x = s.metrics[xKey];
    const y = s.metrics[yKey];
    if (x?.mean == null || y?.mean == null || !Number.isFinite(x.mean) || !Number.isFinite(y.mean)) {
      missing.push(s.policy);
      continue;
    }
    points.push({ label: s.policy, colour: colourOf(s.policy), x: { mean: x.mean, low: x.low, high: x.high }, y: { mean: y.mean, low: y.low, high: y.high }, front: c.paretoFront.includes(s.policy) });
  }
  if (points.length === 0) return '';
  const cuts = paretoCuts(points);
  const notes: string[] = [];
  for (const [axis, m, cut] of [
    ['x', xm, cuts.x],
    ['y', ym, cuts.y],
  ] as const) {
    const estimates = points.map((p) => ({ label: p.label, low: p[axis].low, high: p[axis].high }));
    const crossed = crossings(estimates, m.unit);
    const isCut = (label: string): boolean => cut.includes(label);
    notes.push(crossingNote(crossed.filter((x) => !isCut(x.label)), m.label, m.unit, intervalName(c)), crossingNote(crossed.filter((x) => isCut(x.label)), m.label, m.unit, intervalName(c), 'cut'));
  }
  const svg = paretoChart(points, {
    name: 'pareto',
    title: `${xm.label} against ${ym.label} per policy`,
    x: { quantity: xm.label, unit: xm.unit },
    y: { quantity: ym.label, unit: ym.unit },
  });
  const rows = c.summaries.map((s) => {
    const x = s.metrics[xKey];
    const y = s.metrics[yKey];
    const cell = (v: number | null | undefined, lo: number | null | undefined, hi: number | null | undefined, unit: typeof xm.unit): string =>
      `<td>${formatValue(v, unit)}${lo != null && hi != null ? `<span class="ci">[${formatValue(lo, unit, 3)}, ${formatValue(hi, unit, 3)}]</span>` : ''}</td>`;
    const front = c.paretoFront.includes(s.policy) ? '<td>yes</td>' : '<td></td>';
    return `<tr><th scope="row">${policySwatch(colourOf(s.policy))}${escapeHtml(s.policy)}</th>${cell(x?.mean, x?.low, x?.high, xm.unit)}${cell(y?.mean, y?.low, y?.high, ym.unit)}${front}</tr>`;
  });
  const table = `<div class="table-wrap"><table><thead><tr><th scope="col">policy</th><th scope="col">${escapeHtml(xm.label)}</th><th scope="col">${escapeHtml(ym.label)}</th><th scope="col">front</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  const gone = missing.length > 0 ? ` Not drawn, for want of a value: ${missing.map(escapeHtml).join(', ')}.` : '';
  const whiskers = c.seeds.length > 1 ? ' Whiskers are the confidence intervals of both means.' : '';
  return `<section id="pareto">
<h2>Cost against p95 job completion time</h2>
<p class="note">Lower is better on both axes. Ringed points joined by the dashed staircase form the Pareto front: no other policy is at least as good on both and better on one.${whiskers}${gone}</p>
<div class="with-table"><div class="chart-box">${svg}${notes.join('')}</div><div class="table-box">${table}</div></div>
</section>`;
}
