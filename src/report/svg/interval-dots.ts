import type { MetricUnit } from '../../compare/compare-metrics.js';
import { bottomAxis, leftCategories } from './axis.js';
import { closeChart, innerWidth, num, openChart, textWidth, tooltip, type Frame } from './frame.js';
import { axisLabels, axisTitle, formatValue } from './format-value.js';
import { escapeHtml } from './escape.js';
import { crossings, finite, linearAxis, orNull, possibleRange, whiskerParts } from './value-axis.js';

/** One row of a dot plot: a policy's mean and the ends of its interval (null when there is none). */
export interface IntervalRow {
  label: string;
  colour: string;
  mean: number | null;
  low: number | null;
  high: number | null;
  /** Drawn a little stronger: the best value of the metric. */
  best: boolean;
}

export interface IntervalDotsOptions {
  /** The chart's data-chart name. */
  name: string;
  /** Read by screen readers and shown as the SVG's title. */
  title: string;
  /** What the values are, for the axis title (the unit is added). */
  quantity: string;
  unit: MetricUnit;
  /** How the interval is named in tooltips ("95% CI"). */
  intervalName: string;
  width?: number;
}

const rowHeight = 24;

/**
 * A dot plot with interval whiskers: one row per policy, the mean as a dot
 * and its confidence interval as a capped line. Rows without a value say
 * so instead of drawing a dot at zero. An interval that reaches past what
 * the quantity can be (below 0, above 100%) is drawn whole: the axis takes
 * it in, the edge is drawn across the plot, the part past it is dashed;
 * the caller says so in words (`crossings`).
 */
export function intervalDots(given: readonly IntervalRow[], o: IntervalDotsOptions): string {
  const rows = given.map((r) => ({ ...r, mean: orNull(r.mean), low: orNull(r.low), high: orNull(r.high) }));
  const labelWidth = Math.min(110, Math.max(...rows.map((r) => textWidth(r.label)), 20));
  const f: Frame = { width: o.width ?? 340, height: 8 + rows.length * rowHeight + 44, margin: { top: 8, right: 22, bottom: 44, left: labelWidth + 14 } };
  // The axis takes in every interval whole, even one that reaches past what the quantity can be.
  const values = finite(rows.flatMap((r) => [r.mean, r.low, r.high]));
  const axis = linearAxis(values, [0, innerWidth(f)], { tickCount: 4, within: possibleRange(o.unit) });
  const crossed = crossings(rows, o.unit);
  const xOf = (v: number): number => axis.position(Math.max(axis.domain[0], Math.min(axis.domain[1], v)));
  const yOf = (i: number): number => (i + 0.5) * rowHeight;

  const out: string[] = [openChart(o.name, f, o.title)];
  const labels = axisLabels(axis.ticks, o.unit);
  out.push(bottomAxis(f, { ticks: axis.ticks, labels: labels.labels, position: axis.position, title: axisTitle(o.quantity, labels.unit) }));
  // Row guides make a long row easy to follow from its name to its dot.
  rows.forEach((_, i) => out.push(`<line class="guide" x1="0" x2="${num(innerWidth(f))}" y1="${num(yOf(i))}" y2="${num(yOf(i))}"/>`));
  // The edge an interval crosses, drawn across the plot: past it the quantity cannot go.
  for (const bound of new Set(crossed.map((c) => c.bound))) {
    out.push(`<line class="bound" x1="${num(xOf(bound))}" x2="${num(xOf(bound))}" y1="0" y2="${num(rows.length * rowHeight)}"><title>${formatValue(bound, o.unit)}: the ${bound === 0 ? 'least' : 'most'} ${escapeHtml(o.quantity)} can be</title></line>`);
  }
  out.push(leftCategories(rows.map((r, i) => ({ label: r.label, y: yOf(i) })), labelWidth));
  rows.forEach((r, i) => {
    const y = yOf(i);
    if (r.mean === null) {
      out.push(`<text class="missing" x="4" y="${num(y)}" dy="0.32em">no value</text>`);
      return;
    }
    const interval = r.low !== null && r.high !== null ? ` (${o.intervalName} ${formatValue(r.low, o.unit)} to ${formatValue(r.high, o.unit)})` : '';
    const tip = tooltip(`${r.label}: ${formatValue(r.mean, o.unit)}${interval}${r.best ? ', best' : ''}`);
    out.push(`<g class="row${r.best ? ' best' : ''}">${tip}`);
    if (r.low !== null && r.high !== null) {
      const [a, b] = [xOf(r.low), xOf(r.high)];
      const parts = whiskerParts(r.low, r.high, o.unit, xOf);
      // Caps on an interval narrower than the dot would only blot it.
      const caps = Math.abs(b - a) < 10 ? '' : `M${num(a)},${num(y - 5)}V${num(y + 5)}M${num(b)},${num(y - 5)}V${num(y + 5)}`;
      const solid = parts.solid === null ? '' : `M${num(parts.solid[0])},${num(y)}H${num(parts.solid[1])}`;
      out.push(`<path class="mark whisker" stroke="${r.colour}" d="${solid}${caps}"/>`);
      for (const [p, q] of parts.beyond) out.push(`<path class="whisker beyond" stroke="${r.colour}" d="M${num(p)},${num(y)}H${num(q)}"/>`);
    }
    out.push(`<circle class="mark dot" cx="${num(xOf(r.mean))}" cy="${num(y)}" r="${r.best ? 5.5 : 4.5}" fill="${r.colour}"/>`);
    out.push('</g>');
  });
  out.push(closeChart());
  return out.join('');
}
