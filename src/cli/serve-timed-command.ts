import { parentPort, workerData } from 'node:worker_threads';
import { OutputFile } from '../io/output-file.js';
import { HookTracker, trackHooksWith } from '../policy/hook-tracker.js';
import { main } from './main.js';
import type { TimedCommandData, TimedCommandMessage } from './timed-command.js';

/**
 * What the worker thread of a command with `--timeout` does
 * (timed-command.ts): the same command line, through the same `main`, with
 * what it writes, the temporary files it opens and its exit code sent to
 * the main thread, and user policies recording their hooks where the main
 * thread can read them.
 */
export async function serveTimedCommand(): Promise<void> {
  const data = workerData as TimedCommandData;
  const send = (message: TimedCommandMessage): void => parentPort?.postMessage(message);
  trackHooksWith(new HookTracker(data.hookTracker));
  OutputFile.watchTemporaries = (path, open) => send({ kind: 'temporary', path, open });
  // The time limit counts from here: the thread's own start-up is not the command's.
  send({ kind: 'started' });
  const code = await main(
    data.argv,
    { write: (text) => (send({ kind: 'out', text }), true) },
    { write: (text) => (send({ kind: 'err', text }), true), isTTY: data.isTTY, ...(data.columns === undefined ? {} : { columns: data.columns }) },
  );
  send({ kind: 'exit', code });
}
