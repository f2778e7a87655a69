import type { Comparison } from '../../compare/comparison.js';
import { escapeHtml } from '../svg/escape.js';
import { formatDelta, formatValue } from '../svg/format-value.js';
import { groupedBars } from '../svg/grouped-bars.js';
import { intervalName } from './interval-name.js';
import { legend } from './legend.js';
import { policyColours } from './policy-colours.js';

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
  const svg = groupedBars(groups, { name: 'slo-by-circle', title: 'Circle SLO attainment per latency circle and policy', groupTitle: 'latency circle', quantity: 'circle SLO met', unit: 'fraction', intervalName: intervalName(c) });
  const rows = circles.map((circle) => {
    const cells = c.summaries.map((s) => {
      const mi = s.sloByCircle[circle];
      const h = mi?.low != null && mi.high != null ? `<span class="pm">± ${formatDelta((mi.high - mi.low) / 2, 'fraction', false, 2)}</span>` : '';
      return `<td>${formatValue(mi?.mean, 'fraction')}${h}</td>`;
    });
    return `<tr><th scope="row">${escapeHtml(circle)}</th>${cells.join('')}</tr>`;
  });
  const table = `<div class="table-wrap"><table><thead><tr><th scope="col">circle</th>${c.policies.map((p) => `<th scope="col">${escapeHtml(p)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  return `<section id="slo">
<h2>SLO attainment per latency circle</h2>
<p class="note">Share of the jobs that carry a circle SLO placed inside their circle (rejected and never-placed jobs count as misses), per circle with jobs.${c.seeds.length > 1 ? ' Whiskers: confidence intervals over seeds.' : ''}</p>
<div class="with-table"><div class="chart-box">${legend(c.policies.map((p) => ({ label: p, colour: colourOf(p) })))}${svg}</div><div class="table-box">${table}</div></div>
</section>`;
}
