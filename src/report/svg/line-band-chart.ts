import { area, line } from 'd3-shape';
import { scaleLinear } from 'd3-scale';
import type { MetricUnit } from '../../compare/compare-metrics.js';
import { formatNumber } from '../format-number.js';
import { bottomAxis, fitText, leftAxis } from './axis.js';
import { escapeHtml } from './escape.js';
import { closeChart, innerHeight, innerWidth, num, openChart, textWidth, tickFontSize, tooltip, type Frame } from './frame.js';
import { axisLabels, axisTitle, formatValue, tickNumbers } from './format-value.js';
import { policyColour } from './palette.js';
import { finite, linearAxis, logAxis, type ValueAxis } from './value-axis.js';

/** One point of a series: the centre value and, optionally, the ends of its band. */
export interface LineBandPoint {
  x: number;
  /** Missing (undefined, or not finite): the line breaks here. */
  y: number | undefined;
  lo?: number;
  hi?: number;
}

/** One line with its band, points in order of x. */
export interface LineBandSeries {
  name: string;
  points: readonly LineBandPoint[];
  /** Default: the policy colour at the series' place, as in the report's other charts. */
  colour?: string;
}

/**
 * How an axis reads its values. A `MetricUnit` formats them as the report
 * does elsewhere (fractions as percentages, seconds in µs, ms or s);
 * `{ name }` takes values as they are and names the unit in the axis title
 * ("%", "jobs/s"); without one, values are plain numbers.
 */
export type LineBandUnit = MetricUnit | { name: string };

export interface LineBandAxis {
  /** What the axis shows; the unit is added to its title: "arrived GPU workload (%)". */
  quantity: string;
  unit?: LineBandUnit;
  /** Exactly this domain, in the values' own units (ticks inside it); default: the data's extent, rounded. */
  domain?: readonly [number, number];
  /** About how many ticks; default by the axis length. */
  tickCount?: number;
  /**
   * Named categories at 0, 1, …, k − 1 (the values are then their indices):
   * a tick at each, labelled with its name (cut to fit its step, whole in
   * tooltips), half a step of room at either end, and no unit in the title.
   * For a parameter swept over names rather than numbers.
   */
  categories?: readonly string[];
  /**
   * A logarithmic axis (ticks at powers of ten) over the positive values;
   * band ends at or below zero stop at its bottom, centre values there
   * break the line. `domain`, when given, should then be powers of ten.
   */
  log?: boolean;
}

export interface LineBandOptions {
  /** The chart's data-chart name; also names its clip path, so keep it unique in a page. */
  name: string;
  /** Read by screen readers and shown as the SVG's title. */
  title: string;
  x: LineBandAxis;
  y: LineBandAxis;
  /** What the bands are, for the legend and tooltips: "min–max over 10 seeds", "95% CI". */
  bandName?: string;
  /** A dashed context line ("ideal": y = x), drawn under the series; it does not widen the axes. */
  reference?: { name: string; points: readonly { x: number; y: number }[] };
  /** Values of y past which the quantity cannot go (0, 100%), drawn as dashed lines when a band reaches them. */
  bounds?: readonly number[];
  /** Size in SVG units; default 720 × 400. */
  width?: number;
  height?: number;
  /** Whether the chart draws its own legend above the plot (default); false when the page shows one for several charts. */
  legend?: boolean;
}

/** Past this many points a series' tooltip targets are invisible: dots would bury the line. */
const maxDots = 30;
const legendFontSize = tickFontSize + 1;
const legendRow = 18;
const swatchWidth = 20;
const legendGap = 18;
const maxLegendLabel = 220;
const referenceColour = '#57606C';

interface LegendItem {
  kind: 'series' | 'reference' | 'band';
  label: string;
  colour: string;
}

interface PlacedItem extends LegendItem {
  shown: string;
  x: number;
  row: number;
}

