import { closeSync } from 'node:fs';
import { DEFAULT_TRACE_LIMIT, ScheduleTraceRecorder } from '../metrics/schedule-trace.js';
import type { RunRecord } from '../metrics/run-record.js';
import { chromeTrace } from '../report/chrome-trace.js';
import { jobsCsv } from '../report/jobs-csv.js';
import type { Simulation } from '../sim/simulation.js';
import { UsageError } from './exit-codes.js';
import { openOutput, writeChunks } from './output-file.js';

/** The per-run output files of `manychip run`, as given on the command line. */
export interface RunOutputOptions {
  /** `--jobs <file>`: one CSV row per job. */
  jobs?: string;
  /** `--trace <file>`: the schedule as a Chrome trace. */
  trace?: string;
  /** `--trace-limit <n>`: most events in the trace. */
  traceLimit?: number;
}

/**
 * The files `manychip run` writes besides its results. They are opened
 * before the run, so that a path that cannot be written fails at once
 * rather than after a long simulation, and written in chunks as they are
 * rendered.
 */
export class RunOutputs {
  private readonly jobsFd: number | undefined;
  private readonly traceFd: number | undefined;
  private readonly recorder: ScheduleTraceRecorder | undefined;

  private constructor(private readonly options: RunOutputOptions) {
    if (options.traceLimit !== undefined && options.trace === undefined) throw new UsageError('--trace-limit needs --trace <file>');
    this.jobsFd = options.jobs === undefined ? undefined : openOutput(options.jobs, '--jobs');
    try {
      this.traceFd = options.trace === undefined ? undefined : openOutput(options.trace, '--trace');
    } catch (e) {
      if (this.jobsFd !== undefined) closeSync(this.jobsFd);
      throw e;
    }
    this.recorder = options.trace === undefined ? undefined : new ScheduleTraceRecorder(options.traceLimit ?? DEFAULT_TRACE_LIMIT);
  }

  /** Opens the files the options name (none: nothing to do). Throws a `UsageError` for a path that cannot be written. */
  static open(options: RunOutputOptions): RunOutputs {
    return new RunOutputs(options);
  }

  /** What `simulate` should call with the simulation (attaches the trace recorder), if anything. */
  get observe(): ((sim: Simulation) => void) | undefined {
    const recorder = this.recorder;
    return recorder === undefined ? undefined : (sim) => void recorder.attach(sim);
  }

  /** Writes the files for the finished run; `warn` gets a line when the trace was cut. */
  write(run: RunRecord, warn: (line: string) => void): void {
    if (this.jobsFd !== undefined) writeChunks(this.jobsFd, jobsCsv(run), this.options.jobs as string);
    if (this.traceFd !== undefined && this.recorder !== undefined) {
      const trace = this.recorder.finish(run.endTime);
      writeChunks(this.traceFd, chromeTrace(trace, run), this.options.trace as string);
      if (trace.droppedEvents > 0) {
        warn(`warning: trace cut at ${trace.limit} events (--trace-limit); ${trace.droppedEvents} more not written\n`);
      }
    }
  }

  /** Closes the files (also after a failed run). */
  close(): void {
    if (this.jobsFd !== undefined) closeSync(this.jobsFd);
    if (this.traceFd !== undefined) closeSync(this.traceFd);
  }
}
