import type { SweepSummary } from '../sweep/aggregate.js';
import { htmlPage } from './html/html-page.js';
import { sweepHeaderSection } from './html/sweep-header-section.js';
import { sweepLayout } from './html/sweep-layout.js';
import { hasValues, sweepMetricSection, zeroEverywhere } from './html/sweep-metric-section.js';
import { escapeHtml } from './svg/escape.js';

/** What the sweep page adds to the comparison report's stylesheet. */
const sweepStyle = `
code { font-size: 12.5px; overflow-wrap: anywhere; }
h2 .hint { font-size: 13px; font-weight: 400; color: var(--faint); margin-left: 8px; }
.panels figcaption { font-weight: 550; }
.scale-label { font-size: 13px; color: var(--muted); margin-right: 8px; }
input[class^="scale-"] { margin: 0 3px 0 10px; vertical-align: -1px; }
input[class^="scale-"] + label { font-size: 13px; cursor: pointer; }
.scale-log:checked ~ .scaled.linear, .scale-log:checked ~ * .scaled.linear, .scale-linear:checked ~ .scaled.log, .scale-linear:checked ~ * .scaled.log { display: none; }
`;

/**
 * A sweep's summary as one self-contained HTML page, in the comparison
 * report's style: per metric, charts of its mean over seeds against the
 * swept parameter, a line per policy with its confidence interval as a
 * band, a panel per combination of the other parameters, and the numbers
 * beside them. Metrics with no value anywhere are left out, those that are
 * 0 everywhere named in one line. No script, nothing fetched, every name
 * and value from the sweep escaped; the same summary gives the same bytes.
 *
 * ```ts
 * writeFileSync('sweep.html', sweepReport(aggregator.summary()));
 * ```
 */
export function sweepReport(summary: SweepSummary): string {
  const layout = sweepLayout(summary);
  const withValues = summary.metrics.filter((m) => hasValues(summary, m.key));
  const zeros = withValues.filter((m) => zeroEverywhere(summary, m.key));
  const drawn = withValues.filter((m) => !zeros.includes(m));
  const empty = summary.metrics.filter((m) => !withValues.includes(m));
  const left: string[] = [];
  if (zeros.length > 0) left.push(`0 in every run, not drawn: ${zeros.map((m) => escapeHtml(m.label)).join(', ')}.`);
  if (empty.length > 0) left.push(`No value in any run: ${empty.map((m) => escapeHtml(m.label)).join(', ')}.`);
  const sections = [sweepHeaderSection(summary, layout), ...drawn.map((m, i) => sweepMetricSection(summary, layout, m, i))];
  if (left.length > 0) sections.push(`<section id="not-drawn"><p class="note">${left.join(' ')}</p></section>`);
  return htmlPage(`${summary.name} · manychip sweep report`, sections, `manychip · ${summary.runs} of ${summary.total} run${summary.total === 1 ? '' : 's'} · sweep summary schema v${summary.schemaVersion}`, sweepStyle);
}
