/**
 * What the command-line bundle (dist/bundle/manychip.js, built by
 * `npm run build` with scripts/build-bundle.ts) exports: the CLI as a
 * function (for tests that run their CLI cases through the bundle), as a
 * process, and the loops of the sweep worker and the timed-command worker
 * threads. See load-bundle.ts.
 */
export { main } from './main.js';
export { runCliProcess } from './run-cli-process.js';

/** The sweep worker thread's loop, loaded only in a worker. */
export async function serveSweepTasks(): Promise<void> {
  (await import('../sweep/serve-sweep-tasks.js')).serveSweepTasks();
}

/** The timed-command worker thread's work (`--timeout`), loaded only in that worker. */
export async function serveTimedCommand(): Promise<void> {
  await (await import('./serve-timed-command.js')).serveTimedCommand();
}
