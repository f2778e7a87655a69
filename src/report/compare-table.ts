import type { MetricUnit } from '../compare/compare-metrics.js';
import { armNoun, holmFamilySize, type Comparison, type MetricInfo } from '../compare/comparison.js';
import type { MeanInterval } from '../stats/mean-interval.js';
import { formatNumber } from './format-number.js';
import { textTable } from './text-table.js';

/** The widest line the tables may print: a classic terminal and then some. */
export const TABLE_WIDTH = 100;

/**
 * A comparison as terminal tables that fit 100 columns: policies as rows,
 * the table metrics as columns. The first table gives each mean with its
 * interval's half-width on the line below, the best per column starred
 * (unless every policy ties); the second the paired differences against
 * the baseline, significant ones marked (Holm). When long policy names or
 * many columns would overflow, the columns are split over several tables.
 * Pure: it renders what `compare` computed.
 */
export function compareTable(c: Comparison): string {
  const shown = c.metrics.filter((m) => m.inTable && c.summaries.some((s) => s.metrics[m.key]?.mean !== null));
  // A column that is 0 in every run of every policy (no prices, no queueing) says nothing: left out, and named below.
  const zero = (m: MetricInfo): boolean => c.summaries.every((s) => s.metrics[m.key]?.mean === 0 && (s.metrics[m.key]?.low ?? 0) === 0 && (s.metrics[m.key]?.high ?? 0) === 0);
  const metrics = shown.filter((m) => !zero(m));
  const zeros = shown.filter(zero);
  const level = `${Math.round(c.confidence * 100)}%`;
  const many = c.summaries.length > 1;
  const out: string[] = [];
  // Mechanisms compared under one policy name it; rules name the policy they ran under.
  const under = c.rules !== undefined ? ` under ${c.rules.policy}` : '';
  const policyOfArms = c.arms === 'mechanisms' ? ` · policy ${c.runs[0]?.policy ?? '?'}` : '';
  out.push(`${c.scenario}${policyOfArms} · ${c.policies.length} ${armNoun(c, many)}${under} × ${c.seeds.length} ${c.seeds.length === 1 ? 'seed' : 'seeds'} (${seedRange(c.seeds)})`);
  out.push('');

  // One seed has no spread to estimate: its table is that run's values, and there are no differences to test.
  out.push(c.seeds.length > 1 ? `mean over seeds, ± half-width of the ${level} interval (Student t)` : 'one run each, no interval (intervals and the paired differences need --seeds 2 or more)');
  out.push(fitted(metrics, (shown) => meansTable(c, shown)));
  if (many && metrics.some((m) => isStarred(c, m))) out.push('* best mean in the column');
  if (zeros.length > 0) out.push(`0 for every policy and seed, not shown: ${zeros.map((m) => m.label).join(', ')}`);

  const others = c.summaries.filter((s) => s.differences !== null);
  if (others.length > 0 && c.seeds.length > 1) {
    out.push('');
    out.push(`difference from ${c.baseline} (paired by seed), ± half-width of its ${level} interval`);
    out.push(fitted(metrics, (shown) => differencesTable(c, shown)));
    // Holm ran over every metric of every policy, shown here or only in the JSON.
    const tests = holmFamilySize(c);
    out.push(`† significant at ${Math.round(c.alpha * 100)}% after Holm's correction (${tests} ${tests === 1 ? 'test' : 'tests'}: every metric × ${armNoun(c, false)}, JSON included)`);
  }
  return `${out.join('\n')}\n`;
}

/** The best mean is starred only where it says something: not when every policy has it. */
function isStarred(c: Comparison, m: MetricInfo): boolean {
  const best = c.best[m.key] ?? [];
  return best.length > 0 && best.length < c.summaries.length;
}

function meansTable(c: Comparison, metrics: readonly MetricInfo[]): string {
  const rows: string[][] = [[armNoun(c, false), ...metrics.map((m) => m.label)], ['', ...metrics.map((m) => unitLabel(m.unit))]];
  for (const s of c.summaries) {
    const means = [s.policy];
    const spreads = [''];
    for (const m of metrics) {
      const v = s.metrics[m.key] as MeanInterval;
      const best = isStarred(c, m) && (c.best[m.key] ?? []).includes(s.policy);
      means.push(`${formatValue(v.mean, m.unit)}${best ? '*' : ' '}`);
      spreads.push(halfWidth(v, m.unit));
    }
    rows.push(means);
    if (spreads.some((x) => x !== '')) rows.push(spreads);
  }
  return textTable(rows);
}

