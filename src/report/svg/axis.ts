import { escapeHtml } from './escape.js';
import { innerHeight, innerWidth, num, textWidth, tickFontSize, type Frame } from './frame.js';

/** One axis: where its ticks go, what they say, and the axis title (with its unit). */
export interface AxisSpec {
  ticks: readonly number[];
  labels: readonly string[];
  position: (v: number) => number;
  title: string;
  /** Light gridlines across the plotting area at each tick (default true). */
  grid?: boolean;
}

/**
 * Every k-th label, the smallest k at which neighbours do not overlap
 * (ticks are evenly spaced on screen, on linear and on log axes alike).
 */
function thinned(positions: readonly number[], widths: readonly number[], gap: number): Set<number> {
  for (let k = 1; k <= positions.length; k++) {
    let ok = true;
    let last = -Infinity;
    for (let i = 0; i < positions.length; i += k) {
      const p = positions[i] as number;
      const w = widths[i] as number;
      if (p - w / 2 < last + gap) {
        ok = false;
        break;
      }
      last = p + w / 2;
    }
    if (ok) return new Set(positions.map((_, i) => i).filter((i) => i % k === 0));
  }
  return new Set([0]);
}

/** A horizontal axis along the bottom of the plotting area, with vertical gridlines. */
export function bottomAxis(f: Frame, a: AxisSpec): string {
  const w = innerWidth(f);
  const h = innerHeight(f);
  const xs = a.ticks.map(a.position);
  const widths = a.labels.map((l) => textWidth(l));
  // A label at either end slides inward rather than run off the chart.
  const centres = xs.map((x, i) => {
    const half = (widths[i] as number) / 2;
    return Math.max(-f.margin.left + half + 2, Math.min(w + f.margin.right - half - 2, x));
  });
  const shown = thinned(centres, widths, 8);
  const out: string[] = ['<g class="axis axis-x">'];
  if (a.grid ?? true) for (const x of xs) out.push(`<line class="grid" x1="${num(x)}" x2="${num(x)}" y1="0" y2="${num(h)}"/>`);
  out.push(`<line class="domain" x1="0" x2="${num(w)}" y1="${num(h)}" y2="${num(h)}"/>`);
  xs.forEach((x, i) => {
    out.push(`<line class="tick" x1="${num(x)}" x2="${num(x)}" y1="${num(h)}" y2="${num(h + 4)}"/>`);
    if (shown.has(i)) out.push(`<text x="${num(centres[i] as number)}" y="${num(h + 7 + tickFontSize)}" text-anchor="middle">${escapeHtml(a.labels[i] ?? '')}</text>`);
  });
  out.push(`<text class="axis-title" x="${num(w / 2)}" y="${num(h + f.margin.bottom - 8)}" text-anchor="middle">${escapeHtml(a.title)}</text>`);
  out.push('</g>');
  return out.join('');
}

/** A vertical axis along the left of the plotting area, with horizontal gridlines. */
export function leftAxis(f: Frame, a: AxisSpec): string {
  const w = innerWidth(f);
  const h = innerHeight(f);
  const ys = a.ticks.map(a.position);
  // Screen y runs down while ticks run up: thin from the bottom tick, so the axis keeps its origin label.
  const shown = thinned([...ys].reverse(), ys.map(() => tickFontSize), 4);
  const out: string[] = ['<g class="axis axis-y">'];
  if (a.grid ?? true) for (const y of ys) out.push(`<line class="grid" x1="0" x2="${num(w)}" y1="${num(y)}" y2="${num(y)}"/>`);
  out.push(`<line class="domain" x1="0" x2="0" y1="0" y2="${num(h)}"/>`);
  ys.forEach((y, i) => {
    out.push(`<line class="tick" x1="-4" x2="0" y1="${num(y)}" y2="${num(y)}"/>`);
    if (shown.has(ys.length - 1 - i)) out.push(`<text x="-7" y="${num(y)}" dy="0.32em" text-anchor="end">${escapeHtml(a.labels[i] ?? '')}</text>`);
  });
  const x = -f.margin.left + 13;
  out.push(`<text class="axis-title" transform="translate(${num(x)},${num(h / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(a.title)}</text>`);
  out.push('</g>');
  return out.join('');
}

/** Category names down the left (the rows of a dot plot), cut with an ellipsis to fit `maxWidth`. */
export function leftCategories(rows: readonly { label: string; y: number }[], maxWidth: number): string {
  const out: string[] = ['<g class="axis axis-band">'];
  for (const r of rows) {
    const label = fitText(r.label, maxWidth);
    const full = label === r.label ? '' : `<title>${escapeHtml(r.label)}</title>`;
    out.push(`<text x="-8" y="${num(r.y)}" dy="0.32em" text-anchor="end">${full}${escapeHtml(label)}</text>`);
  }
  out.push('</g>');
  return out.join('');
}

/** Category names under the plotting area (the groups of a bar chart). */
export function bottomCategories(f: Frame, groups: readonly { label: string; x: number; width: number }[], title: string): string {
  const h = innerHeight(f);
  const out: string[] = ['<g class="axis axis-band">'];
  out.push(`<line class="domain" x1="0" x2="${num(innerWidth(f))}" y1="${num(h)}" y2="${num(h)}"/>`);
  for (const g of groups) {
    out.push(`<text x="${num(g.x + g.width / 2)}" y="${num(h + 7 + tickFontSize)}" text-anchor="middle">${escapeHtml(fitText(g.label, g.width))}</text>`);
  }
  out.push(`<text class="axis-title" x="${num(innerWidth(f) / 2)}" y="${num(h + f.margin.bottom - 8)}" text-anchor="middle">${escapeHtml(title)}</text>`);
  out.push('</g>');
  return out.join('');
}

/** `text`, or as much of it as fits in `maxWidth` followed by an ellipsis. */
export function fitText(text: string, maxWidth: number, fontSize = tickFontSize): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(chars.join('') + '…', fontSize) > maxWidth) chars.pop();
  return chars.join('') + '…';
}
