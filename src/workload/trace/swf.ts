import { bounds, MAX_CHIPS_PER_JOB, outOfBound, type Bound } from '../../scenario/field-bounds.js';
import type { TraceSpec } from '../../scenario/schema.js';
import { TraceSource, type RowResult, type TraceSourceOptions } from './trace-source.js';
import { LineReader } from '../../io/line-reader.js';
import { DECIMAL } from '../../io/decimal.js';

/**
 * The Standard Workload Format of the Parallel Workloads Archive
 * (https://www.cs.huji.ac.il/labs/parallel/workload/swf.html): one job per
 * line, 18 whitespace-separated numeric fields, -1 for "unknown", and `;`
 * comment lines, the header block among them as `; Key: value`.
 */
export const SWF_FIELDS = [
  'job number',
  'submit time',
  'wait time',
  'run time',
  'allocated processors',
  'average CPU time',
  'used memory',
  'requested processors',
  'requested time',
  'requested memory',
  'status',
  'user',
  'group',
  'executable',
  'queue',
  'partition',
  'preceding job',
  'think time',
] as const;

/** One job line with the fields a replay needs; -1 where the log does not know. */
export interface SwfRecord {
  job: number;
  submit: number;
  wait: number;
  run: number;
  allocatedProcs: number;
  requestedProcs: number;
  requestedTime: number;
  status: number;
  user: number;
}

export type SwfLine = { kind: 'comment' } | { kind: 'record'; record: SwfRecord } | { kind: 'bad'; field: string; message: string };

/** Parses one line of an SWF file. */
export function parseSwfLine(text: string): SwfLine {
  // A job line as logs write it is read by a scan of its characters; anything else (a comment, a blank or bad line) by the rules below, which say what is wrong.
  if (scanJobLine(text)) return { kind: 'record', record: recordOf(scanned) };
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith(';')) return { kind: 'comment' };
  const cells = trimmed.split(/\s+/);
  if (cells.length !== SWF_FIELDS.length) {
    return { kind: 'bad', field: 'line', message: `has ${cells.length} fields; an SWF job line has 18` };
  }
  const values = new Array<number>(SWF_FIELDS.length);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as string;
    if (!DECIMAL.test(cell)) return { kind: 'bad', field: fieldName(i), message: `"${cell}" is not a number (-1 means unknown)` };
    const v = Number(cell);
    if (v < 0 && v !== -1) return { kind: 'bad', field: fieldName(i), message: `${cell} is negative; only -1 (unknown) may be` };
    values[i] = v;
  }
  return { kind: 'record', record: recordOf(values) };
}

function recordOf(values: ArrayLike<number>): SwfRecord {
  return {
    job: values[0] as number,
    submit: values[1] as number,
    wait: values[2] as number,
    run: values[3] as number,
    allocatedProcs: values[4] as number,
    requestedProcs: values[7] as number,
    requestedTime: values[8] as number,
    status: values[10] as number,
    user: values[11] as number,
  };
}

/** The fields of the line `scanJobLine` accepted last. */
const scanned = new Float64Array(SWF_FIELDS.length);

/** Integers of up to this many digits are exact when accumulated digit by digit (10^15 < 2^53). */
const EXACT_DIGITS = 15;

/** Space, tab, line feed, vertical tab, form feed, carriage return: the ASCII whitespace `\s` matches. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Whether `text` is a job line that `parseSwfLine`'s rules accept: 18
 * cells separated by ASCII whitespace, each a number by `DECIMAL`, none
 * negative but -1. If so, its values are in `scanned`, each what
 * `Number(cell)` gives. False for anything else, which the rules then
 * read (and explain): the scan allocates nothing, where splitting and
 * matching cost more than the simulation of the job.
 */
function scanJobLine(text: string): boolean {
  const n = text.length;
  let i = 0;
  let field = 0;
  for (;;) {
    while (isAsciiSpace(codeAt(text, i, n))) i++;
    if (i === n) return field === SWF_FIELDS.length;
    if (field === SWF_FIELDS.length) return false;
    const start = i;
    const negative = codeAt(text, i, n) === 45;
    if (negative) i++;
    let value = 0;
    let digits = 0;
    for (let c = codeAt(text, i, n); isDigit(c); c = codeAt(text, ++i, n)) {
      value = value * 10 + (c - 48);
      digits++;
    }
    let plain = digits > 0 && digits <= EXACT_DIGITS;
    if (codeAt(text, i, n) === 46) {
      plain = false;
      i++;
      let fraction = 0;
      while (isDigit(codeAt(text, i, n))) {
        i++;
        fraction++;
      }
      if (digits === 0 && fraction === 0) return false;
    } else if (digits === 0) return false;
    const e = codeAt(text, i, n);
    if (e === 101 || e === 69) {
      plain = false;
      i++;
      const sign = codeAt(text, i, n);
      if (sign === 43 || sign === 45) i++;
      let exponent = 0;
      while (isDigit(codeAt(text, i, n))) {
        i++;
        exponent++;
      }
      if (exponent === 0) return false;
    }
    if (i < n && !isAsciiSpace(codeAt(text, i, n))) return false;
    const v = plain ? (negative ? -value : value) : Number(text.slice(start, i));
    if (v < 0 && v !== -1) return false;
    scanned[field++] = v;
  }
}

/** The character code at i, or -1 past the end: never NaN, which would turn the scan's integers into doubles. */
function codeAt(text: string, i: number, n: number): number {
  return i < n ? text.charCodeAt(i) : -1;
}

function fieldName(i: number): string {
  return `field ${i + 1} (${SWF_FIELDS[i] as string})`;
}

