import { curveStepAfter, line } from 'd3-shape';
import type { MetricUnit } from '../../compare/compare-metrics.js';
import { bottomAxis, leftAxis } from './axis.js';
import { escapeHtml } from './escape.js';
import { closeChart, innerHeight, innerWidth, num, openChart, tickFontSize, tooltip, type Frame } from './frame.js';
import { axisLabels, axisTitle, formatValue } from './format-value.js';
import { placeLabels, type Box } from './label-placer.js';
import { finite, linearAxis, logAxis, orNull, possibleRange, wantsLog, whiskerParts, type ValueAxis } from './value-axis.js';

/** A mean with the ends of its interval (null when there is none). */
export interface Estimate {
  mean: number;
  low: number | null;
  high: number | null;
}

export interface ScatterPoint {
  label: string;
  colour: string;
  x: Estimate;
  y: Estimate;
  /** On the Pareto front: ringed, and joined to the other front points by a step line. */
  front: boolean;
}

export interface ParetoOptions {
  name: string;
  title: string;
  x: { quantity: string; unit: MetricUnit };
  y: { quantity: string; unit: MetricUnit };
}

const radius = 6;

/**
 * Log when the means span over two decades; interval ends at or below zero
 * are then cut at the axis (`paretoCuts` says which). A linear axis takes
 * in every interval whole.
 */
function axisFor(estimates: readonly Estimate[], range: [number, number], unit: MetricUnit): ValueAxis {
  const means = estimates.map((e) => e.mean);
  const all = finite(estimates.flatMap((e) => [e.mean, e.low, e.high]));
  return logWanted(means) ? logAxis(all.filter((v) => v > 0), range) : linearAxis(all, range, { tickCount: 6, within: possibleRange(unit) });
}

function logWanted(means: readonly number[]): boolean {
  return wantsLog(means) && means.every((v) => v > 0);
}

/** The points whose interval a log axis cuts (it reaches 0 or below), per axis: for the note beside the chart. */
export function paretoCuts(points: readonly ScatterPoint[]): { x: string[]; y: string[] } {
  const cut = (pick: (p: ScatterPoint) => Estimate): string[] =>
    logWanted(points.map((p) => pick(p).mean)) ? points.filter((p) => (pick(p).low ?? 1) <= 0).map((p) => p.label) : [];
  return { x: cut((p) => p.x), y: cut((p) => p.y) };
}

/**
 * Two lower-is-better metrics against each other, one labelled point per
 * policy with interval whiskers both ways, and the Pareto front (the points
 * nothing beats on both) joined by the staircase that bounds what they
 * dominate. An axis goes logarithmic when its values span over two decades.
 * Points without a finite mean on both axes are left out.
 */
