/**
 * What the command-line bundle (dist/bundle/manychip.js, built by
 * `npm run build` with scripts/build-bundle.ts) exports: the CLI as a
 * function (for tests that run their CLI cases through the bundle), as a
 * process, and the sweep worker thread's loop. See load-bundle.ts.
 */
export { main } from './main.js';
export { runCliProcess } from './run-cli-process.js';

/** The sweep worker thread's loop, loaded only in a worker. */
export async function serveSweepTasks(): Promise<void> {
  (await import('../sweep/serve-sweep-tasks.js')).serveSweepTasks();
}
