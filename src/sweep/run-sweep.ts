import { availableParallelism } from 'node:os';
import { readFileSync, statSync } from 'node:fs';
import { OutputError } from '../errors.js';
import { LineAppender } from '../io/line-appender.js';
import { writeFailure } from '../io/write-failure.js';
import { RunExecutor, type RunTask } from './execute-run.js';
import { readRows, truncateTo } from './jsonl.js';
import { runOnWorkers, type TaskSource } from './run-on-workers.js';
import { inShard, type Shard } from './shard.js';
import { SweepError } from './sweep-error.js';
import type { SweepPlan } from './sweep-plan.js';

export { SweepError };

export interface SweepOptions {
  /** The JSONL file rows are appended to as runs finish. */
  output: string;
  /** Worker threads; 0 runs everything in this thread. Default: one per core. */
  workers?: number;
  /** Skip the runs already in `output` (by run key) and do the rest. */
  resume?: boolean;
  /** Replace an existing output instead of refusing. */
  force?: boolean;
  shard?: Shard;
  strict?: boolean;
  /** Lean rows: no time series, sketches instead of quantile arrays. */
  lean?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Told once before the runs: how many there are to do, and how many the output already had. */
  onStart?: (todo: number, already: number) => void;
  onWarning?: (warning: string) => void;
  /**
   * Most seconds one run may take. A run that takes longer is stopped (its
   * worker thread replaced) and recorded as a `TimedOutRow`; the sweep goes
   * on. Runs then always go to worker threads (at least one), since only a
   * thread can be stopped in the middle of a run.
   */
  timeoutS?: number;
  /** Stops the sweep: no more runs are started, the runs in flight are dropped, and the outcome says `interrupted`. */
  signal?: AbortSignal;
}

export interface SweepOutcome {
  /** Runs done now, and runs found already done (resume). */
  ran: number;
  skipped: number;
  /** Runs in this shard (all runs when unsharded). */
  inShard: number;
  /** Whether the output is a regular file, which can be read back (not a device or a pipe). */
  outputIsFile: boolean;
  /** Runs stopped by `timeoutS` (among `ran`). */
  timedOut: number;
  /** Whether `signal` stopped the sweep before every run was done. */
  interrupted: boolean;
  /** Whether the output is a pipe whose reader has gone (`-o /dev/stdout | head`): the sweep stopped there, as a reader may ask. */
  readerGone: boolean;
}

/** Why a sweep takes `resume` or `force`, never both: one keeps the output's rows, the other throws them away. */
export const RESUME_OR_FORCE = '--resume and --force do not go together: --resume keeps the runs already in the output and does the rest, --force starts the output over; give one';

/**
 * Runs a sweep (or one shard of it): every run not yet in the output, on
 * worker threads, each row appended to the JSONL output as its run
 * finishes. Only the runs in flight are held; rows go to the file, never
 * into a list. A sweep killed part-way loses nothing: with `resume` it
 * finds the runs already written (a last line cut short is dropped and its
 * run done again) and does the rest. An output that cannot be written is
 * an `OutputError` before the first run; one that fails later (a full
 * disk) stops the sweep with an `OutputError` saying how many runs the
 * file holds, each row whole, so that `resume` goes on from there.
 */
