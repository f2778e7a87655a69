import { EXIT_INTERNAL, OutputError, TimeoutError, UserError } from '../errors.js';
import { InputError, formatProblem } from '../scenario/problem.js';

export { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_OUTPUT, EXIT_TIMEOUT, UsageError } from '../errors.js';

/**
 * Prints an error the way a user should see it and returns the exit code,
 * chosen by the error's base class (src/errors.ts): bad input, an output
 * that cannot be written and a timeout get their message alone (an
 * `InputError`, every problem on its own line); anything else is a bug and
 * gets a one-line summary, with the stack only under `--debug`.
 */
export function reportError(error: unknown, debug: boolean, write: (text: string) => void): number {
  if (error instanceof UserError || error instanceof OutputError || error instanceof TimeoutError) {
    if (error instanceof InputError) for (const p of error.problems) write(`error: ${formatProblem(p)}\n`);
    else write(`error: ${error.message}\n`);
    if (debug && error.stack) write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = describeThrown(error);
  write(`internal error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) write(`${error.stack}\n`);
  else write('this is a bug in manychip; run again with --debug for the stack trace\n');
  return EXIT_INTERNAL;
}

/** The message of whatever was thrown, even an object whose `toString` throws. */
function describeThrown(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'a value that cannot be printed';
  }
}