/** The `; Key: value` lines of an SWF header, read from the top of the file until the first job line. */
export function readSwfHeader(path: string, name = path): Map<string, string> {
  const header = new Map<string, string>();
  const reader = new LineReader(path, { what: 'SWF log', name });
  try {
    for (let text = reader.next(); text !== undefined; text = reader.next()) {
      const t = text.trim();
      if (t === '') continue;
      if (!t.startsWith(';')) break;
      const m = /^;\s*([A-Za-z][\w ]*?)\s*:\s*(.*)$/.exec(t);
      if (m === null) continue;
      const key = m[1] as string;
      const value = (m[2] as string).trim();
      // Repeated keys (Note, Queue) are joined, one per line.
      header.set(key, header.has(key) ? `${header.get(key) as string}\n${value}` : value);
    }
  } finally {
    reader.close();
  }
  return header;
}

type SwfSpec = Extract<TraceSpec, { format: 'swf' }>;

/**
 * SWF jobs as arrivals. Times count from the first job's submit time. A
 * job takes ⌈processors / processorsPerChip⌉ chips (requested processors,
 * or allocated where the log has no request, or the other way round); its
 * work is its run time, and what policies are told is its requested time
 * (the user's estimate, as the site's scheduler saw it) unless asked for
 * the run time. Jobs that outran their requested time keep their true run
 * time: the log says they ran that long.
 */
export class SwfSource extends TraceSource {
  private firstSubmit = NaN;
  private outran = 0;

  constructor(
    path: string,
    private readonly spec: SwfSpec,
    private readonly jobClass: number,
    options: Omit<TraceSourceOptions, 'startAt'>,
  ) {
    super(path, { ...options, startAt: 0 });
    this.first();
  }

  protected parseRow(text: string): RowResult {
    const parsed = parseSwfLine(text);
    if (parsed.kind === 'comment') return { kind: 'none' };
    if (parsed.kind === 'bad') return { kind: 'bad', problem: { field: parsed.field, message: parsed.message } };
    const r = parsed.record;
    if (r.submit < 0) return { kind: 'skip', rule: 'no submit time (field 2 is -1)' };
    if (r.run < 0) return { kind: 'skip', rule: 'no run time (field 4 is -1)' };
    const requestedFirst = this.spec.processors === 'requested';
    const [first, second] = requestedFirst ? [r.requestedProcs, r.allocatedProcs] : [r.allocatedProcs, r.requestedProcs];
    const procs = first > 0 ? first : second;
    if (procs <= 0) return { kind: 'skip', rule: 'no processor count (fields 5 and 8 are -1 or 0)' };
    // The format counts processors in whole numbers; a fraction is a broken line, not a job to round.
    if (!Number.isInteger(procs)) {
      const field = (first > 0) === requestedFirst ? 7 : 4;
      return { kind: 'bad', problem: { field: fieldName(field), message: `${procs} is not a whole number of processors` } };
    }
    // The scenario's own bounds on times and chips per job hold for a logged job too.
    const outOfRange = swfOutOfBounds(r, procs / this.spec.processorsPerChip);
    if (outOfRange !== undefined) return { kind: 'bad', problem: outOfRange };
    if (Number.isNaN(this.firstSubmit)) this.firstSubmit = r.submit;
    const scale = this.spec.runtimeScale;
    const work = r.run * scale;
    const known = this.spec.estimate === 'requested' && r.requestedTime >= 0;
    if (known && r.requestedTime < r.run) this.outran++;
    return {
      kind: 'job',
      time: r.submit - this.firstSubmit,
      job: {
        id: String(r.job),
        cls: this.jobClass,
        work,
        runtimeS: undefined,
        milli: Math.ceil(procs / this.spec.processorsPerChip - 1e-9) * 1000,
        inputGB: 0,
        deadlineS: NaN,
        budget: NaN,
        estimate: known ? r.requestedTime * scale : work,
      },
    };
  }

  protected override notes(): string[] {
    if (this.outran === 0) return [];
    return [
      `${this.options.displayName}: ${this.outran.toLocaleString('en-US')} job${this.outran === 1 ? '' : 's'} ran longer than requested; each runs its logged time (policies saw the shorter request)`,
    ];
  }
}

/** The times of a logged job and their bounds (a requested time may be -1, unknown), by 0-based field. */
const TIME_CHECKS: readonly { field: number; of: (r: SwfRecord) => number; bound: Bound }[] = [
  { field: 1, of: (r) => r.submit, bound: bounds.timeS },
  { field: 3, of: (r) => r.run, bound: bounds.timeS },
  { field: 8, of: (r) => r.requestedTime, bound: { ...bounds.timeS, min: -1 } },
];

/** Why a logged job lies outside the bounds a scenario's jobs keep to, or undefined. */
function swfOutOfBounds(r: SwfRecord, chips: number): { field: string; message: string } | undefined {
  for (const check of TIME_CHECKS) {
    const why = outOfBound(check.of(r), check.bound);
    if (why !== undefined) return { field: fieldName(check.field), message: why };
  }
  if (chips <= MAX_CHIPS_PER_JOB) return undefined;
  return { field: 'fields 5 and 8 (processors)', message: `make ${chips} chips; a job may have at most ${MAX_CHIPS_PER_JOB}` };
}

/** The waits a log itself records (field 3), over jobs with a known wait, sorted ascending. */
export function swfLoggedWaits(path: string, name = path): Float64Array {
  const waits: number[] = [];
  const reader = new LineReader(path, { what: 'SWF log', name });
  try {
    for (let text = reader.next(); text !== undefined; text = reader.next()) {
      const parsed = parseSwfLine(text);
      if (parsed.kind === 'record' && parsed.record.wait >= 0 && (parsed.record.requestedProcs > 0 || parsed.record.allocatedProcs > 0)) waits.push(parsed.record.wait);
    }
  } finally {
    reader.close();
  }
  return Float64Array.from(waits).sort();
}
