import { escapeHtml } from './escape.js';

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A chart's drawing: its size in SVG units and the margins its axes live in. */
export interface Frame {
  width: number;
  height: number;
  margin: Margin;
}

export const innerWidth = (f: Frame): number => f.width - f.margin.left - f.margin.right;
export const innerHeight = (f: Frame): number => f.height - f.margin.top - f.margin.bottom;

/** The font size of tick labels, in SVG units; the stylesheet sets the same. */
export const tickFontSize = 11;

/**
 * A coordinate for an attribute: at most two decimals, no "-0". Rounding
 * keeps the file small and the output the same on every machine.
 */
export function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Character widths in em, by class, measured on DejaVu Sans (the wide fallback of the font stack), so estimates err wide. */
const widthClasses: [RegExp, number][] = [
  [/[ijlIJ'.,:;/!|f ]/, 0.33],
  [/[rt()[\]{}-]/, 0.4],
  [/["_–]/, 0.5],
  [/[csz]/, 0.55],
  [/[mwMW%…]/, 0.98],
  [/[+=<>−×~]/, 0.84],
  [/[&]/, 0.78],
  [/[A-Z]/, 0.74],
];

/**
 * The width text takes in the report's font stack, estimated without a
 * DOM from per-character widths. Used to size margins, to cut labels that
 * would not fit and to keep labels apart.
 */
export function textWidth(text: string, fontSize = tickFontSize): number {
  let em = 0;
  for (const ch of text) em += widthClasses.find(([re]) => re.test(ch))?.[1] ?? 0.64;
  return em * fontSize;
}

/**
 * Opens a chart: an `<svg class="chart" data-chart="…">` sized by its
 * viewBox (it shrinks with the page but never grows past its own size, so
 * text keeps its size), with a title for screen readers, and a group
 * translated into the plotting area.
 */
export function openChart(name: string, f: Frame, title: string): string {
  return (
    `<svg class="chart" data-chart="${escapeHtml(name)}" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" style="max-width:${f.width}px" role="img" aria-label="${escapeHtml(title)}">` +
    `<title>${escapeHtml(title)}</title><g transform="translate(${num(f.margin.left)},${num(f.margin.top)})">`
  );
}

export function closeChart(): string {
  return '</g></svg>';
}

/** A `<title>` child: the browser's own tooltip, no script needed. */
export function tooltip(text: string): string {
  return `<title>${escapeHtml(text)}</title>`;
}
