import type { RatioSummary } from '../../src/bench/ratio-rounds.js';

/**
 * One benchmark figure: a contender's rate as a ratio to a reference (the
 * calibration loop, or the bare heap for the hold model) measured in the
 * same rounds. The ratio is what the gate compares; the absolute rates are
 * for people and vary ±20% from run to run on a shared machine.
 */
export interface Figure {
  /** The key in results.json and baseline.json: keep it stable, or update the baseline on purpose. */
  name: string;
  suite: string;
  contender: string;
  reference: string;
  /** What the contender's rate counts per second: "events", "decisions", "pop+push pairs". */
  unit: string;
  /** What the reference's rate counts per second. */
  referenceUnit: string;
  summary: RatioSummary;
  /** Whether the regression gate checks it (extras of the full run are recorded, not gated). */
  gated: boolean;
  /** How far the gate lets it fall below its baseline, as a fraction, where not the default (bench/gate/bench-check.ts). */
  tolerance?: number;
}

/** An entry of the customBiggerIsBetter JSON that github-action-benchmark reads: range and extra are optional free text. */
export interface BenchmarkEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

export const RATIO_UNIT = '% of reference';

/** The unit of memory figures, whose "rates" are 1 / peak RSS in MB (so that bigger is better, as for every figure). */
export const PEAK_RSS_UNIT = 'MB of peak RSS';

/**
 * The tolerance of figures whose code has a small working set (the engine,
 * the event queue): on the project's shared machine they stayed within 7%
 * of their median over repeated gate runs, and within 18% beside a
 * cache-thrashing process, where the memory-bound figures (simulation, end
 * to end, placement) moved by up to a third. See bench/gate/bench-check.ts.
 */
export const STEADY_TOLERANCE = 0.2;

/** A rate for people: "6.78 M events/s" or "554,738 decisions/s"; a figure that is not per second says so in its unit ("MB of peak RSS"). */
export function formatRate(perSecond: number, unit: string): string {
  if (unit === PEAK_RSS_UNIT) return `${(1 / perSecond).toFixed(0)} ${unit}`;
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M ${unit}/s` : `${Math.round(perSecond).toLocaleString('en-US')} ${unit}/s`;
}

/**
 * The figures as customBiggerIsBetter entries: the value is the ratio of
 * the best rates in percent (bigger is better; see ratio-rounds.ts for why
 * the best), and the absolute rates go in `extra` only, so that no tool
 * gates on them.
 */
export function toBenchmarkJson(figures: readonly Figure[]): BenchmarkEntry[] {
  return figures.map((f) => {
    const s = f.summary;
    return {
      name: f.name,
      unit: RATIO_UNIT,
      value: round2(s.bestRatio * 100),
      extra:
        `best of ${s.rounds} rounds: ${f.contender} ${formatRate(s.bestRate, f.unit)}, ${f.reference} ${formatRate(s.bestReference, f.referenceUnit)}; ` +
        `medians: ${formatRate(s.rate, f.unit)}, ${formatRate(s.reference, f.referenceUnit)}, per-round ratio ${(s.ratio * 100).toFixed(2)}% ` +
        `(${(s.ratioMin * 100).toFixed(2)}% to ${(s.ratioMax * 100).toFixed(2)}%)`,
    };
  });
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
