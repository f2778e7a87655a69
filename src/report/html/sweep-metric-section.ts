import type { MetricInfo } from '../../compare/comparison.js';
import type { SweepPoint, SweepSummary } from '../../sweep/aggregate.js';
import { escapeHtml } from '../svg/escape.js';
import { fitText } from '../svg/axis.js';
import { lineBandChart, type LineBandPoint, type LineBandSeries } from '../svg/line-band-chart.js';
import { policyColour } from '../svg/palette.js';
import { finite, intervalClip, linearAxis, orNull } from '../svg/value-axis.js';
import { policySwatch } from './policy-colours.js';
import { meanCell } from './summary-tables.js';
import { sweepBandName } from './sweep-header-section.js';
import { parameterText, type SweepLayout, type SweepPanel } from './sweep-layout.js';
import { formatNumber } from '../format-number.js';

/** Past this many panels a metric's charts stop, and say so; its table keeps every point. */
export const maxPanels = 12;

/** Panels in a row: one or two side by side when there are that few, two by two for four, else three. */
function columns(panels: number): 1 | 2 | 3 {
  if (panels <= 1) return 1;
  if (panels === 2 || panels === 4) return 2;
  return 3;
}

const sizes = { 1: { width: 720, height: 360 }, 2: { width: 560, height: 320 }, 3: { width: 380, height: 290 } } as const;

/** Whether some point has a value of this metric. */
export function hasValues(s: SweepSummary, key: string): boolean {
  return s.points.some((p) => orNull(p.metrics[key]?.mean) !== null);
}

/** Whether every value of this metric, interval ends included, is 0: a flat line at zero says nothing a sentence does not. */
export function zeroEverywhere(s: SweepSummary, key: string): boolean {
  const drawn = s.points.map((p) => p.metrics[key]).filter((mi) => orNull(mi?.mean) !== null);
  return drawn.length > 0 && drawn.every((mi) => mi?.mean === 0 && (orNull(mi.low) ?? 0) === 0 && (orNull(mi.high) ?? 0) === 0);
}

/** A panel's series: one per policy with a value in it, a point per x value (missing ones break the line). */
function panelSeries(s: SweepSummary, layout: SweepLayout, panel: SweepPanel, m: MetricInfo, clip: (v: number) => number): LineBandSeries[] {
  const x = layout.x;
  if (x === null) return [];
  const out: LineBandSeries[] = [];
  s.policies.forEach((policy, i) => {
    const mine = panel.points.filter((p) => p.policy === policy);
    if (!mine.some((p) => orNull(p.metrics[m.key]?.mean) !== null)) return;
    const points: LineBandPoint[] = [];
    for (const v of x.values) {
      const at = x.position(v);
      if (at === undefined) continue;
      const p = mine.find((q) => x.position(q.set[x.parameter]) === at);
      const mi = p?.metrics[m.key];
      const mean = orNull(mi?.mean);
      const low = orNull(mi?.low);
      const high = orNull(mi?.high);
      points.push({ x: at, y: mean ?? undefined, ...(mean !== null && low !== null && high !== null ? { lo: clip(low), hi: clip(high) } : {}) });
    }
    out.push({ name: policy, colour: policyColour(i), points });
  });
  return out;
}

/** The x value a point sits at, as text. */
const xText = (layout: SweepLayout, p: SweepPoint): string => (layout.x === null ? '' : parameterText(p.set[layout.x.parameter]));

/**
 * The numbers behind a metric's charts: a row per variant (the other
 * parameters, then x), a column per policy, each mean with the half-width
 * of its interval.
 */
