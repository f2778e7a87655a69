import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellColumn, CsvSyntaxError, readCsvFile, repeatedColumn, splitCsvLine } from '../../src/scenario/csv.js';

const dir = mkdtempSync(join(tmpdir(), 'manychip-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function read(text: string): ReturnType<typeof readCsvFile> {
  const path = join(dir, 'x.csv');
  writeFileSync(path, text);
  return readCsvFile(path, { what: 'data file', name: 'x.csv' });
}

function refusal(text: string): string {
  try {
    read(text);
  } catch (e) {
    expect(e).toBeInstanceOf(CsvSyntaxError);
    return (e as Error).message;
  }
  throw new Error('expected the file to be refused');
}

describe('a CSV header', () => {
  it('refuses a column named twice at the second, naming the first: one of the two values would be dropped', () => {
    expect(refusal('site,chip,count,count,region\ns1,c,2,5,r1\n')).toBe('x.csv:1:17 column "count" appears twice (first at 1:11)');
  });

  it('locates the names after comments, blank lines and the blanks around a name', () => {
    expect(refusal('# a comment\n\n t , "s" ,  t\n1,2,3\n')).toBe('x.csv:3:13 column "t" appears twice (first at 3:2)');
  });

  it('lets empty names repeat: trailing commas name no column', () => {
    const t = read('t,price,,\n0,1,,\n');
    expect(t.header).toEqual(['t', 'price', '', '']);
    expect(t.rows).toHaveLength(1);
  });

  it('keeps the header’s line and the column of each name', () => {
    const t = read('\n# c\norigin, s1,"s,2"\nr,1,2\n');
    expect(t.header).toEqual(['origin', 's1', 's,2']);
    expect(t.headerLine).toBe(3);
    expect(t.headerCols).toEqual([1, 9, 12]);
  });
});

describe('a CSV row', () => {
  it('keeps the column where each cell starts: after blanks, at its opening quote, past quoted commas', () => {
    const t = read('a,b,c\n1,2,3\n# c\n  x ,"y,1",\n"",  ,z\n');
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['1', '2', '3'],
      ['x', 'y,1', ''],
      ['', '', 'z'],
    ]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(t.rows.map((r) => r.cells.map((_, i) => cellColumn(t, r, i)))).toEqual([
      [1, 3, 5],
      [3, 6, 12],
      [1, 6, 7],
    ]);
    // An index the row does not have (a column the header lacks) reads as column 1.
    expect(cellColumn(t, t.rows[0] as (typeof t.rows)[number], -1)).toBe(1);
  });

  it('holds the columns of a long table in one array', () => {
    const t = read(`v\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i % 4)}${i}`).join('\n')}\n`);
    expect(t.cellCols).toHaveLength(3000);
    expect(t.rows.map((r) => cellColumn(t, r, 0))).toEqual(Array.from({ length: 3000 }, (_, i) => 1 + (i % 4)));
  });
});

describe('repeatedColumn', () => {
  it('gives the first repeat only, with both places', () => {
    const cols: number[] = [];
    const header = splitCsvLine('a,b,a,b', 'f', 4, cols);
    expect(repeatedColumn(header, cols, 4)).toEqual({ col: 5, reason: 'column "a" appears twice (first at 4:1)' });
    expect(repeatedColumn(['a', 'b'], [1, 3], 1)).toBeUndefined();
  });
});
