import { InputError } from '../scenario/problem.js';
import { RunExecutor, type RunTask } from './execute-run.js';

/**
 * A sweep worker process (forked by `runSweep`): runs the tasks the main
 * process sends, one at a time, and sends back each run's JSONL row (or
 * what went wrong, with the problems of bad input kept whole). It leaves
 * when the main process goes away.
 */
const executor = new RunExecutor();
const send = (message: unknown): void => void process.send?.(message);
process.on('message', (task: RunTask) => {
  executor.execute(task).then(
    (line) => send({ kind: 'row', index: task.index, line }),
    (e: unknown) => {
      const error = e instanceof Error ? e : new Error(String(e));
      send({
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
process.on('disconnect', () => process.exit(0));