const finiteNumber = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Legend items left to right, wrapping into rows no wider than `width`. */
function layOutLegend(items: readonly LegendItem[], width: number): PlacedItem[] {
  const placed: PlacedItem[] = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const shown = fitText(item.label, maxLegendLabel, legendFontSize);
    const w = swatchWidth + 6 + textWidth(shown, legendFontSize);
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    placed.push({ ...item, shown, x, row });
    x += w + legendGap;
  }
  return placed;
}

function legendSwatch(item: LegendItem, x: number, y: number): string {
  const x2 = x + swatchWidth;
  const colour = escapeHtml(item.colour);
  switch (item.kind) {
    case 'series':
      return (
        `<rect x="${num(x)}" y="${num(y - 5)}" width="${swatchWidth}" height="10" fill="${colour}" fill-opacity="0.18"/>` +
        `<line x1="${num(x)}" x2="${num(x2)}" y1="${num(y)}" y2="${num(y)}" stroke="${colour}" stroke-width="2"/>`
      );
    case 'reference':
      return `<line x1="${num(x)}" x2="${num(x2)}" y1="${num(y)}" y2="${num(y)}" stroke="${colour}" stroke-width="1.5" stroke-dasharray="5 3"/>`;
    case 'band':
      return `<rect x="${num(x)}" y="${num(y - 5)}" width="${swatchWidth}" height="10" fill="${colour}" fill-opacity="0.25"/>`;
  }
}

/** Tick labels and the title's unit for this axis; category names are cut to `room`, the screen width of one step. */
function labelsFor(ticks: readonly number[], a: LineBandAxis, room = Infinity): { labels: string[]; unit: string | null } {
  const unit = a.unit;
  if (a.categories !== undefined && a.categories.length > 0) {
    const names = a.categories;
    return { labels: ticks.map((t) => fitText(names[t] ?? '', Math.max(12, room - 8))), unit: null };
  }
  if (unit === undefined) return { labels: tickNumbers(ticks), unit: null };
  if (typeof unit === 'object') return { labels: tickNumbers(ticks), unit: unit.name };
  return axisLabels(ticks, unit, a.log === true);
}

/** A value for a tooltip, in its unit, or the name of its category. */
function valueText(v: number, a: LineBandAxis): string {
  const unit = a.unit;
  const category = a.categories?.[Math.round(v)];
  if (category !== undefined) return category;
  if (unit === undefined) return formatNumber(v);
  if (typeof unit === 'object') return unit.name === '%' ? `${formatNumber(v)}%` : `${formatNumber(v)} ${unit.name}`;
  return formatValue(v, unit);
}

/** The axis over `values`, or exactly over `a.domain` when given (reversed or empty domains are not: they fall back to the data). */
function axisFor(values: readonly number[], range: [number, number], a: LineBandAxis, tickCount: number, pad: boolean): ValueAxis {
  const d = a.domain;
  const k = a.categories?.length ?? 0;
  if (k > 0) {
    const [d0, d1] = d !== undefined && Number.isFinite(d[0]) && Number.isFinite(d[1]) && d[1] > d[0] ? [d[0], d[1]] : [-0.5, k - 0.5];
    const scale = scaleLinear().domain([d0, d1]).range(range);
    const ticks = Array.from({ length: k }, (_, i) => i).filter((i) => i >= d0 && i <= d1);
    return { position: (v) => scale(v), ticks, domain: [d0, d1], log: false };
  }
  if (a.log === true) {
    const positive = values.filter((v) => v > 0);
    return logAxis(d !== undefined && d[0] > 0 && d[1] > d[0] ? [d[0], d[1]] : positive.length > 0 ? positive : [1], range);
  }
  if (d !== undefined && Number.isFinite(d[0]) && Number.isFinite(d[1]) && d[1] > d[0]) {
    const scale = scaleLinear().domain([d[0], d[1]]).range(range);
    return { position: (v) => scale(v), ticks: scale.ticks(tickCount), domain: [d[0], d[1]], log: false };
  }
  return linearAxis(values, range, { tickCount, pad, within: withinFor(a.unit) });
}

