import type { Problem } from './problem.js';

/**
 * A reader for Gavel's measured throughput tables (Narayanan et al.,
 * "Heterogeneity-Aware Cluster Scheduling Policies for Deep Learning
 * Workloads", OSDI 2020; `scheduler/simulation_throughputs.json` in
 * stanford-futuredata/gavel, MIT licence).
 *
 * The file is `{worker_type: {job_key: {"null": steps_per_s, other_key: [a, b]}}}`
 * where a job key is a Python tuple rendered as a string,
 * `"('ResNet-50 (batch size 64)', 1)"`: job type and scale factor (GPUs).
 * `"null"` holds the job's isolated throughput in steps per second (0.0:
 * the job cannot run there); every other inner key is a co-located pair,
 * which manychip does not model and only counts.
 */

/** The isolated throughputs of one (job type, scale factor). */
export interface GavelRow {
  readonly jobType: string;
  /** GPUs per job in the measurement: 1, 2, 4 or 8 in Gavel's table. */
  readonly scaleFactor: number;
  /** Training steps per second per worker type; 0 means cannot run there; a worker type without a value has no measurement. */
  readonly stepsPerS: Readonly<Record<string, number>>;
}

export interface GavelThroughputs {
  /** The file's name, for messages. */
  readonly file: string;
  /** Worker types read, in file order. */
  readonly workerTypes: readonly string[];
  /** Worker types present in the file but left out (the `*_unconsolidated` ones, unless asked for). */
  readonly skippedWorkerTypes: readonly string[];
  /** One row per (job type, scale factor), in order of first appearance. */
  readonly rows: readonly GavelRow[];
  /** Co-location entries (two jobs sharing the same GPUs) skipped, over the worker types read. */
  readonly colocatedPairs: number;
}

export interface GavelParseOptions {
  /** Also read the `*_unconsolidated` worker types (a job's GPUs spread across servers). Default false, as in Gavel's own estimator. */
  unconsolidated?: boolean;
}

/**
 * A Gavel table that cannot be read: not JSON, a malformed tuple key, a
 * value of the wrong shape. `path` names the keys leading to the problem
 * (`k80["('A3C', 1)"]`), `line` and `col` where the file shows it, when found.
 */
export class GavelTableError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
    readonly line?: number,
    readonly col?: number,
  ) {
    const where = line === undefined ? file : `${file}:${line}:${col ?? 1}`;
    super(`${where}: ${path === '' ? '' : `${path}: `}${reason}`);
    this.name = 'GavelTableError';
  }

  /** The same, as a scenario problem (so it prints like every other bad input). */
  get problem(): Problem {
    return { file: this.file, ...(this.line === undefined ? {} : { line: this.line, col: this.col ?? 1 }), path: this.path, message: this.reason };
  }
}

/** The two halves of a Gavel job key. */
export interface GavelJobKey {
  jobType: string;
  scaleFactor: number;
}

const KEY_FORM = "expected ('<job type>', <scale factor>)";

/**
 * Parses a Gavel job key, the Python `repr` of a `(str, int)` tuple such as
 * `('ResNet-50 (batch size 64)', 1)`. The job type may itself hold commas
 * and parentheses, so the key is read as a tuple, never split on commas.
 * Returns the reason when the key is malformed.
 */
