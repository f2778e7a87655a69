import { textWidth } from './frame.js';

/** A rectangle to keep labels off: x0 < x1, y0 < y1. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Where a point's label goes: its anchor position and text-anchor. */
export interface PlacedLabel {
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Directions to try, in order of preference: right, left, above, below, then the diagonals. */
const directions: [number, number, PlacedLabel['anchor']][] = [
  [1, 0, 'start'],
  [-1, 0, 'end'],
  [0, -1, 'middle'],
  [0, 1, 'middle'],
  [0.7, -0.7, 'start'],
  [-0.7, -0.7, 'end'],
  [0.7, 0.7, 'start'],
  [-0.7, 0.7, 'end'],
];

/**
 * Labels beside points without overlapping one another or the points:
 * for each point in turn, the first of right, left, above, below and the
 * diagonals (then the same further out) that stays inside `width` ×
 * `height` and clear of the points, the `obstacles` (whiskers) and the
 * labels already placed. When nothing is clear, the first place inside
 * wins. Deterministic: the same points give the same places.
 */
export function placeLabels(
  points: readonly { x: number; y: number; label: string; r: number }[],
  obstacles: readonly Box[],
  width: number,
  height: number,
  fontSize: number,
): PlacedLabel[] {
  const taken: Box[] = [...points.map((p) => ({ x0: p.x - p.r, y0: p.y - p.r, x1: p.x + p.r, y1: p.y + p.r })), ...obstacles];
  const inside = (b: Box): boolean => b.x0 >= 0 && b.x1 <= width && b.y0 >= 0 && b.y1 <= height;
  return points.map((p) => {
    const w = textWidth(p.label, fontSize);
    const h = fontSize * 1.1;
    const candidates: (PlacedLabel & { box: Box })[] = [];
    for (const gap of [p.r + 4, p.r + 16, p.r + 30]) {
      for (const [dx, dy, anchor] of directions) {
        const x = p.x + dx * gap;
        const y = p.y + dy * gap;
        const x0 = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
        candidates.push({ x, y, anchor, box: { x0, y0: y - h / 2, x1: x0 + w, y1: y + h / 2 } });
      }
    }
    const chosen = candidates.find((c) => inside(c.box) && !taken.some((t) => overlaps(t, c.box))) ?? candidates.find((c) => inside(c.box)) ?? (candidates[0] as PlacedLabel & { box: Box });
    taken.push(chosen.box);
    return { x: chosen.x, y: chosen.y, anchor: chosen.anchor };
  });
}
