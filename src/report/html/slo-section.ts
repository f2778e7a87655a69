import type { Comparison } from '../../compare/comparison.js';
import { escapeHtml } from '../svg/escape.js';
import { formatDelta, formatValue } from '../svg/format-value.js';
import { groupedBars } from '../svg/grouped-bars.js';
import { crossings } from '../svg/value-axis.js';
import { crossingNote } from './crossing-note.js';
import { intervalName } from './interval-name.js';
import { legend } from './legend.js';
import { policyColours } from './policy-colours.js';
import { stackedTables } from './stacked-tables.js';

/** SLO attainment per latency circle: grouped bars (circles × policies) with whiskers, and the table. */
export function sloSection(c: Comparison): string {
  const circles: string[] = [];
  for (const s of c.summaries) for (const name of Object.keys(s.sloByCircle)) if (!circles.includes(name)) circles.push(name);
  if (circles.length === 0) return '';
  const colourOf = policyColours(c);
  const groups = circles.map((circle) => ({
    label: circle,
    bars: c.summaries.map((s) => {
      const mi = s.sloByCircle[circle];
      return { label: s.policy, colour: colourOf(s.policy), mean: mi?.mean ?? null, low: mi?.low ?? null, high: mi?.high ?? null };
    }),
  }));
  const crossed = crossings(
    groups.flatMap((g) => g.bars.map((b) => ({ ...b, label: `${b.label} in ${g.label}` }))),
    'fraction',
  );
  const note = crossingNote(crossed, 'circle SLO met', 'fraction', intervalName(c));
  const svg = groupedBars(groups, { name: 'slo-by-circle', title: 'Circle SLO attainment per latency circle and policy', groupTitle: 'latency circle', quantity: 'circle SLO met', unit: 'fraction', intervalName: intervalName(c) });
  const lead = { head: '<th scope="col">circle</th>', cells: circles.map((circle) => `<th scope="row">${escapeHtml(circle)}</th>`) };
  const columns = c.summaries.map((s) => ({
    head: `<th scope="col">${escapeHtml(s.policy)}</th>`,
    cells: circles.map((circle) => {
      const mi = s.sloByCircle[circle];
      const h = mi?.low != null && mi.high != null ? `<span class="pm">± ${formatDelta((mi.high - mi.low) / 2, 'fraction', false, 2)}</span>` : '';
      return `<td>${formatValue(mi?.mean, 'fraction')}${h}</td>`;
    }),
  }));
  const table = stackedTables([lead], columns);
  return `<section id="slo">
<h2>SLO attainment per latency circle</h2>
<p class="note">Share of the jobs that carry a circle SLO placed inside their circle (rejected and never-placed jobs count as misses), per circle with jobs.${c.seeds.length > 1 ? ' Whiskers: confidence intervals over seeds.' : ''}</p>
<div class="with-table"><div class="chart-box">${legend(c.policies.map((p) => ({ label: p, colour: colourOf(p) })))}${svg}${note}</div><div class="table-box">${table}</div></div>
</section>`;
}