function numbersTable(s: SweepSummary, layout: SweepLayout, m: MetricInfo): string {
  const params = layout.x === null ? [] : [...layout.others, layout.x.parameter];
  const ci = `${formatNumber(s.confidence * 100, 3)}% CI`;
  const rows: string[] = [];
  for (const panel of layout.panels) {
    const xs = layout.x === null ? [undefined] : layout.x.values;
    for (const v of xs) {
      const here = layout.x === null ? panel.points : panel.points.filter((p) => layout.x?.position(p.set[layout.x.parameter]) === layout.x?.position(v));
      if (here.length === 0) continue;
      const lead = [...panel.fixed.map(([, fv]) => parameterText(fv)), ...(layout.x === null ? [] : [xText(layout, here[0] as SweepPoint)])];
      const cells = s.policies.map((policy) => {
        const p = here.find((q) => q.policy === policy);
        return p === undefined ? '<td>–</td>' : meanCell(p.metrics[m.key], m, p.seeds.length, ci);
      });
      rows.push(`<tr>${lead.map((l) => `<th scope="row">${escapeHtml(l)}</th>`).join('')}${cells.join('')}</tr>`);
    }
  }
  const head = [...params.map((p) => `<th scope="col">${escapeHtml(p)}</th>`), ...s.policies.map((p, i) => `<th scope="col">${policySwatch(policyColour(i))}${escapeHtml(p)}</th>`)];
  return `<div class="table-wrap"><table class="sweep-numbers"><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/**
 * One metric against the swept parameter: a chart per panel (up to
 * `maxPanels`), a line per policy through its means with the confidence
 * interval as its band, every panel on the same axes, and the numbers.
 */
export function sweepMetricSection(s: SweepSummary, layout: SweepLayout, m: MetricInfo): string {
  const x = layout.x;
  const heading = `<h2 title="${escapeHtml(m.description)}">${escapeHtml(m.label)}<span class="hint">${m.better} is better</span></h2><p class="note">${escapeHtml(m.description)}.</p>`;
  if (x === null) return `<section id="sweep-${escapeHtml(m.key)}">${heading}${numbersTable(s, layout, m)}</section>`;

  const drawable = layout.panels.filter((panel) => panel.points.some((p) => orNull(p.metrics[m.key]?.mean) !== null));
  const drawn = drawable.slice(0, maxPanels);
  const cols = columns(drawn.length);
  const size = sizes[cols];
  const means = finite(s.points.map((p) => p.metrics[m.key]?.mean));
  const clip = intervalClip(means, m.unit === 'fraction');
  const series = drawn.map((panel) => panelSeries(s, layout, panel, m, clip));

  // Small multiples share their scales: one domain for every panel of the metric.
  const yTicks = Math.max(3, Math.round((size.height - 120) / 45));
  const xTicks = Math.max(3, Math.round((size.width - 100) / 70));
  const yValues = finite(series.flat().flatMap((sr) => sr.points.flatMap((p) => [p.y, p.lo, p.hi])));
  const within: [number, number] = m.unit === 'fraction' ? [0, 1] : [0, Infinity];
  const y = linearAxis(yValues, [1, 0], { tickCount: yTicks, pad: true, within });
  const xDomain = x.categories === null ? linearAxis(finite(x.values.map(x.position)), [0, 1], { tickCount: xTicks, pad: false }).domain : undefined;
  const xQuantity = fitText(x.parameter, size.width - 80, 12);
  const bandName = sweepBandName(s);

  const figures = drawn.map((panel, i) => {
    const svg = lineBandChart(series[i] as LineBandSeries[], {
      name: `sweep-${m.key}-${i}`,
      title: `${m.label} against ${x.parameter}${panel.title === '' ? '' : `, ${panel.title}`}`,
      x: { quantity: xQuantity, tickCount: xTicks, ...(x.categories === null ? {} : { categories: x.categories }), ...(xDomain === undefined ? {} : { domain: xDomain }) },
      y: { quantity: m.label, unit: m.unit, tickCount: yTicks, domain: y.domain },
      bandName,
      ...size,
    });
    const caption = panel.title === '' ? '' : `<figcaption>${escapeHtml(panel.title)}</figcaption>`;
    return `<figure>${caption}${svg}</figure>`;
  });

  const notes: string[] = [];
  if (drawable.length > drawn.length) notes.push(`${drawable.length} panels, the first ${drawn.length} drawn; the table has every one.`);
  const empty = layout.panels.length - drawable.length;
  if (empty > 0) notes.push(`${empty} panel${empty === 1 ? '' : 's'} with no value of ${escapeHtml(m.label)}: not drawn.`);
  const note = notes.length > 0 ? `<p class="note">${notes.join(' ')}</p>` : '';
  const table = numbersTable(s, layout, m);
  const body =
    drawn.length === 1
      ? `<div class="with-table"><div class="chart-box">${figures.join('')}</div><div class="table-box">${table}</div></div>`
      : `<div class="panels cols-${cols}">${figures.join('')}</div><details><summary>Numbers</summary>${table}</details>`;
  return `<section id="sweep-${escapeHtml(m.key)}">${heading}${note}${body}</section>`;
}
