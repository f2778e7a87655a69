/**
 * The regression gate's comparison: each gated figure (a ratio to the
 * calibration loop, in percent, bigger is better) against the committed
 * baseline. Pure functions, tested in test/bench/.
 */
import type { BenchmarkEntry } from '../lib/figure.js';

/** bench/baseline.json: the gated ratios measured on purpose, with where and when. */
export interface Baseline {
  about: string;
  /** Day of the measurement, YYYY-MM-DD. */
  measured: string;
  node: string;
  machine: string;
  /** How it was measured: mode and rounds. */
  run: string;
  /** Figure name → ratio in percent, as `value` in results.json. */
  figures: Record<string, number>;
  /** Figure name → how far it may fall, as a fraction of its value, where it is not the default. */
  tolerances?: Record<string, number>;
}

export type Verdict = 'ok' | 'faster' | 'regressed' | 'missing' | 'new';

export interface CheckRow {
  name: string;
  baseline: number | null;
  now: number | null;
  /** now ÷ baseline − 1; null when either is missing. */
  change: number | null;
  /** How far this figure may fall, as a fraction of its baseline value. */
  tolerance: number;
  verdict: Verdict;
}

/**
 * Compares results with the baseline. A figure regresses when it falls by
 * more than its tolerance (a fraction: 0.2 is 20% of its baseline value,
 * not 20 percentage points): `override` if given, else the baseline's for
 * that figure, else `defaultTolerance`. One of the baseline that the
 * results lack is missing, which fails too (a renamed figure must not drop
 * out of the gate unnoticed). Figures not in the baseline are new and not
 * gated. Rows come in the baseline's order, new ones after.
 */
export function compareWithBaseline(baseline: Baseline, results: readonly BenchmarkEntry[], defaultTolerance: number, override?: number): CheckRow[] {
  const now = new Map(results.map((r) => [r.name, r.value]));
  const rows: CheckRow[] = Object.entries(baseline.figures).map(([name, base]) => {
    const tolerance = override ?? baseline.tolerances?.[name] ?? defaultTolerance;
    const value = now.get(name);
    if (value === undefined) return { name, baseline: base, now: null, change: null, tolerance, verdict: 'missing' };
    const change = value / base - 1;
    const verdict: Verdict = change < -tolerance ? 'regressed' : change > tolerance ? 'faster' : 'ok';
    return { name, baseline: base, now: value, change, tolerance, verdict };
  });
  for (const r of results) {
    if (!Object.hasOwn(baseline.figures, r.name)) rows.push({ name: r.name, baseline: null, now: r.value, change: null, tolerance: override ?? defaultTolerance, verdict: 'new' });
  }
  return rows;
}

/** Whether the gate fails: any figure regressed or missing. */
export function gateFails(rows: readonly CheckRow[]): boolean {
  return rows.some((r) => r.verdict === 'regressed' || r.verdict === 'missing');
}

const VERDICT_TEXT: Record<Verdict, string> = {
  ok: 'ok',
  faster: 'ok, faster (update the baseline?)',
  regressed: 'REGRESSED',
  missing: 'MISSING (renamed? --update-baseline)',
  new: 'new, not gated',
};

/** The comparison as a text table with a one-line verdict. */
export function checkTable(rows: readonly CheckRow[]): string {
  const pct = (x: number | null): string => (x === null ? '–' : `${x.toFixed(2)}%`);
  const change = (x: number | null): string => (x === null ? '–' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);
  const table: string[][] = [
    ['figure (% of its reference)', 'baseline', 'now', 'change', 'tolerance', 'verdict'],
    ...rows.map((r) => [r.name, pct(r.baseline), pct(r.now), change(r.change), r.verdict === 'new' ? '–' : `-${(r.tolerance * 100).toFixed(0)}%`, VERDICT_TEXT[r.verdict]]),
  ];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length))) ?? [];
  const lines = table.map((row) => row.map((cell, i) => (i === 0 || i === 5 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd());
  const bad = rows.filter((r) => r.verdict === 'regressed' || r.verdict === 'missing').length;
  const verdict = bad === 0 ? 'PASS: no figure fell below its baseline by more than its tolerance' : `FAIL: ${bad} figure${bad === 1 ? '' : 's'} fell below the baseline by more than the tolerance, or went missing`;
  return `${lines.join('\n')}\n\n${verdict}\n`;
}

/** Reads a customBiggerIsBetter array; throws with what is wrong. */
export function parseResults(text: string, source: string): BenchmarkEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!Array.isArray(data)) throw new Error(`${source}: expected an array of { name, unit, value } entries`);
  return data.map((entry: unknown, i) => {
    const e = entry as Partial<Record<keyof BenchmarkEntry, unknown>> | null;
    if (e === null || typeof e !== 'object' || typeof e.name !== 'string' || typeof e.value !== 'number' || !Number.isFinite(e.value)) {
      throw new Error(`${source}: entry ${i} needs a string name and a finite number value`);
    }
    return { name: e.name, unit: typeof e.unit === 'string' ? e.unit : '', value: e.value };
  });
}

/** Reads bench/baseline.json; throws with what is wrong. */
export function parseBaseline(text: string, source: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const b = data as Partial<Baseline> | null;
  if (b === null || typeof b !== 'object' || b.figures === null || typeof b.figures !== 'object') throw new Error(`${source}: expected { figures: { name: percent } }`);
  for (const [name, value] of Object.entries(b.figures)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new Error(`${source}: figure "${name}" needs a positive number`);
  }
  const tolerances = b.tolerances ?? {};
  if (tolerances === null || typeof tolerances !== 'object') throw new Error(`${source}: tolerances must be { name: fraction }`);
  for (const [name, value] of Object.entries(tolerances)) {
    if (typeof value !== 'number' || !(value > 0 && value < 1)) throw new Error(`${source}: the tolerance of "${name}" needs a fraction between 0 and 1`);
  }
  return { about: String(b.about ?? ''), measured: String(b.measured ?? ''), node: String(b.node ?? ''), machine: String(b.machine ?? ''), run: String(b.run ?? ''), figures: b.figures, tolerances };
}
