import { closeSync, fstatSync, ftruncateSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from '../scenario/problem.js';
import { LineReader } from '../io/line-reader.js';
import { looksLikeSweepRow } from '../io/output-kind.js';
import { RESULTS_SCHEMA_VERSION } from '../metrics/results.js';
import { isTimedOut, type SweepRow } from './sweep-row.js';

/**
 * Reads a sweep's JSONL file row by row (a line at a time: memory does not
 * grow with the file). A last line cut short — a run killed while writing
 * it, so not JSON — is not a row: `complete` says whether the file ended
 * cleanly (if not, `cutLine` is that line's number), and `validBytes`
 * where its last whole line ends (line endings \n or \r\n). Anything else
 * that is not a row is bad input, named by file and line, as is a path
 * that is not a readable regular file.
 */
export function readRows(
  path: string,
  onRow: (row: SweepRow, line: number) => void,
  displayName = path,
): { rows: number; complete: boolean; cutLine?: number; validBytes: number; endsWithNewline: boolean } {
  checkReadable(path, displayName);
  const endsWithNewline = lastByte(path) === 0x0a || lastByte(path) === -1;
  const reader = new LineReader(path, { what: 'sweep results', name: displayName });
  let rows = 0;
  let validBytes = 0;
  let pending: { text: string; line: number; end: number } | undefined;
  try {
    for (let text = reader.next(); text !== undefined; text = reader.next()) {
      if (pending !== undefined) {
        // A line followed by another must be whole.
        onRow(parseRow(pending.text, pending.line, displayName), pending.line);
        rows++;
        validBytes = pending.end;
        pending = undefined;
      }
      if (text.trim() === '') {
        validBytes = reader.bytesRead;
        continue;
      }
      pending = { text, line: reader.lineNumber, end: reader.bytesRead };
    }
  } finally {
    reader.close();
  }
  if (pending === undefined) return { rows, complete: true, validBytes, endsWithNewline };
  // The last line: a whole row (with or without its newline), or the rest of a line a kill cut short.
  let row: unknown;
  try {
    row = JSON.parse(pending.text);
  } catch {
    row = undefined;
  }
  if (row !== undefined && isRow(row)) {
    checkVersion(row, pending.line, displayName);
    onRow(row, pending.line);
    return { rows: rows + 1, complete: true, validBytes: pending.end, endsWithNewline };
  }
  if (row !== undefined) throw new InputError([{ file: displayName, line: pending.line, path: '', message: 'is not a sweep row (sweep, index, total, key, policy, seed, results or timedOut)' }]);
  return { rows, complete: false, cutLine: pending.line, validBytes, endsWithNewline };
}

/** Cuts a JSONL file back to its last whole line (after a kill mid-write), so that appending starts clean. */
export function truncateTo(path: string, bytes: number): void {
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses what cannot be read as a sweep's rows before reading: a missing
 * file, a directory, a device or a pipe (which could be read for ever).
 */
function checkReadable(path: string, file: string): void {
  let problem: string | undefined;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) problem = "is a directory, not a sweep's JSONL file";
    else if (!stat.isFile()) problem = "is not a regular file (a device or a pipe), not a sweep's JSONL file";
    else closeSync(openSync(path, 'r'));
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    problem = code === 'ENOENT' ? 'cannot be read: no such file' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read: permission denied' : `cannot be read: ${(e as Error).message}`;
  }
  if (problem !== undefined) throw InputError.single(file, problem);
}

function parseRow(text: string, line: number, file: string): SweepRow {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch (e) {
    throw new InputError([{ file, line, path: '', message: `is not JSON: ${(e as Error).message}` }]);
  }
  if (!isRow(row)) throw new InputError([{ file, line, path: '', message: 'is not a sweep row (sweep, index, total, key, policy, seed, results or timedOut)' }]);
  checkVersion(row, line, file);
  return row;
}

/**
 * What each version of the results contract changed, by version: said to
 * whoever holds rows of an older one.
 */
const CHANGES: Record<number, string> = {
  2: 'added per-class and per-origin results and redefined slowdown',
  3: 'computes quantiles from a sketch unless --exact, saying which in results.quantiles',
  4: 'added the results of elastic pools (results.elastic)',
  5: 'added the results of a compute-network brain (results.brain)',
  6: 'added the trades of a compute market (results.market)',
  7: 'added the shared network’s results (results.network) and output transfers in JCT',
};

/**
 * Refuses a row whose results are in another version of the contract than
 * this build writes. Older rows are not read: version 1's slowdown divided
 * a resumed job by its last piece of work only, and version 2's quantiles
 * are all exact where version 3's are sketched by default, so aggregating
 * them with current rows, or resuming their sweep into the same file,
 * would mix two definitions under one name.
 */
function checkVersion(row: SweepRow, line: number, file: string): void {
  // A run stopped by --timeout has no results to be of a version.
  if (isTimedOut(row)) return;
  const version: unknown = (row.results as { schemaVersion?: unknown }).schemaVersion;
  if (version === RESULTS_SCHEMA_VERSION) return;
  const which = typeof version === 'number' ? `results of schemaVersion ${version}` : 'results without a schemaVersion';
  const since = Object.entries(CHANGES)
    .filter(([v]) => typeof version !== 'number' || Number(v) > version)
    .map(([, change]) => change)
    .join(', and ');
  const message =
    typeof version === 'number' && version > RESULTS_SCHEMA_VERSION
      ? `holds ${which}, written by a newer manychip; this one reads schemaVersion ${RESULTS_SCHEMA_VERSION}: read the file with the version that wrote it`
      : `holds ${which}, written by an earlier manychip; this one reads schemaVersion ${RESULTS_SCHEMA_VERSION}, which ${since}: run the sweep again with this version (manychip sweep <sweep file> --force), or read the file with the version that wrote it`;
  throw new InputError([{ file, line, path: 'results.schemaVersion', message }]);
}

function isRow(v: unknown): v is SweepRow {
  return looksLikeSweepRow(v);
}

function lastByte(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return -1;
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    return b[0] as number;
  } finally {
    closeSync(fd);
  }
}
