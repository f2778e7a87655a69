import type { Comparison, Difference, MetricInfo } from '../../compare/comparison.js';
import type { MeanInterval } from '../../stats/mean-interval.js';
import { escapeHtml } from '../svg/escape.js';
import { formatDelta, formatValue } from '../svg/format-value.js';
import { orNull } from '../svg/value-axis.js';
import { formatNumber } from '../format-number.js';
import { intervalName } from './interval-name.js';
import { policyColours, policySwatch } from './policy-colours.js';
import { stackedTables } from './stacked-tables.js';

/** A column heading: the metric's label, which way is better, and its description as a tooltip. */
function heading(m: MetricInfo): string {
  return `<th scope="col" title="${escapeHtml(m.description)}">${escapeHtml(m.label)}<span class="dir">${m.better === 'lower' ? '↓ lower' : '↑ higher'} is better</span></th>`;
}

/** Half the width of an interval, for "mean ± h"; null without one. */
function halfWidth(mi: MeanInterval): number | null {
  const low = orNull(mi.low);
  const high = orNull(mi.high);
  return low !== null && high !== null ? (high - low) / 2 : null;
}

/** A mean with "± half-width" under it, and how many seeds it rests on when some had no value. */
export function meanCell(mi: MeanInterval | undefined, m: MetricInfo, seeds: number, ci: string, extraClass = ''): string {
  if (mi === undefined || orNull(mi.mean) === null) return `<td class="${extraClass}">–</td>`;
  const h = halfWidth(mi);
  const pm = h === null ? '' : `<span class="pm">± ${formatDelta(h, m.unit, false, 2)}</span>`;
  const n = mi.n < seeds ? `<span class="pm">${mi.n} of ${seeds} seeds</span>` : '';
  const interval = mi.low !== null && mi.high !== null ? ` title="${escapeHtml(ci)} ${escapeHtml(formatValue(mi.low, m.unit))} to ${escapeHtml(formatValue(mi.high, m.unit))}"` : '';
  return `<td class="${extraClass}"${interval}>${formatValue(mi.mean, m.unit)}${pm}${n}</td>`;
}

function policyHeader(c: Comparison, policy: string, colourOf: (p: string) => string): string {
  const tag = policy === c.baseline && c.policies.length > 1 ? '<span class="tag">baseline</span>' : '';
  return `<th scope="row">${policySwatch(colourOf(policy))}${escapeHtml(policy)}${tag}</th>`;
}

/**
 * Policies as rows and metrics as columns: each mean with the half-width
 * of its interval, the best in each column highlighted (unless every
 * policy ties, when a highlight would say nothing).
 */
export function summaryTable(c: Comparison, metrics: readonly MetricInfo[]): string {
  const colourOf = policyColours(c);
  const lead = { head: '<th scope="col">policy</th>', cells: c.summaries.map((s) => policyHeader(c, s.policy, colourOf)) };
  const columns = metrics.map((m) => {
    const best = c.best[m.key] ?? [];
    return {
      head: heading(m),
      cells: c.summaries.map((s) => {
        const highlight = best.includes(s.policy) && best.length < c.policies.length;
        return meanCell(s.metrics[m.key], m, c.seeds.length, intervalName(c), highlight ? 'best' : '');
      }),
    };
  });
  return stackedTables([lead], columns, 'summary');
}

/**
 * A difference with the half-width of its interval under it (the interval
 * itself and the p-value in the tooltip); tinted and starred when Holm's
 * correction leaves it significant.
 */
function differenceCell(d: Difference | undefined, m: MetricInfo, ci: string): string {
  if (d === undefined || d.mean === null || !Number.isFinite(d.mean)) return '<td>–</td>';
  const h = halfWidth(d);
  const pm = h === null ? '' : `<span class="pm">± ${formatDelta(h, m.unit, false, 2)}</span>`;
  const p = d.pHolm === null ? (d.p === null ? 'not tested (fewer than two paired seeds)' : `p = ${formatNumber(d.p, 2)}`) : `Holm-adjusted p = ${formatNumber(d.pHolm, 2)}`;
  const interval = d.low !== null && d.high !== null ? `${ci} [${formatDelta(d.low, m.unit, true)}, ${formatDelta(d.high, m.unit, true)}]; ` : '';
  if (!d.significant) return `<td title="${escapeHtml(interval + p)}">${formatDelta(d.mean, m.unit, true)}${pm}</td>`;
  const better = m.better === 'lower' ? d.mean < 0 : d.mean > 0;
  const verdict = better ? 'better' : 'worse';
  return `<td class="sig ${verdict}" title="${escapeHtml(`significantly ${verdict} than the baseline; ${interval}${p}`)}">${formatDelta(d.mean, m.unit, true)}<span class="mark-sig">*</span>${pm}</td>`;
}

/** Paired differences (policy − baseline) with their intervals, one row per policy but the baseline. */
export function differenceTable(c: Comparison, metrics: readonly MetricInfo[]): string {
  const colourOf = policyColours(c);
  const others = c.summaries.filter((s) => s.differences !== null);
  const lead = { head: `<th scope="col">policy − ${escapeHtml(c.baseline)}</th>`, cells: others.map((s) => policyHeader(c, s.policy, colourOf)) };
  const columns = metrics.map((m) => ({ head: heading(m), cells: others.map((s) => differenceCell(s.differences?.[m.key], m, intervalName(c))) }));
  return stackedTables([lead], columns, 'differences');
}
