import type { MetricUnit } from '../../compare/compare-metrics.js';
import { escapeHtml } from '../svg/escape.js';
import { formatValue } from '../svg/format-value.js';
import type { Crossing } from '../svg/value-axis.js';

/** Up to this many intervals are named; the rest are counted. */
const named = 4;

/**
 * A sentence for the intervals a chart draws past the edge of what their
 * quantity can be: which, with their ends, and how the chart shows them
 * (`drawn`: whole, the part past the edge dashed; `band`: whole, the edge
 * a dashed line; `cut`: stopped at the edge of a log axis). Empty when
 * there are none.
 */
export function crossingNote(crossed: readonly Crossing[], quantity: string, unit: MetricUnit, intervalName: string, how: 'drawn' | 'band' | 'cut' = 'drawn'): string {
  if (crossed.length === 0) return '';
  const list = crossed.slice(0, named).map((c) => `${escapeHtml(c.label)} [${formatValue(c.low, unit, 3)}, ${formatValue(c.high, unit, 3)}]`);
  if (crossed.length > named) list.push(`${crossed.length - named} more`);
  const bounds = [...new Set(crossed.map((c) => c.bound))];
  const edge = bounds.map((b) => (b === 0 ? `below ${formatValue(0, unit)}` : `above ${formatValue(b, unit)}`)).join(' or ');
  const one = crossed.length === 1;
  const shown = how === 'drawn' ? 'drawn whole, the part past the edge dashed' : how === 'band' ? 'drawn whole, the edge a dashed line' : 'cut at the bottom of the log axis';
  return `<p class="note crossing">The ${escapeHtml(intervalName)}${one ? '' : 's'} of ${escapeHtml(quantity)} for ${list.join(', ')} reach${one ? 'es' : ''} ${edge}, which ${escapeHtml(quantity)} cannot be: ${shown}. A t interval over few seeds, or over values far apart, can do that; the mean is still the estimate.</p>`;
}
