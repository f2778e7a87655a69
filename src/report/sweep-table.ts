import type { SweepSummary } from '../sweep/aggregate.js';
import { formatValue, unitLabel } from './compare-table.js';
import { textTable, type Align } from './text-table.js';

const MAX_WIDTH = 100;

/**
 * A sweep's aggregates as terminal tables: one row per variant and policy
 * (the swept values first), each table metric as `mean ±half-width`.
 * Columns that are 0 everywhere are left out and named; the metrics are
 * split over several tables when they would pass 100 columns.
 */
export function sweepTable(s: SweepSummary): string {
  const zero = (key: string): boolean => s.points.every((p) => p.metrics[key]?.mean === 0 && (p.metrics[key]?.high ?? 0) === 0);
  const shown = s.metrics.filter((m) => m.inTable && s.points.some((p) => p.metrics[m.key]?.mean !== null));
  const metrics = shown.filter((m) => !zero(m.key));
  const zeros = shown.filter((m) => zero(m.key));
  const seeds = new Set(s.points.map((p) => p.seeds.length));
  const out: string[] = [];
  const variants = new Set(s.points.map((p) => JSON.stringify(p.set))).size;
  out.push(`${s.name} · ${variants} variant${variants === 1 ? '' : 's'} × ${s.policies.length} polic${s.policies.length === 1 ? 'y' : 'ies'} × ${[...seeds].join('/')} ${seeds.size === 1 && seeds.has(1) ? 'seed' : 'seeds'}: ${s.runs} of ${s.total} runs (sweep ${s.sweep})`);
  out.push('');
  // With one seed a cell is one run's value: no spread to estimate.
  out.push(seeds.size === 1 && seeds.has(1) ? 'one run per cell, no interval (intervals need 2 seeds or more)' : `mean over seeds ± half-width of the ${Math.round(s.confidence * 100)}% interval (Student t)`);
  const lead = [...s.parameters, 'policy'];
  const leadCells = s.points.map((p) => [...s.parameters.map((k) => short(p.set[k])), p.policy]);
  const cell = (key: string, p: SweepSummary['points'][number], unit: Parameters<typeof formatValue>[1]): string => {
    const v = p.metrics[key];
    if (v === undefined || v.mean === null) return '–';
    const hw = v.high === null || v.mean === null ? '' : ` ±${formatValue(v.high - v.mean, unit, 2)}`;
    return `${formatValue(v.mean, unit)}${hw}`;
  };
  // Greedy split of the metric columns so that each table fits 100 columns.
  const leadWidth = lead.reduce((w, h, i) => w + Math.max(h.length, ...leadCells.map((r) => (r[i] ?? '').length)) + 2, 0);
  let group: typeof metrics = [];
  let width = leadWidth;
  const groups: (typeof metrics)[] = [];
  for (const m of metrics) {
    const w = Math.max(m.label.length, ...s.points.map((p) => cell(m.key, p, m.unit).length)) + 2;
    if (group.length > 0 && width + w > MAX_WIDTH) {
      groups.push(group);
      group = [];
      width = leadWidth;
    }
    group.push(m);
    width += w;
  }
  if (group.length > 0) groups.push(group);
  for (const g of groups) {
    const rows = [
      [...lead, ...g.map((m) => m.label)],
      [...lead.map(() => ''), ...g.map((m) => unitLabel(m.unit))],
      ...s.points.map((p, i) => [...(leadCells[i] as string[]), ...g.map((m) => cell(m.key, p, m.unit))]),
    ];
    const align: Align[] = [...s.parameters.map((): Align => 'right'), 'left', ...g.map((): Align => 'right')];
    out.push(textTable(rows, align));
  }
  if (zeros.length > 0) out.push(`0 for every run, not shown: ${zeros.map((m) => m.label).join(', ')}`);
  return `${out.join('\n')}\n`;
}

function short(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
