import { scaleBand } from 'd3-scale';
import type { MetricUnit } from '../../compare/compare-metrics.js';
import { bottomCategories, leftAxis } from './axis.js';
import { closeChart, innerHeight, innerWidth, num, openChart, tooltip, type Frame } from './frame.js';
import { axisLabels, axisTitle, formatValue } from './format-value.js';
import { escapeHtml } from './escape.js';
import { crossings, finite, linearAxis, orNull, whiskerParts } from './value-axis.js';

/** One bar: a mean from zero, and its interval as a whisker when there is one. */
export interface Bar {
  label: string;
  colour: string;
  mean: number | null;
  low: number | null;
  high: number | null;
}

export interface BarGroup {
  label: string;
  bars: readonly Bar[];
}

export interface GroupedBarsOptions {
  name: string;
  title: string;
  groupTitle: string;
  quantity: string;
  unit: MetricUnit;
  /** How the interval is named in tooltips ("95% CI"). */
  intervalName: string;
}

/**
 * Bars in groups (one group per category, one bar per series in the same
 * order in every group) with interval whiskers. Fractions are drawn on
 * 0–100%, further only when an interval reaches past it: then the axis
 * takes the interval in, the 100% line is drawn across and the part past
 * it is dashed (the caller says so in words: `crossings`).
 */
export function groupedBars(given: readonly BarGroup[], o: GroupedBarsOptions): string {
  const groups = given.map((g) => ({ label: g.label, bars: g.bars.map((b) => ({ ...b, mean: orNull(b.mean), low: orNull(b.low), high: orNull(b.high) })) }));
  const barsPerGroup = Math.max(1, ...groups.map((g) => g.bars.length));
  const width = Math.min(720, Math.max(480, 120 + groups.length * (barsPerGroup * 30 + 40)));
  const f: Frame = { width, height: 290, margin: { top: 12, right: 20, bottom: 46, left: 56 } };
  const h = innerHeight(f);
  // Interval ends past what the quantity can be widen the axis: drawn whole, the part past the edge dashed.
  const values = finite(groups.flatMap((g) => g.bars.flatMap((b) => [b.mean, b.low, b.high])));
  const crossed = crossings(groups.flatMap((g) => g.bars), o.unit);
  const y = linearAxis(o.unit === 'fraction' ? [0, 1, ...values] : values, [h, 0], { tickCount: 5, fromZero: true, ...(o.unit === 'fraction' ? { within: [0, 1] as [number, number] } : {}) });
  const outer = scaleBand<number>().domain(groups.map((_, i) => i)).range([0, innerWidth(f)]).paddingInner(0.25).paddingOuter(0.12);
  const inner = scaleBand<number>().domain(Array.from({ length: barsPerGroup }, (_, i) => i)).range([0, outer.bandwidth()]).padding(0.08);
  const bw = Math.min(inner.bandwidth(), 56);
  const yOf = (v: number): number => y.position(Math.max(y.domain[0], Math.min(y.domain[1], v)));

  const out: string[] = [openChart(o.name, f, o.title)];
  const yl = axisLabels(y.ticks, o.unit);
  out.push(leftAxis(f, { ticks: y.ticks, labels: yl.labels, position: y.position, title: axisTitle(o.quantity, yl.unit) }));
  out.push(bottomCategories(f, groups.map((g, i) => ({ label: g.label, x: outer(i) ?? 0, width: outer.bandwidth() })), o.groupTitle));
  groups.forEach((g, gi) => {
    g.bars.forEach((b, bi) => {
      if (b.mean === null) return;
      const x = (outer(gi) ?? 0) + (inner(bi) ?? 0) + (inner.bandwidth() - bw) / 2;
      const top = yOf(b.mean);
      const base = yOf(0);
      const interval = b.low !== null && b.high !== null ? ` (${o.intervalName} ${formatValue(b.low, o.unit, 3)} to ${formatValue(b.high, o.unit, 3)})` : '';
      out.push(`<g class="bar">${tooltip(`${g.label}, ${b.label}: ${formatValue(b.mean, o.unit)}${interval}`)}`);
      out.push(`<rect class="mark" x="${num(x)}" y="${num(Math.min(top, base))}" width="${num(bw)}" height="${num(Math.abs(base - top))}" fill="${b.colour}"/>`);
      if (b.low !== null && b.high !== null) {
        const cx = x + bw / 2;
        const cap = Math.min(6, bw / 3);
        const parts = whiskerParts(b.low, b.high, o.unit, yOf);
        const solid = parts.solid === null ? '' : `M${num(cx)},${num(parts.solid[0])}V${num(parts.solid[1])}`;
        out.push(`<path class="mark whisker dark" d="${solid}M${num(cx - cap)},${num(yOf(b.low))}H${num(cx + cap)}M${num(cx - cap)},${num(yOf(b.high))}H${num(cx + cap)}"/>`);
        for (const [p, q] of parts.beyond) out.push(`<path class="whisker dark beyond" d="M${num(cx)},${num(p)}V${num(q)}"/>`);
      }
      out.push('</g>');
    });
  });
  for (const bound of new Set(crossed.map((c) => c.bound))) {
    out.push(`<line class="bound" x1="0" x2="${num(innerWidth(f))}" y1="${num(yOf(bound))}" y2="${num(yOf(bound))}"><title>${formatValue(bound, o.unit)}: the ${bound === 0 ? 'least' : 'most'} ${escapeHtml(o.quantity)} can be</title></line>`);
  }
  out.push(closeChart());
  return out.join('');
}
