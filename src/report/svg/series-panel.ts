import { max } from 'd3-array';
import { line } from 'd3-shape';
import { bottomAxis, leftAxis } from './axis.js';
import { closeChart, innerHeight, innerWidth, openChart, tooltip, type Frame } from './frame.js';
import { axisLabels, axisTitle, formatValue } from './format-value.js';
import { linearAxis } from './value-axis.js';

/** One line of a time-series panel. */
export interface Series {
  label: string;
  colour: string;
  values: readonly number[];
  /** Drawn thick and over the others; the rest are thin context. */
  emphasis: boolean;
}

export interface SeriesPanelOptions {
  name: string;
  title: string;
  /** What the values are, for the y axis title; they are fractions, drawn 0–100%. */
  quantity: string;
  /** Size in SVG units; default 360 × 200. */
  width?: number;
  height?: number;
}

/** The unit a time axis reads best in, by how long it runs. */
export function timeUnit(maxS: number): { unit: string; seconds: number } {
  if (maxS <= 180) return { unit: 's', seconds: 1 };
  if (maxS <= 3 * 3600) return { unit: 'min', seconds: 60 };
  return { unit: 'h', seconds: 3600 };
}

/**
 * Fractions over time, one line per series, on a 0–100% axis: a small
 * multiple, so every panel of a row shares its scales. Context lines are
 * drawn first, emphasised ones on top.
 */
export function seriesPanel(t: readonly number[], series: readonly Series[], o: SeriesPanelOptions): string {
  const f: Frame = { width: o.width ?? 360, height: o.height ?? 200, margin: { top: 10, right: 14, bottom: 42, left: 48 } };
  const end = max(t, (v) => (Number.isFinite(v) ? v : undefined)) ?? 1;
  const time = timeUnit(end);
  const x = linearAxis([0, end / time.seconds], [0, innerWidth(f)], { tickCount: Math.max(3, Math.round(innerWidth(f) / 60)), pad: false });
  const y = linearAxis([0, 1], [innerHeight(f), 0], { tickCount: 4, within: [0, 1] });

  const out: string[] = [openChart(o.name, f, o.title)];
  const xLabels = axisLabels(x.ticks, 'ratio');
  out.push(bottomAxis(f, { ticks: x.ticks, labels: xLabels.labels, position: x.position, title: axisTitle('simulated time', time.unit) }));
  out.push(leftAxis(f, { ticks: y.ticks, labels: axisLabels(y.ticks, 'fraction').labels, position: y.position, title: axisTitle(o.quantity, '%') }));
  const path = line<number>()
    .defined((v) => Number.isFinite(v))
    .x((_, i) => x.position((t[i] as number) / time.seconds))
    .y((v) => y.position(Math.min(1, Math.max(0, v))));
  const ordered = [...series.filter((s) => !s.emphasis), ...series.filter((s) => s.emphasis)];
  for (const s of ordered) {
    const values = s.values.slice(0, t.length);
    const d = path(values);
    if (d === null || values.length === 0) continue;
    const peak = max(values, (v) => (Number.isFinite(v) ? v : undefined)) ?? 0;
    const tip = tooltip(`${s.label}: peak ${formatValue(peak, 'fraction', 3)}`);
    out.push(`<path class="mark line${s.emphasis ? '' : ' context'}" fill="none" stroke="${s.colour}" d="${d}">${tip}</path>`);
  }
  out.push(closeChart());
  return out.join('');
}
