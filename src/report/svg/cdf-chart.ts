import { line } from 'd3-shape';
import type { MetricUnit } from '../../compare/compare-metrics.js';
import { bottomAxis, leftAxis } from './axis.js';
import { closeChart, innerHeight, innerWidth, openChart, tooltip, type Frame } from './frame.js';
import { axisLabels, axisTitle, formatValue } from './format-value.js';
import { linearAxis, logAxis, wantsLog } from './value-axis.js';

/** One policy's distribution as its quantile function: `quantiles[i]` at p = i / (length − 1). */
export interface CdfSeries {
  label: string;
  colour: string;
  quantiles: readonly number[];
}

export interface CdfOptions {
  name: string;
  title: string;
  /** What the values are, for the x axis title. */
  quantity: string;
  unit: MetricUnit;
}

/**
 * Cumulative distributions, one line per series: x a value, y the share of
 * observations at or below it. The x axis goes logarithmic when the values
 * span more than two decades; values that are not positive are then left
 * out (a log axis has no place for them), which the axis title says.
 */
export function cdfChart(series: readonly CdfSeries[], o: CdfOptions): string {
  const f: Frame = { width: 720, height: 330, margin: { top: 12, right: 24, bottom: 46, left: 56 } };
  const all = series.flatMap((s) => s.quantiles.filter(Number.isFinite));
  const log = wantsLog(all);
  const x = log ? logAxis(all, [0, innerWidth(f)]) : linearAxis(all, [0, innerWidth(f)], { tickCount: 8 });
  const y = linearAxis([0, 1], [innerHeight(f), 0], { tickCount: 5, within: [0, 1] });
  const dropped = log && all.some((v) => v <= 0);
  const xLabels = axisLabels(x.ticks, o.unit, log);
  const xTitle = axisTitle(o.quantity, xLabels.unit, log) + (dropped ? '; values ≤ 0 not drawn' : '');

  const out: string[] = [openChart(o.name, f, o.title)];
  out.push(leftAxis(f, { ticks: y.ticks, labels: axisLabels(y.ticks, 'fraction').labels, position: y.position, title: 'jobs done within (%)' }));
  out.push(bottomAxis(f, { ticks: x.ticks, labels: xLabels.labels, position: x.position, title: xTitle }));
  const path = line<[number, number]>()
    .x((d) => x.position(d[0]))
    .y((d) => y.position(d[1]));
  for (const s of series) {
    const n = s.quantiles.length;
    if (n < 2) continue;
    const points = s.quantiles.map((q, i): [number, number] => [q, i / (n - 1)]).filter(([q]) => Number.isFinite(q) && (!log || q > 0));
    const d = path(points);
    if (d === null || points.length < 2) continue;
    const at = (p: number): string => formatValue(s.quantiles[Math.round(p * (n - 1))], o.unit, 3);
    const tip = tooltip(`${s.label}: median ${at(0.5)}, p95 ${at(0.95)}, p99 ${at(0.99)}, max ${at(1)}`);
    out.push(`<path class="mark line" fill="none" stroke="${s.colour}" d="${d}">${tip}</path>`);
  }
  out.push(closeChart());
  return out.join('');
}
