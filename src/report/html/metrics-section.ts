import type { Comparison, MetricInfo } from '../../compare/comparison.js';
import type { MeanInterval } from '../../stats/mean-interval.js';
import { escapeHtml } from '../svg/escape.js';
import { formatValue } from '../svg/format-value.js';
import { intervalDots } from '../svg/interval-dots.js';
import { crossings, orNull } from '../svg/value-axis.js';
import { crossingNote } from './crossing-note.js';
import { intervalName } from './interval-name.js';
import { policyColours, policySwatch } from './policy-colours.js';
import { stackedTables } from './stacked-tables.js';

/** The key metrics that some policy has a value for: a panel each. */
export function drawnMetrics(c: Comparison): MetricInfo[] {
  return c.metrics.filter((m) => m.inTable && c.summaries.some((s) => orNull(s.metrics[m.key]?.mean) !== null));
}

/** A mean with its interval under it, as the panels draw them. */
function numbersCell(mi: MeanInterval | undefined, m: MetricInfo): string {
  const low = orNull(mi?.low);
  const high = orNull(mi?.high);
  const ci = low !== null && high !== null ? `<span class="ci">[${formatValue(low, m.unit, 3)}, ${formatValue(high, m.unit, 3)}]</span>` : '';
  return `<td>${formatValue(mi?.mean, m.unit)}${ci}</td>`;
}

/** Small multiples: one dot plot per key metric, a row per policy with its interval. */
export function metricsSection(c: Comparison): string {
  const colourOf = policyColours(c);
  const metrics = drawnMetrics(c);
  if (metrics.length === 0) return '';
  const panels = metrics.map((m) => {
    const best = c.best[m.key] ?? [];
    const rows = c.summaries.map((s) => {
      const mi = s.metrics[m.key];
      return {
        label: s.policy,
        colour: colourOf(s.policy),
        mean: mi?.mean ?? null,
        low: mi?.low ?? null,
        high: mi?.high ?? null,
        best: best.includes(s.policy) && best.length < c.policies.length,
      };
    });
    const svg = intervalDots(rows, { name: `metric-${m.key}`, title: `${m.label} per policy`, quantity: m.label, unit: m.unit, intervalName: intervalName(c) });
    const note = crossingNote(crossings(rows, m.unit), m.label, m.unit, intervalName(c));
    return `<figure><figcaption title="${escapeHtml(m.description)}">${escapeHtml(m.label)}<span class="hint">${m.better} is better</span></figcaption>${svg}${note}</figure>`;
  });
  const lead = { head: '<th scope="col">metric</th>', cells: metrics.map((m) => `<th scope="row">${escapeHtml(m.label)}</th>`) };
  const columns = c.summaries.map((s) => ({ head: `<th scope="col">${policySwatch(colourOf(s.policy))}${escapeHtml(s.policy)}</th>`, cells: metrics.map((m) => numbersCell(s.metrics[m.key], m)) }));
  const table = `<details><summary>Numbers</summary>${stackedTables([lead], columns)}</details>`;
  const whiskers = c.seeds.length > 1 ? ` Whiskers: ${formatValue(c.confidence, 'fraction', 3)} confidence interval over seeds.` : '';
  return `<section id="metrics">
<h2>Key metrics per policy</h2>
<p class="note">${c.seeds.length > 1 ? 'Dots are means over seeds' : 'Dots are the values of the one run'}${c.policies.length > 1 ? '; a ringed dot is the best' : ''}.${whiskers}</p>
<div class="panels">${panels.join('')}</div>
${table}
</section>`;
}
