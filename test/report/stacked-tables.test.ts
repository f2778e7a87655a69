import { describe, expect, it } from 'vitest';
import { cellWidth, stackedTables } from '../../src/report/html/stacked-tables.js';

const column = (name: string, width: number): { head: string; cells: string[] } => ({ head: `<th scope="col">${name}</th>`, cells: [`<td>${'0'.repeat(width)}</td>`] });
const tables = (html: string): string[][] => [...html.matchAll(/<thead><tr>(.*?)<\/tr><\/thead>/g)].map((m) => [...(m[1] as string).matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((h) => h[1] as string));

describe('stackedTables', () => {
  const lead = { head: '<th scope="col">policy</th>', cells: ['<th scope="row">fifo</th>'] };

  it('keeps a table whole when it fits', () => {
    expect(tables(stackedTables([lead], [column('a', 4), column('b', 4)], '', 1000))).toEqual([['policy', 'a', 'b']]);
  });

  it('splits columns that do not fit over as few tables as fit, shared out evenly, each with the lead column', () => {
    // Each column about 90 px, the lead about 120: 6 columns need two tables under 500 px, three columns each.
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => column(n, 10));
    expect(tables(stackedTables([lead], six, '', 500))).toEqual([
      ['policy', 'a', 'b', 'c'],
      ['policy', 'd', 'e', 'f'],
    ]);
  });

  it('keeps at least one column in a table however narrow the budget', () => {
    expect(tables(stackedTables([lead], [column('a', 40), column('b', 40)], '', 10))).toEqual([
      ['policy', 'a'],
      ['policy', 'b'],
    ]);
  });

  it('measures a cell by its widest line and a heading by its longest word', () => {
    expect(cellWidth('<td>1.5 s<span class="pm">± 0.25 s and more</span></td>')).toBeGreaterThan(cellWidth('<td>± 0.25 s</td>'));
    expect(cellWidth('<th scope="col">p95 JCT (inference)</th>')).toBeLessThan(cellWidth('<td>p95 JCT (inference)</td>'));
  });
});
