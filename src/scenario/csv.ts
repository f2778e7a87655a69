import { LineReader, type LineReaderOptions } from '../io/line-reader.js';

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
  rows: CsvRow[];
}

export interface CsvRow {
  line: number;
  cells: string[];
}

/** Thrown for text that is not CSV; the message names the file and line. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line} ${reason}`);
    this.name = 'CsvSyntaxError';
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
  const rows: CsvRow[] = [];
  try {
    for (let raw = reader.next(); raw !== undefined; raw = reader.next()) {
      const line = reader.lineNumber;
      if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
      const cells = splitCsvLine(raw, file, line);
      if (header === undefined) {
        header = cells.map((c) => c.trim());
        continue;
      }
      if (cells.length !== header.length) {
        throw new CsvSyntaxError(file, line, `has ${cells.length} fields; the header has ${header.length}`);
      }
      rows.push({ line, cells });
    }
  } finally {
    reader.close();
  }
  if (header === undefined) throw new CsvSyntaxError(file, 1, 'is empty: a header row is needed');
  return { file, header, rows };
}

export function splitCsvLine(raw: string, file: string, line: number): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
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

/** Index of a column, or -1. */
export function columnIndex(table: CsvTable, name: string): number {
  return table.header.indexOf(name);
}