export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<SweepOutcome> {
  if (options.resume === true && options.force === true) throw new SweepError(RESUME_OR_FORCE);
  const mine: number[] = [];
  for (let i = 0; i < plan.total; i++) if (inShard(i, options.shard)) mine.push(i);
  const output = options.output;
  const done = new Set<string>();
  let needsNewline = false;
  const existing = outputKind(output);
  if (existing === 'file') {
    if (options.resume === true) {
      const read = readRows(output, (row, line) => {
        if (row.sweep !== plan.fingerprint) {
          throw new SweepError(`${output}:${line} holds a run of another sweep (${row.sweep}, this one is ${plan.fingerprint}): resume with the sweep that wrote it, or write to a new file`);
        }
        done.add(row.key);
      });
      if (!read.complete) {
        cutTo(output, read.validBytes);
        options.onWarning?.(`${output}: its last line was cut short (a run killed while writing); that run is done again`);
      } else {
        // A whole last row without its newline: appended rows must start on a line of their own.
        needsNewline = !read.endsWithNewline;
      }
    } else if (options.force !== true) {
      throw new SweepError(`${output} exists: give --resume to finish the sweep that wrote it, or --force to start over`);
    }
  } else if (existing === 'other' && options.resume === true) {
    throw new SweepError(`--resume reads back the rows already in ${output}, which is not a regular file (a device or a pipe): write to a file`);
  }
  const todo = mine.filter((i) => !done.has(plan.run(i).key));
  const already = mine.length - todo.length;
  // Opened before the first run: an output that cannot be written stops the sweep before any work.
  const out = LineAppender.open(output, 'sweep output', { truncate: options.resume !== true, newLineFirst: needsNewline });
  options.onStart?.(todo.length, already);
  let timedOut = 0;
  // Stops the runs on the caller's signal, or when nobody reads the rows any more.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort);
  const stopped = (e: unknown): unknown => {
    out.abandon();
    if (!(e instanceof OutputError) || e.path !== output) return e;
    // A line the failure cut short was cut back out of the file (or, if that failed too, --resume drops it): say how far the sweep got.
    const inFile = already + out.lines;
    const rows = out.cutShort ? 'whole rows, then one cut short that --resume drops' : 'each row whole';
    const where = out.regular
      ? `${inFile} of the ${mine.length} runs are in it, ${rows}; fix that and run the same command with --resume to do the other ${mine.length - inFile}`
      : `the sweep stopped after ${out.lines} of its ${mine.length} rows`;
    return new OutputError(output, `${e.message}. ${where}`, { cause: e });
  };
  try {
    const write = (line: string): void => {
      // One write per row: a kill leaves at most the last line cut short, a failed write not even that.
      out.append(line);
      if (out.readerGone) stop.abort();
      else options.onProgress?.(already + out.lines, mine.length);
    };
    const tasks = taskSource(plan, todo, options.strict === true, options.lean === true);
    const asked = options.workers ?? defaultWorkers();
    const workers = Math.min(options.timeoutS === undefined ? asked : Math.max(1, asked), todo.length);
    if (workers <= 0) {
      const executor = new RunExecutor();
      for (let task = tasks.next(-1); task !== undefined && !stop.signal.aborted; task = tasks.next(-1)) {
        write(await executor.execute(task));
        // A run holds this thread from start to end: between runs, let a signal (Ctrl-C) be heard.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } else {
      timedOut = (await runOnWorkers(workers, tasks, write, { timeoutS: options.timeoutS, signal: stop.signal })).timedOut;
    }
  } catch (e) {
    throw stopped(e);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  try {
    out.close();
  } catch (e) {
    // Flushing found the disk full (NFS, quotas): which rows reached it is not known, but --resume checks.
    throw new OutputError(output, `${(e as Error).message}. The ${out.lines} rows written may not all have reached the disk; fix that and run the same command with --resume, which keeps the whole rows and redoes the rest`, { cause: e });
  }
  const interrupted = options.signal?.aborted === true && already + out.lines < mine.length;
  return { ran: out.lines, skipped: already, inShard: mine.length, outputIsFile: out.regular, timedOut, interrupted, readerGone: out.readerGone };
}

/** What is at the output path now; a directory cannot be one. */
function outputKind(path: string): 'absent' | 'file' | 'other' {
  let stat;
  try {
    stat = statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    throw writeFailure('sweep output', path, e);
  }
  if (stat === undefined) return 'absent';
  if (stat.isDirectory()) throw writeFailure('sweep output', path, { code: 'EISDIR' });
  return stat.isFile() ? 'file' : 'other';
}

/** Cuts the output back to its whole rows before appending (see truncateTo). */
function cutTo(path: string, bytes: number): void {
  try {
    truncateTo(path, bytes);
  } catch (e) {
    throw writeFailure('sweep output', path, e);
  }
}

/**
 * One worker per core this process may use: the cores Node sees, fewer if
 * a Slurm task was given fewer (SLURM_CPUS_PER_TASK) or a container's CPU
 * quota (cgroup v2 cpu.max) allows fewer.
 */
export function defaultWorkers(env: Readonly<Record<string, string | undefined>> = process.env): number {
  let cores = availableParallelism();
  const slurm = Number(env.SLURM_CPUS_PER_TASK);
  if (Number.isInteger(slurm) && slurm > 0) cores = Math.min(cores, slurm);
  try {
    const [quota, period] = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim().split(/\s+/);
    if (quota !== undefined && quota !== 'max' && Number(period) > 0) cores = Math.min(cores, Math.max(1, Math.ceil(Number(quota) / Number(period))));
  } catch {
    // No cgroup v2 CPU limit to read: the cores Node sees stand.
  }
  return cores;
}

/** Hands out tasks in index order; a variant's scenario goes to each thread once (again to a thread that replaced one). */
function taskSource(plan: SweepPlan, todo: readonly number[], strict: boolean, lean: boolean): TaskSource {
  let at = 0;
  const sent = new Map<number, Set<number>>();
  return {
    next(thread) {
      const index = todo[at++];
      if (index === undefined) return undefined;
      const run = plan.run(index);
      const variant = plan.variants[run.variant];
      if (variant === undefined) throw new Error(`no variant ${run.variant}`);
      let seen = sent.get(thread);
      if (seen === undefined) sent.set(thread, (seen = new Set()));
      const first = !seen.has(run.variant);
      seen.add(run.variant);
      return {
        sweep: plan.fingerprint,
        name: plan.name,
        total: plan.total,
        index,
        variant: run.variant,
        key: run.key,
        set: variant.set,
        policy: run.policy,
        policySource: plan.policySources[plan.policies.indexOf(run.policy)] as string,
        seed: run.seed,
        strict,
        ...(lean ? { lean } : {}),
        ...(first ? { scenario: variant.scenario } : {}),
      };
    },
    forget(thread) {
      sent.delete(thread);
    },
  };
}
