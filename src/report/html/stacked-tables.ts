import { textWidth } from '../svg/frame.js';

/** One column of a table: its heading cell and one cell per row, each a whole `<th>` or `<td>` element. */
export interface TableColumn {
  head: string;
  cells: readonly string[];
}

/**
 * How wide a table may be, in CSS pixels, before its columns are split over
 * several tables: a section's content at a 1,280 px wide window is about
 * 1,150 px (main 1,240 px less padding); this leaves room for the error
 * of the width estimates.
 */
export const TABLE_BUDGET_PX = 1060;

/** Cell padding (9 px each side) and a border. */
const CELL_PADDING_PX = 19;
/** Row headings wrap between these widths (the stylesheet's 8em and 16em at 13 px). */
const ROW_HEAD_MIN_PX = 104;
const ROW_HEAD_MAX_PX = 208;

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * The width a cell's content takes, estimated from its text: each block
 * line (`.pm`, `.ci`, `.dir` spans sit on lines of their own) at the
 * table's 13 px, the widest line counting. Headings wrap between words,
 * so for them the longest word counts.
 */
export function cellWidth(html: string): number {
  const heading = /^<th\b[^>]*scope="col"/.test(html);
  const rowHead = /^<th\b[^>]*scope="row"/.test(html);
  const text = html
    .replace(/<title>[\s\S]*?<\/title>/g, '')
    .replace(/<span class="(?:pm|ci|dir)"/g, '\n$&')
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => entities[e] as string);
  const pieces = heading ? text.split(/\s+/) : text.split('\n');
  const widest = Math.max(0, ...pieces.map((p) => textWidth(p.trim(), 13)));
  // Headings and row headings are bold: about 6% wider.
  const width = heading || rowHead ? widest * 1.06 : widest;
  return (rowHead ? Math.min(ROW_HEAD_MAX_PX, Math.max(ROW_HEAD_MIN_PX, width)) : width) + CELL_PADDING_PX;
}

function columnWidth(c: TableColumn): number {
  return Math.max(cellWidth(c.head), ...c.cells.map(cellWidth));
}

/**
 * A table that never hides a column off the side of the page: when its
 * columns (estimated from their text) would not fit `budgetPx`, they are
 * split, in order, over as few tables as fit, stacked one under the other,
 * each repeating the `lead` columns (the row names). A table always keeps
 * at least one column besides the lead.
 */
export function stackedTables(lead: readonly TableColumn[], columns: readonly TableColumn[], className = '', budgetPx = TABLE_BUDGET_PX): string {
  const leadWidth = lead.reduce((w, c) => w + columnWidth(c), 0);
  const widths = columns.map(columnWidth);
  const fewest = split(widths, budgetPx - leadWidth);
  // As few tables as fit, their columns shared out evenly: no table left with one column.
  const total = widths.reduce((a, b) => a + b, 0);
  let groups = fewest;
  for (let room = Math.max(...widths, total / fewest.length); room < budgetPx - leadWidth; room += 10) {
    const even = split(widths, room);
    if (even.length <= fewest.length) {
      groups = even;
      break;
    }
  }
  const rows = Math.max(0, ...lead.map((c) => c.cells.length), ...columns.map((c) => c.cells.length));
  const cls = className === '' ? '' : ` class="${className}"`;
  return groups
    .map((g) => {
      const shown = [...lead, ...g.map((i) => columns[i] as TableColumn)];
      const body = Array.from({ length: rows }, (_, i) => `<tr>${shown.map((c) => c.cells[i] ?? '<td></td>').join('')}</tr>`).join('');
      return `<div class="table-wrap"><table${cls}><thead><tr>${shown.map((c) => c.head).join('')}</tr></thead><tbody>${body}</tbody></table></div>`;
    })
    .join('');
}

/** Column indices split, in order, into groups whose widths sum to at most `room` (a group always takes at least one). */
function split(widths: readonly number[], room: number): number[][] {
  const groups: number[][] = [];
  let group: number[] = [];
  let width = 0;
  widths.forEach((w, i) => {
    if (group.length > 0 && width + w > room) {
      groups.push(group);
      group = [];
      width = 0;
    }
    group.push(i);
    width += w;
  });
  if (group.length > 0 || groups.length === 0) groups.push(group);
  return groups;
}
