import { parentPort, workerData } from 'node:worker_threads';
import { HookTracker, trackHooksWith } from '../policy/hook-tracker.js';
import { InputError } from '../scenario/problem.js';
import { RunExecutor, type RunTask } from './execute-run.js';

/**
 * What a sweep worker thread does: runs the tasks the main thread sends,
 * one at a time, and sends back each run's JSONL row (or what went wrong,
 * with the problems of bad input kept whole). Under a time limit, the main
 * thread shares a buffer in which user policies record the hook they are
 * in (hook-tracker.ts), so that a run it stops can say where it was.
 * Outside a worker thread it does nothing.
 */
export function serveSweepTasks(): void {
  const shared = (workerData as { hookTracker?: SharedArrayBuffer } | null)?.hookTracker;
  const tracker = shared === undefined ? undefined : new HookTracker(shared);
  trackHooksWith(tracker);
  const executor = new RunExecutor();
  parentPort?.on('message', (task: RunTask) => {
    tracker?.beginRun();
    executor.execute(task).then(
      (line) => parentPort?.postMessage({ kind: 'row', index: task.index, line }),
      (e: unknown) => {
        const error = e instanceof Error ? e : new Error(String(e));
        parentPort?.postMessage({
          kind: 'error',
          index: task.index,
          name: error.name,
          message: error.message,
          problems: e instanceof InputError ? e.problems : undefined,
          stack: error.stack,
        });
      },
    );
  });
}
