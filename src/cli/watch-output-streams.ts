import { EXIT_OUTPUT } from '../errors.js';
import { writeFailureReason } from '../io/write-failure.js';

/** A stream the CLI writes its results or messages to (process.stdout, process.stderr). */
export interface WatchedStream {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Turns a failed write to standard output or error — redirected to a full
 * disk (`> /dev/full`), a closed pipe — into an outcome instead of an
 * unhandled 'error' event with a stack. Node reports such failures
 * asynchronously, on the stream, so they are watched there:
 *
 * - a pipe whose reader has gone (`manychip … | head`) is the reader's
 *   choice: the rest of the output is dropped without a word;
 * - anything else means the results were not delivered: one line on
 *   stderr (if it still works) and `onFailure(EXIT_OUTPUT)`, exit code 3.
 */
export function watchOutputStreams(
  streams: readonly (readonly [name: string, stream: WatchedStream])[],
  warn: (line: string) => void,
  onFailure: (exitCode: number) => void,
): void {
  let failed = false;
  for (const [name, stream] of streams) {
    stream.on('error', (error) => {
      const code = (error as { code?: unknown }).code;
      if (code === 'EPIPE' || failed) return;
      failed = true;
      try {
        warn(`error: cannot write ${name}: ${writeFailureReason(name, error)}\n`);
      } catch {
        // stderr itself is what failed: the exit code is all that is left.
      }
      onFailure(EXIT_OUTPUT);
    });
  }
}
