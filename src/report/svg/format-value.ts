import type { MetricUnit } from '../../compare/compare-metrics.js';
import { formatNumber } from '../format-number.js';

const minus = '\u2212';

/** `-` as a typographic minus sign. */
function withMinus(text: string): string {
  return text.startsWith('-') ? minus + text.slice(1) : text;
}

/** Seconds with the largest of µs, ms, s that keeps the number at least 1 (so 0.25 s reads "250 ms"). */
function seconds(v: number, digits: number): string {
  const abs = Math.abs(v);
  if (abs !== 0 && abs < 1e-3) return `${formatNumber(v * 1e6, digits)} µs`;
  if (abs !== 0 && abs < 1) return `${formatNumber(v * 1e3, digits)} ms`;
  return `${formatNumber(v, digits)} s`;
}

/**
 * A metric value for people, in its unit: "1.25 s", "250 ms", "97.5%",
 * "$1,234", "12.5 kWh"; '–' when missing.
 */
export function formatValue(v: number | null | undefined, unit: MetricUnit, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  switch (unit) {
    case 's':
      return withMinus(seconds(v, digits));
    case 'ms':
      return withMinus(`${formatNumber(v, digits)} ms`);
    case 'fraction':
      return withMinus(`${formatNumber(v * 100, digits - 1)}%`);
    case '$':
      return v < 0 ? `${minus}$${formatNumber(-v, digits)}` : `$${formatNumber(v, digits)}`;
    case 'kWh':
      return withMinus(`${formatNumber(v, digits)} kWh`);
    case 'ratio':
    case 'count':
      return withMinus(formatNumber(v, digits));
  }
}

/**
 * A difference or a half-width: signed when asked, and fractions in
 * percentage points, since "+2%" of a percentage is ambiguous.
 */
export function formatDelta(v: number | null | undefined, unit: MetricUnit, signed: boolean, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const text = unit === 'fraction' ? withMinus(`${formatNumber(v * 100, digits)} pp`) : formatValue(v, unit, digits);
  return signed && v > 0 ? `+${text}` : text;
}

const siPrefixes: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

const fixed = new Map<number, Intl.NumberFormat>();

/**
 * Labels for evenly spaced ticks: as few decimals as tell every tick
 * exactly (so 0.5 steps read 0, 0.5, 1 and never 0, 1, 1), thousands
 * grouped, and an SI prefix (12k, 3.5M) from ten thousand up.
 */
export function tickNumbers(ticks: readonly number[]): string[] {
  const max = Math.max(0, ...ticks.map(Math.abs));
  const [size, prefix] = max >= 1e4 ? (siPrefixes.find(([s]) => max >= s) ?? [1, '']) : [1, ''];
  const scaled = ticks.map((t) => t / size);
  let decimals = 0;
  while (decimals < 12 && !scaled.every((t) => Math.abs(t * 10 ** decimals - Math.round(t * 10 ** decimals)) <= 1e-6 * Math.max(1, Math.abs(t * 10 ** decimals)))) decimals++;
  let f = fixed.get(decimals);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: decimals, useGrouping: true });
    fixed.set(decimals, f);
  }
  const format = f;
  return scaled.map((t) => (t === 0 ? '0' : withMinus(format.format(t) + prefix)));
}

/** Tick labels, and the unit the axis title names (null when the labels carry their own). */
export interface AxisLabels {
  labels: string[];
  unit: string | null;
}

/**
 * Labels for the ticks of one axis. Along a linear axis times share one
 * unit (µs, ms or s, by the largest tick), named in the axis title; along a
 * log axis, where ticks span decades, each tick names its own. Fractions
 * read as percentages and money carries "$"; other units are named in the
 * title.
 */
export function axisLabels(ticks: readonly number[], unit: MetricUnit, log = false): AxisLabels {
  const plain = (scale: number): string[] => tickNumbers(ticks.map((t) => t * scale));
  switch (unit) {
    case 's': {
      if (log) return { labels: ticks.map((t) => withMinus(seconds(t, 3))), unit: null };
      const max = Math.max(0, ...ticks.map(Math.abs));
      if (max > 0 && max < 1e-3) return { labels: plain(1e6), unit: 'µs' };
      if (max > 0 && max < 1) return { labels: plain(1e3), unit: 'ms' };
      return { labels: plain(1), unit: 's' };
    }
    case 'fraction':
      return { labels: plain(100).map((l) => `${l}%`), unit: '%' };
    case '$':
      return { labels: plain(1).map((l) => (l.startsWith(minus) ? `${minus}$${l.slice(1)}` : `$${l}`)), unit: '$' };
    case 'ms':
      return { labels: plain(1), unit: 'ms' };
    case 'kWh':
      return { labels: plain(1), unit: 'kWh' };
    case 'ratio':
    case 'count':
      return { labels: plain(1), unit: null };
  }
}

/** An axis title: "p95 JCT (ms)", "job completion time (log scale)". */
export function axisTitle(quantity: string, unit: string | null, log = false): string {
  const notes = [unit, log ? 'log scale' : null].filter((n): n is string => n !== null);
  return notes.length === 0 ? quantity : `${quantity} (${notes.join(', ')})`;
}
