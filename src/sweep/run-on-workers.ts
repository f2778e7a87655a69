import type { Worker } from 'node:worker_threads';
import { HookTracker, type HookState } from '../policy/hook-tracker.js';
import { InputError, type Problem } from '../scenario/problem.js';
import { spawnWorker } from '../threads/spawn-worker.js';
import type { RunTask } from './execute-run.js';
import { SweepError } from './sweep-error.js';
import type { TimedOutRow } from './sweep-row.js';

/** Hands out a sweep's runs, one at a time, to the thread that asks. */
export interface TaskSource {
  next(thread: number): RunTask | undefined;
  /** The thread was replaced: what was sent to it (variant scenarios) must be sent again. */
  forget(thread: number): void;
}

export interface WorkerPoolOptions {
  /** Most seconds one run may take: a run that takes longer is stopped, recorded as timed out, and its thread replaced. */
  timeoutS?: number | undefined;
  /** When aborted, no more runs are handed out and the runs in flight are dropped (their threads stopped). */
  signal?: AbortSignal | undefined;
}

/** What the worker threads send back (sweep-worker.ts). */
interface WorkerMessage {
  kind: 'row' | 'error';
  index: number;
  line?: string;
  name?: string;
  message?: string;
  problems?: Problem[];
  stack?: string;
}

interface Slot {
  worker: Worker;
  /** Where the thread's user policy hooks are, with a time limit only. */
  tracker: HookTracker | undefined;
  task: RunTask | undefined;
  /** Runs the thread had begun when last looked at, and when its current one began (performance.now). */
  runsSeen: number;
  runStart: number | undefined;
}

/** How often the main thread looks at the threads' clocks under a time limit. */
const POLL_MS = 50;

/**
 * Runs the tasks on `count` worker threads, one task per thread at a time,
 * passing each row to `write` (which may throw: an output that cannot take
 * it stops the pool). A run over the time limit cannot be interrupted on
 * its own thread (a policy stuck in a loop never yields), so the thread is
 * terminated, the run written as a `TimedOutRow` naming the hook it was in,
 * and a fresh thread takes its place. A run's time counts from when its
 * thread takes it up (marked in the hook tracker; a fresh thread's start-up
 * does not count), loading the policy module included. Returns how many
 * runs timed out.
 */
export async function runOnWorkers(count: number, tasks: TaskSource, write: (line: string) => void, options: WorkerPoolOptions = {}): Promise<{ timedOut: number }> {
  const { timeoutS, signal } = options;
  const slots: Slot[] = [];
  let timedOut = 0;
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      clearInterval(poll);
      void Promise.all(slots.map((s) => s.worker.terminate())).then(() => (error === undefined ? resolve() : reject(error)));
    };
    const onAbort = (): void => settle();

    const feed = (thread: number): void => {
      const slot = slots[thread] as Slot;
      const task = settled ? undefined : tasks.next(thread);
      if (task === undefined) {
        if (slots.every((s) => s.task === undefined)) settle();
        return;
      }
      slot.task = task;
      slot.runStart = undefined;
      slot.worker.postMessage(task);
    };

    /** Looks at each thread's run: begun since last time, or over its limit. */
    const watch = (): void => {
      const now = performance.now();
      slots.forEach((slot, thread) => {
        if (slot.tracker === undefined || slot.task === undefined) return;
        const state = HookTracker.read(slot.tracker.buffer);
        if (state.runs !== slot.runsSeen) {
          slot.runsSeen = state.runs;
          slot.runStart = now;
        } else if (slot.runStart !== undefined && now - slot.runStart >= (timeoutS ?? Infinity) * 1000) {
          stopRun(thread, state);
        }
      });
    };
    const poll = timeoutS === undefined ? undefined : setInterval(watch, POLL_MS);

    /** The run on `thread` is over its limit: record it, replace the thread, go on. */
    const stopRun = (thread: number, state: HookState): void => {
      const slot = slots[thread] as Slot;
      const task = slot.task;
      if (settled || task === undefined) return;
      void slot.worker.terminate();
      timedOut++;
      try {
        write(JSON.stringify(timedOutRow(task, timeoutS ?? 0, state)));
      } catch (e) {
        settle(e);
        return;
      }
      tasks.forget(thread);
      start(thread);
      feed(thread);
    };

    const start = (thread: number): void => {
      const tracker = timeoutS === undefined ? undefined : new HookTracker();
      const worker = spawnWorker(import.meta.url, './sweep-worker', { workerData: { hookTracker: tracker?.buffer } });
      const slot: Slot = { worker, tracker, task: undefined, runsSeen: 0, runStart: undefined };
      slots[thread] = slot;
      // Events of a thread that was replaced (stopped for its time limit) no longer count.
      const current = (): boolean => slots[thread] === slot && !settled;
      worker.on('message', (m: WorkerMessage) => {
        if (!current()) return;
        slot.task = undefined;
        if (m.kind !== 'row' || m.line === undefined) {
          settle(workerFailure(m));
          return;
        }
        try {
          write(m.line);
        } catch (e) {
          // The output cannot take the row (a full disk): stop handing out runs.
          settle(e);
          return;
        }
        feed(thread);
      });
      worker.on('error', (e) => {
        if (current()) settle(e);
      });
      // A thread that ends on its own (a policy module calling process.exit) must not leave the sweep waiting.
      worker.on('exit', (code) => {
        if (current() && slot.task !== undefined) settle(new SweepError(`a worker thread exited (code ${code}) in the middle of a run: a policy module may call process.exit`));
      });
    };

    if (signal?.aborted === true) {
      clearInterval(poll);
      resolve();
      return;
    }
    signal?.addEventListener('abort', onAbort);
    for (let thread = 0; thread < count; thread++) start(thread);
    for (let thread = 0; thread < count; thread++) feed(thread);
  });
  return { timedOut };
}

/** The row of a run stopped by its time limit, saying where it was. */
export function timedOutRow(task: RunTask, limitS: number, state: HookState): TimedOutRow {
  return {
    sweep: task.sweep,
    name: task.name,
    index: task.index,
    total: task.total,
    key: task.key,
    set: task.set,
    policy: task.policy,
    seed: task.seed,
    timedOut: { limitS, policyName: state.policy ?? null, hook: state.hook ?? null },
  };
}

function workerFailure(m: WorkerMessage): Error {
  if (m.problems !== undefined) return new InputError(m.problems);
  if (m.name === 'PolicyError' || m.name === 'UnknownPolicyError') return new SweepError(m.message ?? 'a policy failed');
  const e = new Error(`run ${m.index}: ${m.message ?? 'failed'}`);
  if (m.stack !== undefined) e.stack = m.stack;
  return e;
}
