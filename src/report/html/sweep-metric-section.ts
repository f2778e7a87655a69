import type { MetricInfo } from '../../compare/comparison.js';
import type { SweepPoint, SweepSummary } from '../../sweep/aggregate.js';
import { escapeHtml } from '../svg/escape.js';
import { fitText } from '../svg/axis.js';
import { lineBandChart, type LineBandPoint, type LineBandSeries } from '../svg/line-band-chart.js';
import { policyColour } from '../svg/palette.js';
import { crossings, finite, linearAxis, logAxis, orNull, possibleRange } from '../svg/value-axis.js';
import { crossingNote } from './crossing-note.js';
import { policySwatch } from './policy-colours.js';
import { stackedTables } from './stacked-tables.js';
import { meanCell } from './summary-tables.js';
import { sweepBandName } from './sweep-header-section.js';
import { LOG_SPAN, parameterText, type SweepLayout, type SweepPanel } from './sweep-layout.js';
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
function panelSeries(s: SweepSummary, layout: SweepLayout, panel: SweepPanel, m: MetricInfo): LineBandSeries[] {
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
      points.push({ x: at, y: mean ?? undefined, ...(mean !== null && low !== null && high !== null ? { lo: low, hi: high } : {}) });
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
  const rows: { lead: string[]; points: SweepPoint[] }[] = [];
  for (const panel of layout.panels) {
    const xs = layout.x === null ? [undefined] : layout.x.values;
    for (const v of xs) {
      const here = layout.x === null ? panel.points : panel.points.filter((p) => layout.x?.position(p.set[layout.x.parameter]) === layout.x?.position(v));
      if (here.length === 0) continue;
      rows.push({ lead: [...panel.fixed.map(([, fv]) => parameterText(fv)), ...(layout.x === null ? [] : [xText(layout, here[0] as SweepPoint)])], points: here });
    }
  }
  const lead = params.map((p, k) => ({ head: `<th scope="col">${escapeHtml(p)}</th>`, cells: rows.map((r) => `<th scope="row">${escapeHtml(r.lead[k] ?? '')}</th>`) }));
  const columns = s.policies.map((policy, i) => ({
    head: `<th scope="col">${policySwatch(policyColour(i))}${escapeHtml(policy)}</th>`,
    cells: rows.map((r) => {
      const p = r.points.find((q) => q.policy === policy);
      return p === undefined ? '<td>–</td>' : meanCell(p.metrics[m.key], m, p.seeds.length, ci);
    }),
  }));
  return stackedTables(lead, columns, 'sweep-numbers');
}

/** Below this ratio a log axis shows nothing a linear one does not: none is offered. */
const LOG_OFFERED_SPAN = 3;

/** The largest ratio of greatest to least mean within one panel, over the panels; 0 when some mean is not positive. */
export function panelSpan(series: readonly (readonly LineBandSeries[])[]): number {
  let span = 0;
  for (const panel of series) {
    const ys = finite(panel.flatMap((sr) => sr.points.map((p) => p.y)));
    if (ys.length === 0) continue;
    if (ys.some((v) => v <= 0)) return 0;
    span = Math.max(span, Math.max(...ys) / Math.min(...ys));
  }
  return span;
}