export function parseGavelKey(key: string): GavelJobKey | { error: string } {
  let i = 0;
  const skipSpace = (): void => {
    while (key[i] === ' ') i++;
  };
  const fail = (what: string): { error: string } => ({ error: `malformed key ${JSON.stringify(key)}: ${what}; ${KEY_FORM}` });

  skipSpace();
  if (key[i] !== '(') return fail('does not start with "("');
  i++;
  skipSpace();
  const quote = key[i];
  if (quote !== "'" && quote !== '"') return fail('the job type is not a quoted string');
  i++;
  let jobType = '';
  for (;;) {
    const ch = key[i];
    if (ch === undefined) return fail('the job type has no closing quote');
    if (ch === quote) break;
    if (ch === '\\') {
      const escaped = pythonEscape(key, i);
      if (escaped === undefined) return fail(`bad escape at character ${i + 1}`);
      jobType += escaped.text;
      i = escaped.next;
      continue;
    }
    jobType += ch;
    i++;
  }
  i++;
  skipSpace();
  if (key[i] !== ',') return fail('no "," after the job type');
  i++;
  skipSpace();
  const digits = /^\d+/.exec(key.slice(i))?.[0];
  if (digits === undefined) return fail('the scale factor is not a whole number');
  i += digits.length;
  skipSpace();
  if (key[i] !== ')') return fail('the scale factor is not followed by ")"');
  i++;
  skipSpace();
  if (i !== key.length) return fail('text after the closing ")"');
  const scaleFactor = Number(digits);
  if (jobType === '') return fail('the job type is empty');
  if (scaleFactor < 1 || !Number.isSafeInteger(scaleFactor)) return fail('the scale factor must be at least 1');
  return { jobType, scaleFactor };
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** The character a Python string escape at `at` (the backslash) stands for. */
function pythonEscape(text: string, at: number): { text: string; next: number } | undefined {
  const c = text[at + 1];
  if (c === undefined) return undefined;
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { text: simple, next: at + 2 };
  const width = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (width === 0) return undefined;
  const hex = text.slice(at + 2, at + 2 + width);
  if (hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) return undefined;
  return { text: String.fromCodePoint(code), next: at + 2 + width };
}

/**
 * Reads a Gavel throughput table. Throws a `GavelTableError` naming the
 * file, the keys and (when it can be found) the line for anything that is
 * not a well-formed table; never anything else.
 */
export function parseGavelThroughputs(text: string, file: string, options: GavelParseOptions = {}): GavelThroughputs {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw notJson(text, file, e);
  }
  const fail = (keys: readonly string[], reason: string): GavelTableError => {
    const pos = keys.length === 0 ? { line: 1, col: 1 } : findKey(text, keys);
    return new GavelTableError(file, keyPath(keys), reason, pos?.line, pos?.col);
  };
  if (!isMap(data)) throw fail([], `must be a map of worker types to job keys; got ${shape(data)}`);

  const workerTypes: string[] = [];
  const skippedWorkerTypes: string[] = [];
  const rows = new Map<string, { jobType: string; scaleFactor: number; stepsPerS: Record<string, number> }>();
  let colocatedPairs = 0;

  for (const [worker, jobs] of Object.entries(data)) {
    if (worker.endsWith('_unconsolidated') && options.unconsolidated !== true) {
      skippedWorkerTypes.push(worker);
      continue;
    }
    if (!isMap(jobs)) throw fail([worker], `must be a map of job keys; got ${shape(jobs)}`);
    workerTypes.push(worker);
    const seenHere = new Map<string, string>();
    for (const [key, entry] of Object.entries(jobs)) {
      const job = parseGavelKey(key);
      if ('error' in job) throw fail([worker, key], job.error);
      const id = `${job.scaleFactor}\u0000${job.jobType}`;
      const earlier = seenHere.get(id);
      if (earlier !== undefined) throw fail([worker, key], `the same job as key ${JSON.stringify(earlier)}`);
      seenHere.set(id, key);
      if (!isMap(entry)) throw fail([worker, key], `must be a map with "null" (the isolated throughput); got ${shape(entry)}`);
      const isolated = entry['null'];
      if (isolated === undefined) throw fail([worker, key], 'has no "null" entry (the isolated throughput, steps per second)');
      if (typeof isolated !== 'number' || !Number.isFinite(isolated) || isolated < 0) {
        throw fail([worker, key, 'null'], `the isolated throughput must be a number >= 0; got ${shape(isolated)}`);
      }
      for (const [other, pair] of Object.entries(entry)) {
        if (other === 'null') continue;
        const otherJob = parseGavelKey(other);
        if ('error' in otherJob) throw fail([worker, key, other], otherJob.error);
        const ok = Array.isArray(pair) && pair.length === 2 && pair.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0);
        if (!ok) throw fail([worker, key, other], `a co-located pair must be [this job's, the other job's] throughput, two numbers >= 0; got ${shape(pair)}`);
        colocatedPairs++;
      }
      let row = rows.get(id);
      if (row === undefined) {
        // Keyed by worker types, any text: without a prototype, "__proto__" is a key like any other and an unmeasured "constructor" reads undefined.
        row = { jobType: job.jobType, scaleFactor: job.scaleFactor, stepsPerS: Object.create(null) as Record<string, number> };
        rows.set(id, row);
      }
      row.stepsPerS[worker] = isolated;
    }
  }
  return { file, workerTypes, skippedWorkerTypes, rows: [...rows.values()], colocatedPairs };
}

/** The row of a (job type, scale factor), if the table has it. */
export function gavelRow(table: GavelThroughputs, jobType: string, scaleFactor: number): GavelRow | undefined {
  return table.rows.find((r) => r.jobType === jobType && r.scaleFactor === scaleFactor);
}

/** Job types in the table, in order of first appearance; only those measured at `scaleFactor`, if given. */
export function gavelJobTypes(table: GavelThroughputs, scaleFactor?: number): string[] {
  const out = new Set<string>();
  for (const r of table.rows) if (scaleFactor === undefined || r.scaleFactor === scaleFactor) out.add(r.jobType);
  return [...out];
}

/** Scale factors in the table, ascending; only those measured for `jobType`, if given. */
export function gavelScaleFactors(table: GavelThroughputs, jobType?: string): number[] {
  const out = new Set<number>();
  for (const r of table.rows) if (jobType === undefined || r.jobType === jobType) out.add(r.scaleFactor);
  return [...out].sort((a, b) => a - b);
}

function notJson(text: string, file: string, e: unknown): GavelTableError {
  const raw = e instanceof Error ? e.message : String(e);
  // V8 words it "... in JSON at position N" (Node 22 adds "(line L column C)"); the position becomes a line here.
  const at = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(raw);
  const offset = at === null ? text.length : Number(at[1]);
  const reason = (at === null ? raw : raw.slice(0, at.index)).replace(/^./, (c) => c.toLowerCase());
  const pos = lineCol(text, offset);
  return new GavelTableError(file, '', `not JSON: ${reason}`, pos.line, pos.col);
}

/** `k80["('A3C', 1)"]["null"]`: the keys that lead to a value, unambiguous whatever they hold. */
function keyPath(keys: readonly string[]): string {
  return keys.map((k, i) => (i === 0 ? k : `[${JSON.stringify(k)}]`)).join('');
}

/**
 * Where a nested key is written, found by searching for each key in turn
 * after the one before: cheap, and exact for a file written by Python's
 * json module. A worker or job key is followed by a map; a pair by a list.
 */
function findKey(text: string, keys: readonly string[]): { line: number; col: number } | undefined {
  let from = 0;
  let found = -1;
  keys.forEach((key, depth) => {
    if (from < 0) return;
    const quoted = JSON.stringify(key);
    const after = depth < 2 ? /\s*:\s*\{/y : /\s*:/y;
    let at = text.indexOf(quoted, from);
    while (at >= 0) {
      after.lastIndex = at + quoted.length;
      if (after.test(text)) break;
      at = text.indexOf(quoted, at + 1);
    }
    found = at;
    from = at < 0 ? -1 : at + quoted.length;
  });
  return found < 0 ? undefined : lineCol(text, found);
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: end - lineStart + 1 };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function shape(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length}`;
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}
