import type { Rng } from '../../engine/rng.js';
import type { ArrivalSource, ExplicitJob, OriginPicker } from '../arrival-source.js';
import { BadRows, SkippedRows, type RowProblem } from './bad-rows.js';
import { LineReader } from '../../io/line-reader.js';
import { InputError } from '../../scenario/problem.js';

/** What a trace format's row parser gives back for one line. */
export type RowResult =
  /** A job to replay, with its trace time in seconds (before the start offset and time scale). */
  | { kind: 'job'; time: number; job: Omit<ExplicitJob, 'arrival' | 'origin'> }
  /** A line with no job on it (a comment, a header, a blank line). */
  | { kind: 'none' }
  /** A well-formed job that cannot be replayed, and the rule that says so. */
  | { kind: 'skip'; rule: string }
  | { kind: 'bad'; problem: Omit<RowProblem, 'line'> };

export interface TraceSourceOptions {
  /** The file as messages should name it. */
  displayName: string;
  /** Most jobs to read; Infinity for the whole file. */
  count: number;
  /** Trace time that becomes simulated time 0; earlier jobs arrive at 0. */
  startAt: number;
  /** Multiplies (trace time − startAt). */
  timeScale: number;
  strict: boolean;
  origins: OriginPicker;
  /** The workload entry's `arrivals:<i>` stream, for picking weighted origins. */
  rng: Rng;
}

/**
 * Jobs read from a trace file one line at a time, as an arrival source:
 * only the pending arrival is held, so memory does not grow with the file.
 * A format supplies `parseRow`; this class handles reading, ordering,
 * malformed and skipped rows, the time offset and scale, and origins.
 *
 * A trace must be sorted by time: a row earlier than the one before it is
 * malformed (skipped and counted, or fatal under strict).
 */
export abstract class TraceSource implements ArrivalSource {
  nextTime = Infinity;
  cls = 0;
  origin = 0;
  explicit: ExplicitJob | undefined = undefined;
  readonly badRows: BadRows;
  readonly skipped = new SkippedRows();
  /** Jobs read so far. */
  read = 0;
  private readonly reader: LineReader;
  private lastTraceTime = -Infinity;

  constructor(
    path: string,
    protected readonly options: TraceSourceOptions,
  ) {
    this.reader = new LineReader(path, { what: 'trace', name: options.displayName });
    this.badRows = new BadRows(options.displayName, options.strict);
  }

  /** Parses one line of the file (1-based `line`) into a job, or says why there is none. */
  protected abstract parseRow(text: string, line: number): RowResult;

  /** Facts about the replay worth a warning, beyond bad and skipped rows (e.g. jobs that outran their estimate). */
  protected notes(): string[] {
    return [];
  }

  /**
   * Reads the first arrival; the file is closed if that fails (a bad row
   * under strict). A trace with no job at all is refused: a workload entry
   * that brings nothing is almost surely a mistake (an empty or wrong file,
   * a `startAt` past its end), and a run would end with no word of it.
   */
  protected first(): void {
    try {
      this.advance();
    } catch (e) {
      this.close();
      throw e;
    }
    if (this.read === 0) throw this.noJobs();
  }

  /** The error for a trace that gave no job, saying what was left out if anything was. */
  private noJobs(): InputError {
    const left: string[] = [];
    const bad = this.badRows.first;
    if (bad !== undefined) {
      const rows = this.badRows.count === 1 ? '1 malformed row' : `${this.badRows.count.toLocaleString('en-US')} malformed rows`;
      left.push(`${rows}, the first at line ${bad.line}, ${bad.field}: ${bad.message}`);
    }
    left.push(...this.skipped.reasons());
    const why = left.length === 0 ? 'the file has no job rows' : `every row was left out: ${left.join('; ')}`;
    return new InputError([{ file: this.options.displayName, path: '', message: `has no jobs to replay (${why}); a workload entry's trace must give at least one` }]);
  }

  advance(): void {
    const o = this.options;
    for (;;) {
      if (this.read >= o.count) return this.end();
      const text = this.reader.next();
      if (text === undefined) return this.end();
      const line = this.reader.lineNumber;
      const row = this.parseRow(text, line);
      if (row.kind === 'none') continue;
      if (row.kind === 'bad') {
        this.badRows.report({ line, ...row.problem });
        continue;
      }
      if (row.kind === 'skip') {
        this.skipped.skip(row.rule);
        continue;
      }
      if (row.time < this.lastTraceTime) {
        this.badRows.report({ line, field: 'time', message: `${row.time} is before the row above (${this.lastTraceTime}); a trace must be sorted by time` });
        continue;
      }
      this.lastTraceTime = row.time;
      this.read++;
      const arrival = Math.max(0, row.time - o.startAt) * o.timeScale;
      this.nextTime = arrival;
      this.cls = row.job.cls;
      this.origin = o.origins.pick(o.rng);
      // Every field named, in one order: each job the same shape of object, which a spread of the
      // formats' rows (each with its own optional fields) was not, and the intake reads them all.
      // A new optional field of ExplicitJob must be added here, or traced jobs never carry it.
      const j = row.job;
      this.explicit = {
        id: j.id,
        cls: j.cls,
        origin: this.origin,
        arrival,
        work: j.work,
        runtimeS: j.runtimeS,
        milli: j.milli,
        milliCores: j.milliCores,
        memMiB: j.memMiB,
        speed: j.speed,
        oneNode: j.oneNode,
        estimate: j.estimate,
        inputGB: j.inputGB,
        deadlineS: j.deadlineS,
        budget: j.budget,
        bid: j.bid,
        tier: j.tier,
      };
      return;
    }
  }

  /** Warnings for the end of the run: malformed rows, skipped jobs, and the format's notes. */
  warnings(): string[] {
    const out = this.skipped.warnings(this.options.displayName);
    const bad = this.badRows.warning();
    if (bad !== undefined) out.push(bad);
    out.push(...this.notes());
    return out;
  }

  close(): void {
    this.reader.close();
  }

  private end(): void {
    this.reader.close();
    this.nextTime = Infinity;
    this.explicit = undefined;
  }
}
