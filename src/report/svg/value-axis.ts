import { scaleLinear, scaleLog } from 'd3-scale';
import type { MetricUnit } from '../../compare/compare-metrics.js';

/** A continuous axis: the mapping to screen, its ticks, and whether it is logarithmic. */
export interface ValueAxis {
  position: (v: number) => number;
  ticks: number[];
  domain: [number, number];
  log: boolean;
}

export interface LinearOptions {
  /** About how many ticks (d3 picks round numbers near it). */
  tickCount: number;
  /**
   * Keep the domain inside these limits when every value is, give or take
   * rounding (fractions stay within 0–100%, non-negative values above 0).
   */
  within?: [number, number];
  /** Start the domain at zero when every value is positive (bars must). */
  fromZero?: boolean;
  /** Room either side of the values (default true); false for a time axis, which ends where the run did. */
  pad?: boolean;
}

/** A value to draw, or null for a missing one (null, undefined, NaN, ±Infinity). */
export function orNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Finite values only: the report draws what is there and leaves out the missing. */
export function finite(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/**
 * A linear axis over `values` with a little room either side, rounded to
 * nice tick values. A single value gets a band around it instead of a
 * zero-width domain; no values at all give 0–1.
 */
export function linearAxis(values: readonly number[], range: [number, number], o: LinearOptions): ValueAxis {
  let lo = values.length === 0 ? 0 : Math.min(...values);
  let hi = values.length === 0 ? 1 : Math.max(...values);
  if (o.fromZero === true) lo = Math.min(0, lo);
  if (hi === lo) {
    const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= d;
    hi += d;
  } else if (o.pad ?? true) {
    const pad = (hi - lo) * 0.06;
    if (!(o.fromZero === true && lo === 0)) lo -= pad;
    hi += pad;
  }
  const scale = scaleLinear().domain([lo, hi]).nice(o.tickCount);
  let [d0, d1] = scale.domain() as [number, number];
  const w = o.within;
  const slack = (d1 - d0) * 1e-3;
  if (w !== undefined && values.every((v) => v >= w[0] - slack && v <= w[1] + slack)) {
    d0 = Math.max(d0, w[0]);
    d1 = Math.min(d1, w[1]);
    scale.domain([d0, d1]);
  }
  scale.range(range);
  return { position: (v) => scale(v), ticks: scale.ticks(o.tickCount), domain: [d0, d1], log: false };
}

/**
 * A log axis over the positive `values`, from the decade below the least to
 * the decade above the greatest, ticked at powers of ten (every other one
 * past eight decades, so labels stay apart).
 */
export function logAxis(values: readonly number[], range: [number, number]): ValueAxis {
  const positive = values.filter((v) => v > 0);
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...positive))));
  const step = hi - lo > 8 ? 2 : 1;
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e += step) ticks.push(Number(`1e${e}`));
  const scale = scaleLog().domain([Number(`1e${lo}`), Number(`1e${hi}`)]).range(range);
  return { position: (v) => scale(v), ticks, domain: [Number(`1e${lo}`), Number(`1e${hi}`)], log: true };
}

/**
 * Whether `values` are best read on a log axis: all that are drawn are
 * positive and they span more than `decades` powers of ten.
 */
export function wantsLog(values: readonly number[], decades = 2): boolean {
  const positive = values.filter((v) => v > 0);
  if (positive.length < 2) return false;
  return Math.max(...positive) / Math.min(...positive) > 10 ** decades;
}

/** What a quantity in this unit can be: a fraction 0–1, anything else (times, money, energy, slowdown) 0 or more. */
export function possibleRange(unit: MetricUnit): [number, number] {
  return unit === 'fraction' ? [0, 1] : [0, Infinity];
}

/** An interval that reaches past what its quantity can be. */
export interface Crossing {
  label: string;
  low: number;
  high: number;
  /** The edge it crosses: 0, or 1 for a fraction. */
  bound: number;
}

/**
 * The intervals that cross the edge of what their quantity can be (a p95
 * JCT interval of [−3.8 s, 14.3 s]): a Student-t interval over few seeds,
 * or over values far apart, can. Charts draw them whole, the part past the
 * edge dashed, and say so in a note (see `crossingNote`).
 */
export function crossings(rows: readonly { label: string; low: number | null; high: number | null }[], unit: MetricUnit): Crossing[] {
  const [lo, hi] = possibleRange(unit);
  const out: Crossing[] = [];
  for (const r of rows) {
    if (r.low === null || r.high === null || !Number.isFinite(r.low) || !Number.isFinite(r.high)) continue;
    if (r.low < lo) out.push({ label: r.label, low: r.low, high: r.high, bound: lo });
    else if (r.high > hi) out.push({ label: r.label, low: r.low, high: r.high, bound: hi });
  }
  return out;
}

/**
 * An interval whisker along one axis from `a` to `b` (screen positions of
 * the values `low` and `high`), solid where the quantity can be and dashed
 * past the edge of its possible range: an SVG path `d` for each part.
 */
export function whiskerParts(low: number, high: number, unit: MetricUnit, at: (v: number) => number): { solid: [number, number] | null; beyond: [number, number][] } {
  const [lo, hi] = possibleRange(unit);
  const beyond: [number, number][] = [];
  if (low < lo) beyond.push([at(low), at(Math.min(lo, high))]);
  if (high > hi) beyond.push([at(Math.max(hi, low)), at(high)]);
  const a = Math.max(lo, low);
  const b = Math.min(hi, high);
  return { solid: a <= b ? [at(a), at(b)] : null, beyond };
}
