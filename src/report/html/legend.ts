import { escapeHtml } from '../svg/escape.js';

export interface LegendItem {
  label: string;
  colour: string;
  /** A quieter word after the label (a chip's kind). */
  note?: string;
}

/** An HTML legend: a swatch (a square, or a short line for line charts) and a name per item. */
export function legend(items: readonly LegendItem[], shape: 'square' | 'line' = 'square'): string {
  const swatch = (colour: string): string => `<span class="swatch${shape === 'line' ? ' line' : ''}" style="background:${colour}"></span>`;
  const li = items.map((i) => `<li>${swatch(i.colour)}${escapeHtml(i.label)}${i.note === undefined ? '' : ` <span class="kind">${escapeHtml(i.note)}</span>`}</li>`);
  return `<ul class="legend">${li.join('')}</ul>`;
}
