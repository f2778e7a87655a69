import type { MetricUnit } from '../../compare/compare-metrics.js';
import { bottomAxis, leftCategories } from './axis.js';
import { closeChart, innerWidth, num, openChart, textWidth, tooltip, type Frame } from './frame.js';
import { axisLabels, axisTitle, formatValue } from './format-value.js';
import { finite, intervalClip, linearAxis, orNull } from './value-axis.js';

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
 * so instead of drawing a dot at zero.
 */
export function intervalDots(given: readonly IntervalRow[], o: IntervalDotsOptions): string {
  const rows = given.map((r) => ({ ...r, mean: orNull(r.mean), low: orNull(r.low), high: orNull(r.high) }));
  const labelWidth = Math.min(110, Math.max(...rows.map((r) => textWidth(r.label)), 20));
  const f: Frame = { width: o.width ?? 340, height: 8 + rows.length * rowHeight + 44, margin: { top: 8, right: 22, bottom: 44, left: labelWidth + 14 } };
  const clip = intervalClip(finite(rows.map((r) => r.mean)), o.unit === 'fraction');
  const values = finite(rows.flatMap((r) => [r.mean, r.low, r.high])).map(clip);
  const axis = linearAxis(values, [0, innerWidth(f)], { tickCount: 4, within: o.unit === 'fraction' ? [0, 1] : [0, Infinity] });
  const xOf = (v: number): number => axis.position(Math.max(axis.domain[0], Math.min(axis.domain[1], v)));
  const yOf = (i: number): number => (i + 0.5) * rowHeight;

  const out: string[] = [openChart(o.name, f, o.title)];
  const labels = axisLabels(axis.ticks, o.unit);
  out.push(bottomAxis(f, { ticks: axis.ticks, labels: labels.labels, position: axis.position, title: axisTitle(o.quantity, labels.unit) }));
  // Row guides make a long row easy to follow from its name to its dot.
  rows.forEach((_, i) => out.push(`<line class="guide" x1="0" x2="${num(innerWidth(f))}" y1="${num(yOf(i))}" y2="${num(yOf(i))}"/>`));
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
      const [x0, x1] = [num(a), num(b)];
      // Caps on an interval narrower than the dot would only blot it.
      const caps = Math.abs(b - a) < 10 ? '' : `M${x0},${num(y - 5)}V${num(y + 5)}M${x1},${num(y - 5)}V${num(y + 5)}`;
      out.push(`<path class="mark whisker" stroke="${r.colour}" d="M${x0},${num(y)}H${x1}${caps}"/>`);
    }
    out.push(`<circle class="mark dot" cx="${num(xOf(r.mean))}" cy="${num(y)}" r="${r.best ? 5.5 : 4.5}" fill="${r.colour}"/>`);
    out.push('</g>');
  });
  out.push(closeChart());
  return out.join('');
}