function differencesTable(c: Comparison, metrics: readonly MetricInfo[]): string {
  // Differences of fractions are in percentage points.
  const rows: string[][] = [[armNoun(c, false), ...metrics.map((m) => m.label)], ['', ...metrics.map((m) => (m.unit === 'fraction' ? 'pp' : unitLabel(m.unit)))]];
  for (const s of c.summaries) {
    if (s.differences === null) continue;
    const diffs = [s.policy];
    const spreads = [''];
    for (const m of metrics) {
      const d = s.differences[m.key];
      if (d === undefined) {
        diffs.push('–');
        spreads.push('');
        continue;
      }
      diffs.push(`${signed(d.mean, m.unit)}${d.significant ? '†' : ' '}`);
      spreads.push(halfWidth(d, m.unit));
    }
    rows.push(diffs, spreads);
  }
  return textTable(rows);
}

/**
 * The table of all the metrics if it fits `TABLE_WIDTH`; else the metrics
 * split, in order, over as few tables as fit (a table always keeps at
 * least one metric column, however long the policy names).
 */
function fitted(metrics: readonly MetricInfo[], render: (shown: readonly MetricInfo[]) => string): string {
  const tables: string[] = [];
  let start = 0;
  while (start < metrics.length) {
    let end = start + 1;
    let table = render(metrics.slice(start, end));
    while (end < metrics.length) {
      const wider = render(metrics.slice(start, end + 1));
      if (widthOf(wider) > TABLE_WIDTH) break;
      table = wider;
      end++;
    }
    tables.push(table);
    start = end;
  }
  return tables.join('\n\n');
}

function widthOf(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, [...line].length);
  return widest;
}

/** Short unit labels for the units row. */
export function unitLabel(unit: MetricUnit): string {
  return unit === 'fraction' ? '%' : unit === 'ratio' ? '×' : unit === 'count' ? 'n' : unit;
}

/** A value in its unit: fractions as percentages with one decimal, the rest to four significant figures. */
export function formatValue(v: number | null, unit: MetricUnit, digits = 4): string {
  if (v === null) return '–';
  if (unit === 'fraction') return percentText(v * 100);
  // Narrow columns: very small or very large magnitudes in exponent form (2.021e-5, not 0.00002021).
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e7)) return v.toExponential(digits - 1).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return formatNumber(v, digits);
}

/** A difference with its sign; one that rounds to zero is shown unsigned. */
/**
 * A percentage with one decimal, or as many more (up to four) as it takes
 * not to round a value that is not 0 or 100 onto 0.0 or 100.0: 99.98%
 * beside a true 100.0% must not look the same.
 */
function percentText(pct: number): string {
  for (let d = 1; d < 4; d++) {
    const text = pct.toFixed(d);
    const roundsToEdge = (Number(text) === 100 && pct !== 100) || (Number(text) === 0 && pct !== 0);
    if (!roundsToEdge) return text;
  }
  return pct.toFixed(4);
}

function signed(v: number | null, unit: MetricUnit): string {
  if (v === null) return '–';
  const text = formatValue(Math.abs(v), unit);
  if (/^[0.]+$/.test(text)) return text;
  return v > 0 ? `+${text}` : v < 0 ? `−${text}` : text;
}

function halfWidth(v: MeanInterval, unit: MetricUnit): string {
  if (v.low === null || v.high === null) return '';
  return `±${formatValue((v.high - v.low) / 2, unit, 2)} `;
}

function seedRange(seeds: readonly number[]): string {
  const sorted = [...seeds].sort((a, b) => a - b);
  const contiguous = sorted.every((s, i) => i === 0 || s === (sorted[i - 1] as number) + 1);
  if (contiguous && sorted.length > 2) return `seeds ${sorted[0]}–${sorted[sorted.length - 1]}`;
  return `seed${sorted.length === 1 ? '' : 's'} ${sorted.join(', ')}`;
}

export type { MetricInfo };
