import { max } from 'd3-array';
import type { Comparison, PolicySummary } from '../../compare/comparison.js';
import { escapeHtml } from '../svg/escape.js';
import { formatValue } from '../svg/format-value.js';
import { mutedColour, seriesColour } from '../svg/palette.js';
import { seriesPanel, timeUnit } from '../svg/series-panel.js';
import { formatNumber } from '../format-number.js';
import { legend } from './legend.js';
import { policyColours, policySwatch } from './policy-colours.js';
import { stackedTables } from './stacked-tables.js';

/** How many lines a panel colours and names; past it, the rest are drawn thin and grey. */
const colouredMax = 6;

type Pick = (s: PolicySummary) => Record<string, number[]>;

/**
 * The series to colour: all of them when they are few, else those that
 * peak highest in any policy's panel (a drawing choice, not a metric), so
 * the same names carry the same colours along the row.
 */
function emphasised(c: Comparison, names: readonly string[], pick: Pick): Set<string> {
  if (names.length <= colouredMax + 2) return new Set(names);
  const peak = (name: string): number => {
    let top = 0;
    for (const s of c.summaries) for (const v of pick(s)[name] ?? []) if (Number.isFinite(v) && v > top) top = v;
    return top;
  };
  const ranked = names.map((name, i) => ({ name, i, level: peak(name) })).sort((a, b) => b.level - a.level || a.i - b.i);
  return new Set(ranked.slice(0, colouredMax).map((r) => r.name));
}

/** The plotted values at about a dozen evenly spaced times, per policy: the numbers behind the panels. */
function sampledTable(c: Comparison, names: readonly string[], pick: Pick, colourOf: (p: string) => string): string {
  const parts: string[] = [];
  for (const s of c.summaries) {
    const t = s.timeseries.t;
    if (t.length === 0) continue;
    const unit = timeUnit(max(t) ?? 0);
    const stride = Math.max(1, Math.ceil(t.length / 12));
    const at: number[] = [];
    for (let i = stride - 1; i < t.length; i += stride) at.push(i);
    const lead = { head: `<th scope="col">time (${unit.unit})</th>`, cells: at.map((i) => `<td>${formatNumber((t[i] as number) / unit.seconds, 4)}</td>`) };
    const columns = names.map((n) => ({ head: `<th scope="col">${escapeHtml(n)}</th>`, cells: at.map((i) => `<td>${formatValue(pick(s)[n]?.[i], 'fraction', 3)}</td>`) }));
    parts.push(`<h3>${policySwatch(colourOf(s.policy))}${escapeHtml(s.policy)}</h3>${stackedTables([lead], columns)}`);
  }
  return `<details><summary>Numbers: the plotted values at evenly spaced times</summary>${parts.join('')}</details>`;
}

/** Panels in a row: one or two side by side when there are that few, two by two for four, else three. */
function columns(panels: number): 1 | 2 | 3 {
  if (panels <= 1) return 1;
  if (panels === 2 || panels === 4) return 2;
  return 3;
}

function row(c: Comparison, what: 'chip' | 'site', pick: Pick): string {
  const colourOf = policyColours(c);
  const names: string[] = [];
  for (const s of c.summaries) for (const n of Object.keys(pick(s))) if (!names.includes(n)) names.push(n);
  if (names.length === 0) return '';
  const strong = emphasised(c, names, pick);
  const colour = new Map<string, string>();
  let k = 0;
  for (const n of names) colour.set(n, strong.has(n) ? seriesColour(k++) : mutedColour);
  const kindOf = (n: string): string | undefined => (what === 'chip' ? c.chipKinds[n] : undefined);
  const items = names.filter((n) => strong.has(n)).map((n) => ({ label: n, colour: colour.get(n) as string, ...(kindOf(n) === undefined ? {} : { note: kindOf(n) as string }) }));
  const plural = what === 'chip' ? 'chip types' : 'sites';
  const heading = what === 'chip' ? 'By chip type' : 'By site';
  const others = names.length - strong.size;
  const note =
    others > 0
      ? `<p class="note">${names.length} ${plural}: the ${strong.size} that peak highest are coloured and named; the other ${others} are the thin grey lines (hover a line for its name).</p>`
      : '';
  const drawn = c.summaries.filter((s) => s.timeseries.t.length > 0);
  const cols = columns(drawn.length);
  const size = { 1: { width: 720, height: 250 }, 2: { width: 560, height: 230 }, 3: { width: 370, height: 200 } }[cols];
  const panels = drawn.map((s) => {
    const series = names.map((n) => ({ label: n, colour: colour.get(n) as string, values: pick(s)[n] ?? [], emphasis: strong.has(n) }));
    const svg = seriesPanel(s.timeseries.t, series, { name: `utilisation-by-${what}/${s.policy}`, title: `Utilisation by ${what}, ${s.policy}`, quantity: 'utilisation', ...size });
    return `<figure><figcaption>${policySwatch(colourOf(s.policy))}${escapeHtml(s.policy)}</figcaption>${svg}</figure>`;
  });
  return `<h3>${heading}</h3>${note}${legend(items, 'line')}<div class="panels cols-${cols}">${panels.join('')}</div>${sampledTable(c, names, pick, colourOf)}`;
}

/** Utilisation over time, per chip type and per site: one small panel per policy, one line per chip type or site. */
export function utilisationSection(c: Comparison): string {
  if (c.summaries.every((s) => s.timeseries.t.length === 0)) return '';
  const seeds = c.seeds.length > 1 ? `, averaged over the ${c.seeds.length} seeds` : '';
  return `<section id="utilisation">
<h2>Utilisation over time</h2>
<p class="note">Share of the chips in service that were allocated, over each sampling interval${seeds}.</p>
${row(c, 'chip', (s) => s.timeseries.utilizationByChip)}
${row(c, 'site', (s) => s.timeseries.utilizationBySite)}
</section>`;
}