/** A string safe in an id and a CSS selector, for the scale switch. */
function idPart(key: string, index: number): string {
  return `${index}-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * One metric against the swept parameter: a chart per panel (up to
 * `maxPanels`), a line per policy through its means with the confidence
 * interval as its band, every panel on the same axes, and the numbers.
 * When the means are all positive and spread over more than 3× within a
 * panel, the charts come twice, on a linear and on a log axis, with a
 * switch between them (radio buttons and CSS: no script); the log axis is
 * the one shown first when they spread over more than 20×, and a note
 * says why. Bands are drawn whole: one that reaches past what the quantity
 * can be is named in a note, the edge drawn as a dashed line (cut at the
 * bottom of a log axis).
 */
export function sweepMetricSection(s: SweepSummary, layout: SweepLayout, m: MetricInfo, index = 0): string {
  const x = layout.x;
  const heading = `<h2 title="${escapeHtml(m.description)}">${escapeHtml(m.label)}<span class="hint">${m.better} is better</span></h2><p class="note">${escapeHtml(m.description)}.</p>`;
  if (x === null) return `<section id="sweep-${escapeHtml(m.key)}">${heading}${numbersTable(s, layout, m)}</section>`;

  const drawable = layout.panels.filter((panel) => panel.points.some((p) => orNull(p.metrics[m.key]?.mean) !== null));
  const drawn = drawable.slice(0, maxPanels);
  const cols = columns(drawn.length);
  const size = sizes[cols];
  const series = drawn.map((panel) => panelSeries(s, layout, panel, m));

  // Small multiples share their scales: one domain for every panel of the metric.
  const yTicks = Math.max(3, Math.round((size.height - 120) / 45));
  const xTicks = Math.max(3, Math.round((size.width - 100) / 70));
  const yValues = finite(series.flat().flatMap((sr) => sr.points.flatMap((p) => [p.y, p.lo, p.hi])));
  const [lowest, highest] = possibleRange(m.unit);
  const linearY = linearAxis(yValues, [1, 0], { tickCount: yTicks, pad: true, within: [lowest, highest] });
  const logY = logAxis(yValues.filter((v) => v > 0), [1, 0]);
  const xDomain = x.categories === null ? linearAxis(finite(x.values.map(x.position)), [0, 1], { tickCount: xTicks, pad: false }).domain : undefined;
  const xQuantity = fitText(x.parameter, size.width - 80, 12);
  const bandName = sweepBandName(s);

  // Bands past what the quantity can be: named, and their edge drawn.
  const bandRows = drawn.flatMap((panel, i) =>
    (series[i] as LineBandSeries[]).flatMap((sr) =>
      sr.points.map((p) => ({ label: `${sr.name} at ${x.categories?.[p.x] ?? formatNumber(p.x)}${panel.title === '' ? '' : ` (${panel.title})`}`, low: p.lo ?? null, high: p.hi ?? null })),
    ),
  );
  const crossed = crossings(bandRows, m.unit);
  const bounds = [...new Set(crossed.map((c) => c.bound))];

  const figuresOn = (log: boolean): string[] =>
    drawn.map((panel, i) => {
      const svg = lineBandChart(series[i] as LineBandSeries[], {
        name: `sweep-${m.key}-${i}${log ? '-log' : ''}`,
        title: `${m.label} against ${x.parameter}${panel.title === '' ? '' : `, ${panel.title}`}${log ? ' (log scale)' : ''}`,
        x: { quantity: xQuantity, tickCount: xTicks, ...(x.categories === null ? {} : { categories: x.categories }), ...(xDomain === undefined ? {} : { domain: xDomain }) },
        y: { quantity: m.label, unit: m.unit, tickCount: yTicks, domain: log ? logY.domain : linearY.domain, log },
        bandName,
        ...(log ? {} : { bounds }),
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
  const interval = `${formatNumber(s.confidence * 100, 3)}% interval`;
  const linearCharts = (): string => chartsBlock(figuresOn(false), cols, crossingNote(crossed, m.label, m.unit, interval, 'band'));
  const span = panelSpan(series);
  let charts: string;
  let radios = '';
  if (span <= LOG_OFFERED_SPAN) {
    charts = linearCharts();
  } else {
    const id = idPart(m.key, index);
    const logFirst = span > LOG_SPAN;
    const spanText = `${formatNumber(span, 3)}×`;
    const logNote = logFirst
      ? `<p class="note log-note">Log scale: within a panel the means span ${spanText}, more than ${LOG_SPAN}×, which would flatten the smaller ones on a linear axis. Switch to linear above.</p>`
      : `<p class="note log-note">Log scale, as chosen above: within a panel the means span ${spanText} (the log axis comes first by itself past ${LOG_SPAN}×).</p>`;
    const radio = (scale: 'linear' | 'log'): string =>
      `<input type="radio" class="scale-${scale}" name="scale-${id}" id="scale-${id}-${scale}"${(scale === 'log') === logFirst ? ' checked' : ''}><label for="scale-${id}-${scale}">${scale}</label>`;
    radios = `<span class="scale-label">y axis</span>${radio('linear')}${radio('log')}`;
    const cut = crossingNote(
      crossed.filter((c) => c.bound === 0),
      m.label,
      m.unit,
      interval,
      'cut',
    );
    charts = `<div class="scaled linear">${linearCharts()}</div><div class="scaled log">${chartsBlock(figuresOn(true), cols, `${logNote}${cut}`)}</div>`;
  }
  const body =
    drawn.length === 1
      ? `<div class="with-table"><div class="chart-box">${charts}</div><div class="table-box">${table}</div></div>`
      : `${charts}<details><summary>Numbers</summary>${table}</details>`;
  return `<section id="sweep-${escapeHtml(m.key)}">${heading}${note}${radios}${body}</section>`;
}

/** A metric's charts: one figure alone, or the panels in a grid; notes under them. */
function chartsBlock(figures: readonly string[], cols: 1 | 2 | 3, notes: string): string {
  return figures.length === 1 ? `${figures.join('')}${notes}` : `<div class="panels cols-${cols}">${figures.join('')}</div>${notes}`;
}
