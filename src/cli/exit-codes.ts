import { EXIT_INTERNAL, InterruptedError, OutputError, TimeoutError, UserError } from '../errors.js';
import { describeThrown } from '../policy/describe-value.js';
import { InputError, formatProblem } from '../scenario/problem.js';
import { escapeUnprintable } from '../io/unprintable.js';

export { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_OUTPUT, EXIT_TIMEOUT, UsageError } from '../errors.js';

/**
 * A command whose errors were printed already (by the worker thread it ran
 * in, under `--timeout`): it carries the exit code out, and nothing more is
 * printed.
 */
export class AlreadyReported extends Error {
  override name = 'AlreadyReported';
  constructor(readonly exitCode: number) {
    super(`exit code ${exitCode}`);
  }
}

/**
 * Prints an error the way a user should see it and returns the exit code,
 * chosen by the error's base class (src/errors.ts): bad input, an output
 * that cannot be written and a timeout get their message alone (an
 * `InputError`, every problem on its own line), an interruption its
 * message without "error:"; anything else is a bug and gets a one-line
 * summary, with the stack only under `--debug`.
 */
export function reportError(error: unknown, debug: boolean, write: (text: string) => void): number {
  if (error instanceof AlreadyReported) return error.exitCode;
  if (error instanceof InterruptedError) {
    write(`${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof UserError || error instanceof OutputError || error instanceof TimeoutError) {
    // A message may echo what a file holds: its control characters are shown, not sent to the terminal.
    if (error instanceof InputError) for (const p of error.problems) write(`error: ${escapeUnprintable(formatProblem(p))}\n`);
    else write(`error: ${escapeUnprintable(error.message)}\n`);
    if (debug && error.stack) write(`${error.stack}\n`);
    return error.exitCode;
  }
  write(`internal error: ${describeThrown(error)}\n`);
  if (debug && error instanceof Error && error.stack) write(`${error.stack}\n`);
  else write('this is a bug in manychip; run again with --debug for the stack trace\n');
  return EXIT_INTERNAL;
}
