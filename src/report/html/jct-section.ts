import type { Comparison } from '../../compare/comparison.js';
import { cdfChart } from '../svg/cdf-chart.js';
import { escapeHtml } from '../svg/escape.js';
import { formatValue } from '../svg/format-value.js';
import { legend } from './legend.js';
import { policyColours, policySwatch } from './policy-colours.js';
import { stackedTables } from './stacked-tables.js';

/** Points of the quantile function shown in the table: p and its label. */
const shown: [number, string][] = [
  [0.5, 'p50'],
  [0.95, 'p95'],
  [0.99, 'p99'],
  [1, 'max'],
];

/** The JCT distribution per policy as a CDF, read from the seed-averaged quantile functions, with a table of its quantiles. */
export function jctSection(c: Comparison): string {
  const colourOf = policyColours(c);
  const drawn = c.summaries.filter((s) => s.jctQuantiles.length >= 2);
  const out: string[] = ['<section id="jct">', '<h2>Job completion time distribution</h2>'];
  if (drawn.length === 0) {
    out.push('<p class="note">No run completed a job: there is no distribution to draw.</p></section>');
    return out.join('\n');
  }
  out.push(
    `<p class="note">Share of completed jobs finished within a given time, arrival to finish${c.seeds.length > 1 ? `; each curve is the quantile function averaged over the ${c.seeds.length} seeds` : ''}. Further left and higher is better.</p>`,
  );
  const svg = cdfChart(
    drawn.map((s) => ({ label: s.policy, colour: colourOf(s.policy), quantiles: s.jctQuantiles })),
    { name: 'jct-cdf', title: 'JCT distribution per policy', quantity: 'job completion time', unit: 's' },
  );
  const lead = { head: '<th scope="col">policy</th>', cells: c.summaries.map((s) => `<th scope="row">${policySwatch(colourOf(s.policy))}${escapeHtml(s.policy)}</th>`) };
  const columns = shown.map(([p, label]) => ({
    head: `<th scope="col">${label}</th>`,
    cells: c.summaries.map((s) => {
      const q = s.jctQuantiles;
      return `<td>${q.length < 2 ? '–' : formatValue(q[Math.round(p * (q.length - 1))], 's', 3)}</td>`;
    }),
  }));
  const table = stackedTables([lead], columns);
  out.push(`<div class="with-table"><div class="chart-box">${legend(drawn.map((s) => ({ label: s.policy, colour: colourOf(s.policy) })), 'line')}${svg}</div><div class="table-box">${table}</div></div>`);
  out.push('</section>');
  return out.join('\n');
}
