import { DEFAULT_TRACE_LIMIT, ScheduleTraceRecorder } from '../sim/schedule-trace.js';
import type { RunRecord } from '../metrics/run-record.js';
import { chromeTrace } from '../report/chrome-trace.js';
import { jobsCsvHeader, JobsCsvRows } from '../report/jobs-csv.js';
import type { Simulation } from '../sim/simulation.js';
import { UsageError } from '../errors.js';
import { checkDistinctOutputs, OutputFile } from '../io/output-file.js';

/** Rows of the per-job CSV per write. */
const ROWS_PER_CHUNK = 4096;

/** The per-run output files of `manychip run`, as given on the command line. */
export interface RunOutputOptions {
  /** `--jobs <file>`: one CSV row per job. */
  jobs?: string;
  /** `--trace <file>`: the schedule as a Chrome trace. */
  trace?: string;
  /** `--trace-limit <n>`: most events in the trace. */
  traceLimit?: number;
  /** `--report <file>`: written by the command itself; named here so that no two outputs share a path. */
  report?: string;
  /** `-o, --output <file>`: the results, written by the command itself; named here for the same reason. */
  output?: string;
}

/**
 * The files `manychip run` writes besides its results. They are opened
 * before the run, so that a path that cannot be written fails at once
 * rather than after a long simulation, written in chunks as they are
 * rendered, and put in place only when complete (see `OutputFile`).
 */
export class RunOutputs {
  private readonly jobsFile: OutputFile | undefined;
  private readonly traceFile: OutputFile | undefined;
  private readonly recorder: ScheduleTraceRecorder | undefined;

  private constructor(private readonly options: RunOutputOptions) {
    if (options.traceLimit !== undefined && options.trace === undefined) throw new UsageError('--trace-limit needs --trace <file>');
    checkDistinctOutputs([
      ['--jobs', options.jobs],
      ['--trace', options.trace],
      ['--report', options.report],
      ['--output', options.output],
    ]);
    this.jobsFile = options.jobs === undefined ? undefined : OutputFile.open(options.jobs, '--jobs');
    try {
      this.traceFile = options.trace === undefined ? undefined : OutputFile.open(options.trace, '--trace');
    } catch (e) {
      this.jobsFile?.abort();
      throw e;
    }
    this.recorder = options.trace === undefined ? undefined : new ScheduleTraceRecorder(options.traceLimit ?? DEFAULT_TRACE_LIMIT);
  }

  /** Opens the files the options name (none: nothing to do). Throws a `UsageError` for a path that cannot be written. */
  static open(options: RunOutputOptions): RunOutputs {
    return new RunOutputs(options);
  }

  /**
   * What `simulate` should call with the simulation, if anything: attaches
   * the trace recorder, and streams the per-job rows to their file as jobs
   * end (in arrival order), so that the run need not keep its jobs.
   */
  get observe(): ((sim: Simulation) => void) | undefined {
    const recorder = this.recorder;
    const jobsFile = this.jobsFile;
    if (recorder === undefined && jobsFile === undefined) return undefined;
    return (sim) => {
      recorder?.attach(sim);
      if (jobsFile !== undefined) this.streamJobs(sim, jobsFile);
    };
  }

  private pendingRows = '';

  private streamJobs(sim: Simulation, file: OutputFile): void {
    const rows = new JobsCsvRows(sim.model);
    this.pendingRows = jobsCsvHeader();
    let n = 0;
    sim.streamJobs((jobs, job) => {
      this.pendingRows += rows.row(jobs, job);
      if (++n < ROWS_PER_CHUNK) return;
      file.write([this.pendingRows]);
      this.pendingRows = '';
      n = 0;
    });
  }

  /** Completes the files for the finished run; `warn` gets a line when the trace was cut. */
  write(run: RunRecord, warn: (line: string) => void): void {
    if (this.jobsFile !== undefined) {
      this.jobsFile.write([this.pendingRows]);
      this.pendingRows = '';
      this.jobsFile.commit();
    }
    if (this.traceFile !== undefined && this.recorder !== undefined) {
      const trace = this.recorder.finish(run.endTime);
      this.traceFile.write(chromeTrace(trace, run));
      this.traceFile.commit();
      if (trace.droppedEvents > 0) {
        warn(`warning: trace cut at ${trace.limit} events (--trace-limit); ${trace.droppedEvents} more not written\n`);
      }
    }
  }

  /** Drops whatever was not written in full (after a failed run); earlier files of those names stay as they were. */
  close(): void {
    this.jobsFile?.abort();
    this.traceFile?.abort();
  }
}