/** Limits a fitted axis keeps to when every value lies inside them: percentages 0–100, and nothing below zero for values that are never negative. */
function withinFor(unit: LineBandUnit | undefined): [number, number] {
  if (unit === 'fraction') return [0, 1];
  if (typeof unit === 'object' && unit.name === '%') return [0, 100];
  return [0, Infinity];
}

/** An id for the clip path, from the chart's name: only characters an id and a url() take unquoted. */
function clipId(name: string): string {
  return `line-band-clip-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * One or more series over a numeric x axis, each a line through its
 * centre values over a translucent band from lo to hi (the spread over
 * seeds, a confidence interval), with a legend above the plot, an optional
 * dashed reference line, and a tooltip per point. A missing centre value
 * breaks the line, a missing end breaks the band. Marks are clipped to the
 * plotting area, so a domain narrower than the data zooms in.
 */
export function lineBandChart(series: readonly LineBandSeries[], o: LineBandOptions): string {
  const width = o.width ?? 720;
  const height = o.height ?? 400;
  const colours = series.map((s, i) => s.colour ?? policyColour(i));
  const hasBand = (p: LineBandPoint): boolean => finiteNumber(p.x) && finiteNumber(p.lo) && finiteNumber(p.hi);
  const anyBand = series.some((s) => s.points.some(hasBand));

  // Tick values depend on the domain and the count, not the range: find the y labels first to size the left margin.
  const xValues = finite(series.flatMap((s) => s.points.map((p) => p.x)));
  const yValues = finite(series.flatMap((s) => s.points.flatMap((p) => [p.y, p.lo, p.hi])));
  const xTickCount = o.x.tickCount ?? Math.max(3, Math.round((width - 100) / 70));
  const yTickCount = o.y.tickCount ?? Math.max(3, Math.round((height - 120) / 45));
  const yProbe = axisFor(yValues, [1, 0], o.y, yTickCount, true);
  const yl = labelsFor(yProbe.ticks, o.y);
  const left = Math.ceil(Math.max(40, ...yl.labels.map((l) => textWidth(l))) + 32);
  const right = 24;

  const items: LegendItem[] = series.map((s, i) => ({ kind: 'series', label: s.name, colour: colours[i] as string }));
  if (o.reference !== undefined) items.push({ kind: 'reference', label: o.reference.name, colour: referenceColour });
  if (anyBand && o.bandName !== undefined) items.push({ kind: 'band', label: `band: ${o.bandName}`, colour: referenceColour });
  const legendItems = o.legend === false ? [] : layOutLegend(items, width - left - 8);
  const rows = legendItems.reduce((m, it) => Math.max(m, it.row + 1), 0);
  const f: Frame = { width, height, margin: { top: 10 + rows * legendRow + (rows > 0 ? 8 : 0), right, bottom: 46, left } };
  const w = innerWidth(f);
  const h = innerHeight(f);
  const x = axisFor(xValues, [0, w], o.x, xTickCount, false);
  const y = axisFor(yValues, [h, 0], o.y, yTickCount, true);
  const xl = labelsFor(x.ticks, o.x, Math.abs(x.position(1) - x.position(0)));

  const out: string[] = [openChart(o.name, f, o.title)];
  out.push(leftAxis(f, { ticks: y.ticks, labels: yl.labels, position: y.position, title: axisTitle(o.y.quantity, yl.unit, y.log) }));
  out.push(bottomAxis(f, { ticks: x.ticks, labels: xl.labels, position: x.position, title: axisTitle(o.x.quantity, xl.unit) }));

  out.push('<g class="legend">');
  for (const it of legendItems) {
    const cy = -f.margin.top + 10 + it.row * legendRow + legendRow / 2;
    const full = it.shown === it.label ? '' : tooltip(it.label);
    out.push(`<g class="legend-item ${it.kind}">${legendSwatch(it, it.x, cy)}`);
    out.push(`<text class="legend-label" x="${num(it.x + swatchWidth + 6)}" y="${num(cy)}" dy="0.32em" style="font-size:${legendFontSize}px">${full}${escapeHtml(it.shown)}</text></g>`);
  }
  out.push('</g>');

  const id = clipId(o.name);
  // A little past the plot, so a line along its edge (100% of capacity) keeps its full stroke.
  out.push(`<defs><clipPath id="${id}"><rect x="-2" y="-2" width="${num(w + 4)}" height="${num(h + 4)}"/></clipPath></defs>`);
  out.push(`<g class="plot" clip-path="url(#${id})">`);
  // On a log axis a band end at or below zero stops at the bottom; a centre value there has no place.
  const yAt = (v: number): number => y.position(y.log ? Math.max(v, y.domain[0]) : v);
  const drawable = (p: LineBandPoint): boolean => finiteNumber(p.x) && finiteNumber(p.y) && (!y.log || p.y > 0);
  const band = area<LineBandPoint>()
    .defined((p) => hasBand(p) && (!y.log || (p.hi as number) > 0))
    .x((p) => x.position(p.x))
    .y0((p) => yAt(p.lo as number))
    .y1((p) => yAt(p.hi as number));
  series.forEach((s, i) => {
    if (!s.points.some(hasBand)) return;
    const d = band(s.points);
    if (d === null) return;
    const tip = tooltip(`${s.name}: ${o.bandName ?? 'band'}`);
    out.push(`<path class="mark band" fill="${escapeHtml(colours[i] as string)}" fill-opacity="0.18" stroke="none" d="${d}">${tip}</path>`);
  });
  if (o.reference !== undefined) {
    const ref = line<{ x: number; y: number }>()
      .defined((p) => finiteNumber(p.x) && finiteNumber(p.y))
      .x((p) => x.position(p.x))
      .y((p) => y.position(p.y));
    const d = ref(o.reference.points);
    if (d !== null && o.reference.points.length > 0) {
      out.push(`<path class="reference" fill="none" stroke="${referenceColour}" stroke-width="1.5" stroke-dasharray="6 4" d="${d}">${tooltip(o.reference.name)}</path>`);
    }
  }
  for (const b of o.bounds ?? []) {
    if (b < y.domain[0] || b > y.domain[1]) continue;
    out.push(`<line class="bound" x1="0" x2="${num(w)}" y1="${num(y.position(b))}" y2="${num(y.position(b))}">${tooltip(`${valueText(b, o.y)}: the edge of what ${o.y.quantity} can be`)}</line>`);
  }
  const centre = line<LineBandPoint>()
    .defined(drawable)
    .x((p) => x.position(p.x))
    .y((p) => y.position(p.y as number));
  series.forEach((s, i) => {
    const d = centre(s.points);
    if (d === null || !s.points.some(drawable)) return;
    const colour = escapeHtml(colours[i] as string);
    out.push(`<path class="mark line" fill="none" stroke="${colour}" stroke-width="2" d="${d}">${tooltip(s.name)}</path>`);
  });
  series.forEach((s, i) => {
    const colour = escapeHtml(colours[i] as string);
    const drawn = s.points.filter(drawable);
    const visible = drawn.length <= maxDots;
    const inside = drawn.filter((p) => p.x >= x.domain[0] && p.x <= x.domain[1] && (p.y as number) >= y.domain[0] && (p.y as number) <= y.domain[1]);
    if (inside.length === 0) return;
    out.push(`<g class="points" fill="${colour}" fill-opacity="${visible ? 1 : 0}">`);
    for (const p of inside) {
      const spread = hasBand(p) ? `; ${o.bandName ?? 'band'} ${valueText(p.lo as number, o.y)} to ${valueText(p.hi as number, o.y)}` : '';
      const tip = tooltip(`${s.name}: ${o.x.quantity} ${valueText(p.x, o.x)}, ${o.y.quantity} ${valueText(p.y as number, o.y)}${spread}`);
      out.push(`<circle cx="${num(x.position(p.x))}" cy="${num(y.position(p.y as number))}" r="${visible ? 3 : 4}">${tip}</circle>`);
    }
    out.push('</g>');
  });
  out.push('</g>');
  out.push(closeChart());
  return out.join('');
}
