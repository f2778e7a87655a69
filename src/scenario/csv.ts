import { LineReader, type LineReaderOptions } from '../io/line-reader.js';
import type { Problem } from './problem.js';

/**
 * A small CSV reader for the data files a scenario points at (node lists,
 * RTT matrices, price series, empirical values): comma-separated, a header
 * row, double quotes around fields that contain commas or quotes, `#` lines
 * and blank lines skipped. Rows keep their 1-based line numbers so that a
 * bad value is reported where it is.
 */
export interface CsvTable {
  file: string;
  header: string[];
  /** Line of the header row (comment or blank lines may come first). */
  headerLine: number;
  /** 1-based column where each header name starts, for messages about a column. */
  headerCols: number[];
  rows: CsvRow[];
  /**
   * 1-based column where each cell's text starts, row after row, for
   * messages about a cell (`cellColumn`): one array for the whole table,
   * so that a long file does not carry a second array per row.
   */
  cellCols: Int32Array;
}

export interface CsvRow {
  line: number;
  cells: string[];
  /** Where the row's first cell is in `CsvTable.cellCols`. */
  firstCell: number;
}

/** The 1-based column where cell `index` of `row` starts (1 for an index the row does not have). */
export function cellColumn(t: CsvTable, row: CsvRow, index: number): number {
  return index >= 0 && index < row.cells.length ? (t.cellCols[row.firstCell + index] as number) : 1;
}

/** A problem with cell `index` of `row`, located at that cell. */
export function cellProblem(t: CsvTable, row: CsvRow, index: number, message: string, path = ''): Problem {
  return { file: t.file, line: row.line, col: cellColumn(t, row, index), path, message };
}

/** Thrown for text that is not CSV, or a header that names a column twice; the message names the file and line (and column, when known). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    readonly col?: number,
  ) {
    super(`${file}:${line}${col === undefined ? '' : `:${col}`} ${reason}`);
    this.name = 'CsvSyntaxError';
  }

  /** The error as a scenario problem, located where it is. */
  get problem(): Problem {
    return { file: this.file, line: this.line, ...(this.col === undefined ? {} : { col: this.col }), path: '', message: this.reason };
  }
}

/**
 * Reads a CSV file a line at a time (through `LineReader`: a regular file
 * only, gzip inflated, at most `limitBytes`), so that only the table is
 * held, never the file's text beside it. Throws a `CsvSyntaxError` for text
 * that is not CSV and an `InputFileError` for a file that cannot be read.
 */
export function readCsvFile(path: string, options: LineReaderOptions): CsvTable {
  const reader = new LineReader(path, options);
  const file = reader.name;
  let header: string[] | undefined;
  let headerLine = 1;
  const headerCols: number[] = [];
  const rows: CsvRow[] = [];
  let cellCols = new Int32Array(1024);
  let cellCount = 0;
  const cols: number[] = [];
  try {
    for (let raw = reader.next(); raw !== undefined; raw = reader.next()) {
      const line = reader.lineNumber;
      if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
      if (header === undefined) {
        header = splitCsvLine(raw, file, line, headerCols);
        headerLine = line;
        const repeated = repeatedColumn(header, headerCols, line);
        if (repeated !== undefined) throw new CsvSyntaxError(file, line, repeated.reason, repeated.col);
        continue;
      }
      cols.length = 0;
      const cells = splitCsvLine(raw, file, line, cols);
      if (cells.length !== header.length) {
        throw new CsvSyntaxError(file, line, `has ${cells.length} fields; the header has ${header.length}`);
      }
      if (cellCount + cols.length > cellCols.length) {
        const grown = new Int32Array(Math.max(cellCols.length * 2, cellCount + cols.length));
        grown.set(cellCols);
        cellCols = grown;
      }
      cellCols.set(cols, cellCount);
      rows.push({ line, cells, firstCell: cellCount });
      cellCount += cols.length;
    }
  } finally {
    reader.close();
  }
  if (header === undefined) throw new CsvSyntaxError(file, 1, 'is empty: a header row is needed');
  return { file, header, headerLine, headerCols, rows, cellCols: cellCols.slice(0, cellCount) };
}

/**
 * The cells of one CSV line, trimmed. With `cols`, the 1-based column where
 * each cell's text starts (after leading blanks) is pushed onto it, for
 * messages about a header's names or a cell.
 */
export function splitCsvLine(raw: string, file: string, line: number, cols?: number[]): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (cols !== undefined) {
      let at = i;
      while (at < raw.length && (raw[at] === ' ' || raw[at] === '\t')) at++;
      cols.push(at + 1);
    }
    let cell = '';
    if (raw[i] === '"') {
      i++;
      for (;;) {
        if (i >= raw.length) throw new CsvSyntaxError(file, line, 'has an unclosed quote');
        if (raw[i] === '"') {
          if (raw[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += raw[i++];
      }
      if (i < raw.length && raw[i] !== ',') throw new CsvSyntaxError(file, line, 'has text after a closing quote');
    } else {
      const end = raw.indexOf(',', i);
      cell = end < 0 ? raw.slice(i) : raw.slice(i, end);
      i = end < 0 ? raw.length : end;
    }
    cells.push(cell.trim());
    if (i >= raw.length) return cells;
    i++; // the comma
  }
}

/**
 * The first name of a header that an earlier one already has, as a reason
 * located at its column: a reader that maps columns by name would keep one
 * of the two values and silently drop the other. Empty names (trailing
 * commas of a spreadsheet export) name no column and may repeat.
 */
export function repeatedColumn(header: readonly string[], cols: readonly number[], line: number): { col: number; reason: string } | undefined {
  const first = new Map<string, number>();
  for (let i = 0; i < header.length; i++) {
    const name = header[i] as string;
    if (name === '') continue;
    const earlier = first.get(name);
    if (earlier !== undefined) {
      return { col: cols[i] ?? 1, reason: `column ${JSON.stringify(name)} appears twice (first at ${line}:${cols[earlier] ?? 1})` };
    }
    first.set(name, i);
  }
  return undefined;
}

/** Index of a column, or -1. */
export function columnIndex(table: CsvTable, name: string): number {
  return table.header.indexOf(name);
}
