import { parentPort } from 'node:worker_threads';
import { InputError } from '../scenario/problem.js';
import { RunExecutor, type RunTask } from './execute-run.js';

/**
 * What a sweep worker thread does: runs the tasks the main thread sends,
 * one at a time, and sends back each run's JSONL row (or what went wrong,
 * with the problems of bad input kept whole). Outside a worker thread it
 * does nothing.
 */
export function serveSweepTasks(): void {
  const executor = new RunExecutor();
  parentPort?.on('message', (task: RunTask) => {
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