export function paretoChart(given: readonly ScatterPoint[], o: ParetoOptions): string {
  const estimate = (e: Estimate): Estimate => ({ mean: e.mean, low: orNull(e.low), high: orNull(e.high) });
  const points = given.filter((p) => Number.isFinite(p.x.mean) && Number.isFinite(p.y.mean)).map((p) => ({ ...p, x: estimate(p.x), y: estimate(p.y) }));
  const f: Frame = { width: 720, height: 380, margin: { top: 14, right: 24, bottom: 46, left: 70 } };
  const w = innerWidth(f);
  const h = innerHeight(f);
  const x = axisFor(points.map((p) => p.x), [0, w], o.x.unit);
  const y = axisFor(points.map((p) => p.y), [h, 0], o.y.unit);
  // Interval ends past what the axis shows (at or below zero on a log axis, clipped ones) stop at its edge.
  const px = (v: number): number => x.position(Math.min(x.domain[1], Math.max(x.domain[0], v)));
  const py = (v: number): number => y.position(Math.min(y.domain[1], Math.max(y.domain[0], v)));

  const out: string[] = [openChart(o.name, f, o.title)];
  const xl = axisLabels(x.ticks, o.x.unit, x.log);
  const yl = axisLabels(y.ticks, o.y.unit, y.log);
  out.push(leftAxis(f, { ticks: y.ticks, labels: yl.labels, position: y.position, title: axisTitle(o.y.quantity, yl.unit, y.log) }));
  out.push(bottomAxis(f, { ticks: x.ticks, labels: xl.labels, position: x.position, title: axisTitle(o.x.quantity, xl.unit, x.log) }));

  const front = points.filter((p) => p.front).sort((a, b) => a.x.mean - b.x.mean || b.y.mean - a.y.mean);
  if (front.length > 1) {
    const step = line<ScatterPoint>()
      .curve(curveStepAfter)
      .x((p) => px(p.x.mean))
      .y((p) => py(p.y.mean));
    out.push(`<path class="front" d="${step(front) ?? ''}"><title>Pareto front</title></path>`);
  }
  const whiskers: Box[] = [];
  for (const p of points) {
    const cx = px(p.x.mean);
    const cy = py(p.y.mean);
    const parts: string[] = [];
    const beyond: string[] = [];
    if (p.x.low !== null && p.x.high !== null) {
      const [a, b] = [px(p.x.low), px(p.x.high)];
      const w = whiskerParts(p.x.low, p.x.high, o.x.unit, px);
      if (w.solid !== null) parts.push(`M${num(w.solid[0])},${num(cy)}H${num(w.solid[1])}`);
      for (const [s0, s1] of w.beyond) beyond.push(`M${num(s0)},${num(cy)}H${num(s1)}`);
      whiskers.push({ x0: Math.min(a, b), x1: Math.max(a, b), y0: cy - 1.5, y1: cy + 1.5 });
    }
    if (p.y.low !== null && p.y.high !== null) {
      const [a, b] = [py(p.y.low), py(p.y.high)];
      const w = whiskerParts(p.y.low, p.y.high, o.y.unit, py);
      if (w.solid !== null) parts.push(`M${num(cx)},${num(w.solid[0])}V${num(w.solid[1])}`);
      for (const [s0, s1] of w.beyond) beyond.push(`M${num(cx)},${num(s0)}V${num(s1)}`);
      whiskers.push({ x0: cx - 1.5, x1: cx + 1.5, y0: Math.min(a, b), y1: Math.max(a, b) });
    }
    const tip = tooltip(
      `${p.label}: ${o.x.quantity} ${formatValue(p.x.mean, o.x.unit)}${range(p.x, o.x.unit)}, ${o.y.quantity} ${formatValue(p.y.mean, o.y.unit)}${range(p.y, o.y.unit)}${p.front ? ' (on the Pareto front)' : ''}`,
    );
    out.push(`<g class="point${p.front ? ' on-front' : ''}">${tip}`);
    if (parts.length > 0) out.push(`<path class="mark whisker" stroke="${p.colour}" d="${parts.join('')}"/>`);
    if (beyond.length > 0) out.push(`<path class="whisker beyond" stroke="${p.colour}" d="${beyond.join('')}"/>`);
    out.push(`<circle class="mark dot" cx="${num(cx)}" cy="${num(cy)}" r="${radius}" fill="${p.colour}"/>`);
    out.push('</g>');
  }
  const labels = placeLabels(
    points.map((p) => ({ x: px(p.x.mean), y: py(p.y.mean), label: p.label, r: radius + 2 })),
    whiskers,
    w,
    h,
    tickFontSize + 1,
  );
  points.forEach((p, i) => {
    const l = labels[i];
    if (l === undefined) return;
    out.push(`<text class="point-label${p.front ? ' on-front' : ''}" x="${num(l.x)}" y="${num(l.y)}" dy="0.32em" text-anchor="${l.anchor}">${escapeHtml(p.label)}</text>`);
  });
  out.push(closeChart());
  return out.join('');
}

function range(e: Estimate, unit: MetricUnit): string {
  return e.low !== null && e.high !== null ? ` [${formatValue(e.low, unit, 3)}, ${formatValue(e.high, unit, 3)}]` : '';
}
