import type { SweepPoint, SweepSummary } from '../../sweep/aggregate.js';

/** Past this ratio of the largest to the smallest mean in one panel, a metric's charts open on a log axis. */
export const LOG_SPAN = 20;

/** A swept value as people read it: a string as it is, anything else as JSON ("8", "true", "[1,2]"). */
export function parameterText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '–';
  return JSON.stringify(v) ?? String(v);
}

/** Two swept values are the same when their JSON is. */
const identity = (v: unknown): string => JSON.stringify(v) ?? 'undefined';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A parameter's distinct values, in the order the sweep first ran them. */
export function parameterValues(s: SweepSummary, parameter: string): unknown[] {
  const seen = new Map<string, unknown>();
  for (const p of s.points) {
    const v = p.set[parameter];
    const k = identity(v);
    if (!seen.has(k)) seen.set(k, v);
  }
  return [...seen.values()];
}

/**
 * The horizontal axis of a sweep's charts: a numeric parameter at its own
 * values, or one swept over names at evenly spaced places 0, 1, …, k − 1.
 */
export interface SweepX {
  parameter: string;
  /** Values in drawing order: ascending numbers, or categories in the order the sweep ran them. */
  values: unknown[];
  /** Set for a categorical axis: the values' names, at 0, 1, …. */
  categories: string[] | null;
  /** Where a point's value sits on the axis; undefined for a value the axis does not have. */
  position: (v: unknown) => number | undefined;
}

/** One small multiple: the points that share the values of every parameter but the x one. */
export interface SweepPanel {
  /** The other parameters' values, in parameter order. */
  fixed: [string, unknown][];
  /** "sites[2].pools[0].nodes = 8, …"; '' when no other parameter was swept. */
  title: string;
  points: SweepPoint[];
}

export interface SweepLayout {
  /** Null when nothing was swept (only policies and seeds). */
  x: SweepX | null;
  /** The swept parameters other than x, one panel per combination of their values. */
  others: string[];
  panels: SweepPanel[];
}

function xAxis(s: SweepSummary, parameter: string): SweepX {
  const values = parameterValues(s, parameter);
  if (values.every(isNumber)) {
    const sorted = [...values].sort((a, b) => a - b);
    return { parameter, values: sorted, categories: null, position: (v) => (isNumber(v) ? v : undefined) };
  }
  const place = new Map(values.map((v, i) => [identity(v), i]));
  return { parameter, values, categories: values.map(parameterText), position: (v) => place.get(identity(v)) };
}

/**
 * How a sweep is drawn. The x axis is the first parameter swept over
 * two or more numbers; failing that, the first swept over two or more
 * values of any kind, as categories; failing that, the first parameter.
 * Every combination of the other parameters' values is a panel, in the
 * order the sweep ran them.
 */
export function sweepLayout(s: SweepSummary): SweepLayout {
  if (s.parameters.length === 0) return { x: null, others: [], panels: [{ fixed: [], title: '', points: s.points }] };
  const counts = s.parameters.map((p) => ({ p, values: parameterValues(s, p) }));
  const numeric = counts.find((c) => c.values.length >= 2 && c.values.every(isNumber));
  const varied = counts.find((c) => c.values.length >= 2);
  const parameter = (numeric ?? varied ?? (counts[0] as { p: string })).p;
  const others = s.parameters.filter((p) => p !== parameter);
  const panels = new Map<string, SweepPanel>();
  for (const point of s.points) {
    const fixed: [string, unknown][] = others.map((o) => [o, point.set[o]]);
    const key = identity(fixed.map(([, v]) => v));
    let panel = panels.get(key);
    if (panel === undefined) {
      panel = { fixed, title: fixed.map(([o, v]) => `${o} = ${parameterText(v)}`).join(', '), points: [] };
      panels.set(key, panel);
    }
    panel.points.push(point);
  }
  return { x: xAxis(s, parameter), others, panels: [...panels.values()] };
}
