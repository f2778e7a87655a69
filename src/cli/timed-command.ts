import { rmSync } from 'node:fs';
import { isMainThread, workerData } from 'node:worker_threads';
import { TimeoutError, UserError } from '../errors.js';
import { HookTracker, type HookState } from '../policy/hook-tracker.js';
import { spawnWorker } from '../threads/spawn-worker.js';
import { AlreadyReported, EXIT_OK } from './exit-codes.js';
import type { ProgressStream } from './progress-bar.js';

/** What the main thread hands the worker a timed command runs in (timed-command-worker.ts). */
export interface TimedCommandData {
  kind: 'manychip-timed-command';
  argv: readonly string[];
  /** Where user policies record the hook they are in (hook-tracker.ts). */
  hookTracker: SharedArrayBuffer;
  /** Standard error's terminal facts, for the progress bar drawn from the worker. */
  isTTY: boolean;
  columns: number | undefined;
}

/** What that worker sends back: text for standard output or error, temporary files opened and let go, and the exit code. */
export type TimedCommandMessage =
  | { kind: 'started' }
  | { kind: 'out' | 'err'; text: string }
  | { kind: 'temporary'; path: string; open: boolean }
  | { kind: 'exit'; code: number };

/**
 * For a command given `--timeout`: runs the command line on a worker thread
 * and resolves true once it ended there; false when the command should run
 * here (no limit, or this thread is that worker).
 */
export type TimedRunner = (timeoutS: number | undefined, command: TimedCommand) => Promise<boolean>;

/** The commands that take `--timeout` on a worker of their own (a sweep has its workers already). */
export type TimedCommand = 'run' | 'compare';

/** How often the main thread looks at the worker's clock and hooks. */
const POLL_MS = 50;

/** A `TimedRunner` for the command line `argv`, writing to `out` and `err`. */
export function timedRunner(argv: readonly string[], out: { write(text: string): unknown }, err: ProgressStream): TimedRunner {
  return async (timeoutS, command) => {
    if (timeoutS === undefined || insideTimedCommand()) return false;
    await runTimed(argv, timeoutS, command, out, err);
    return true;
  };
}

/** Whether this thread is the worker of a timed command: there the command runs as asked, without starting another. */
export function insideTimedCommand(): boolean {
  return !isMainThread && (workerData as { kind?: unknown } | null)?.kind === 'manychip-timed-command';
}

/**
 * Runs the command line `argv` (a `run` or `compare` with `--timeout`) on a
 * worker thread, relaying what it writes. A synchronous loop in a user
 * policy cannot be interrupted on its own thread; a worker can be
 * terminated from here. Each run gets `timeoutS` seconds: the first from
 * when the worker starts the command (its own start-up aside; loading the
 * scenario and policy modules included), each further run of a compare
 * from when it begins (marked in the hook tracker). Past that the worker is
 * terminated, the temporary files it left are removed (earlier results of
 * those names stay as they were), and a `TimeoutError` (exit 4) names the
 * policy and the hook it was inside. An exit code other than 0 from the
 * worker (its errors printed already) comes out as `AlreadyReported`.
 */
export async function runTimed(argv: readonly string[], timeoutS: number, command: TimedCommand, out: { write(text: string): unknown }, err: ProgressStream): Promise<void> {
  const tracker = new HookTracker();
  const data: TimedCommandData = { kind: 'manychip-timed-command', argv, hookTracker: tracker.buffer, isTTY: err.isTTY === true, columns: err.columns };
  const worker = spawnWorker(import.meta.url, './timed-command-worker', { workerData: data });
  const temporaries = new Set<string>();
  try {
    const code = await new Promise<number>((resolve, reject) => {
      let settled = false;
      let runs = 0;
      let runStart: number | undefined;
      const finish = (then: () => void): void => {
        if (settled) return;
        settled = true;
        clearInterval(poll);
        then();
      };
      const poll = setInterval(() => {
        const state = HookTracker.read(tracker.buffer);
        if (runStart === undefined) return;
        if (state.runs !== runs) {
          runs = state.runs;
          runStart = performance.now();
          return;
        }
        if (performance.now() - runStart < timeoutS * 1000) return;
        finish(() => {
          void worker.terminate().then(() => {
            for (const path of temporaries) rmSync(path, { force: true });
            reject(new TimeoutError(timeoutMessage(timeoutS, command, state)));
          });
        });
      }, POLL_MS);
      worker.on('message', (m: TimedCommandMessage) => {
        if (settled) return;
        switch (m.kind) {
          case 'started':
            runStart = performance.now();
            break;
          case 'out':
            out.write(m.text);
            break;
          case 'err':
            err.write(m.text);
            break;
          case 'temporary':
            if (m.open) temporaries.add(m.path);
            else temporaries.delete(m.path);
            break;
          case 'exit':
            finish(() => resolve(m.code));
            break;
        }
      });
      worker.on('error', (e) => finish(() => reject(e)));
      worker.on('exit', (exitCode) => finish(() => reject(new UserError(`the command's thread ended (exit code ${exitCode}) before it finished: a policy module may call process.exit`))));
    });
    if (code !== EXIT_OK) throw new AlreadyReported(code);
  } finally {
    await worker.terminate();
  }
}

/** What the user reads when a run is stopped: which run, and where its user policy was. */
export function timeoutMessage(limitS: number, command: TimedCommand, state: HookState): string {
  const run = command === 'compare' && state.runs > 0 ? `run ${state.runs} of the comparison` : 'the run';
  const over = `${run} did not finish within ${limitS} s (--timeout)`;
  if (state.policy === undefined) return over;
  if (state.hook === undefined) return `${over}; policy "${state.policy}" was deciding, but not inside one of its hooks`;
  return `${over}: policy "${state.policy}" was inside its ${state.hook} hook, which has not returned`;
}
