/** Resources that may stay open once a command is done: the terminal and the pipes of standard input, output and error. */
const STDIO_RESOURCES = new Set(['TTYWrap', 'PipeWrap']);

/**
 * Ends the process now if the command has left nothing to deliver:
 * standard output and error hold no unwritten bytes and no failed write,
 * and nothing but the standard streams is open (no worker thread, timer,
 * message port or file being written). Otherwise returns, and the
 * process ends as Node ends it, once the event loop is empty.
 *
 * Ending at once skips the turn of the event loop in which V8 would run
 * the garbage collections it scheduled during the work (after a
 * million-job run, the end of an incremental mark-compact: about 15 ms)
 * only for the process to exit (BENCHMARKS.md, issue 20). The exit code
 * is `process.exitCode`, and 'exit' listeners run.
 */
export function exitWhenSettled(): void {
  for (const stream of [process.stdout, process.stderr]) {
    // A failed write is reported on the stream a tick later (watch-output-streams.ts): its exit code must not be lost.
    if (stream.writableLength > 0 || stream.errored !== null || stream.destroyed) return;
  }
  const open = process.getActiveResourcesInfo();
  if (open.length > 3 || !open.every((name) => STDIO_RESOURCES.has(name))) return;
  process.exit();
}
