/**
 * The kinds of error a user can meet, and the exit code each one earns. A
 * leaf module: it imports nothing, so every layer can throw these and the
 * CLI maps any error to its exit code by base class alone, without knowing
 * the subclasses (a new user-facing error never turns into "internal error").
 *
 * - `UserError` (exit 2): bad input — a scenario, a trace, a policy module,
 *   a flag — that the user must fix.
 * - `OutputError` (exit 3): a result file that cannot be written (no such
 *   folder, a directory, no space, no permission). Not bad input: the same
 *   command works once the destination is fixed.
 * - `TimeoutError` (exit 4): a run that did not end within `--timeout`.
 * - `InterruptedError` (exit 130): work stopped by the user (Ctrl-C), with
 *   what was kept and how to go on.
 *
 * Anything else that reaches the CLI is a bug in manychip (exit 1).
 */

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_OUTPUT = 3;
export const EXIT_TIMEOUT = 4;
/** 128 + SIGINT, as shells report a command stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/** Bad input the user must fix; the CLI prints `message` alone (no stack) and exits with 2. */
export class UserError extends Error {
  override name = 'UserError';
  /** The exit code the CLI uses for this error. */
  get exitCode(): number {
    return EXIT_BAD_INPUT;
  }
}

/** A result file that cannot be written; the CLI prints `message` and exits with 3. */
export class OutputError extends Error {
  override name = 'OutputError';
  constructor(
    /** The file that could not be written. */
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  get exitCode(): number {
    return EXIT_OUTPUT;
  }
}

/** A run that exceeded its time limit; the CLI prints `message` and exits with 4. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
  get exitCode(): number {
    return EXIT_TIMEOUT;
  }
}

/** Work the user stopped (Ctrl-C); the CLI prints `message` (what was kept, how to go on) and exits with 130. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
  get exitCode(): number {
    return EXIT_INTERRUPTED;
  }
}

/** A problem with the command line itself (a bad flag value, flags that do not go together). */
export class UsageError extends UserError {
  override name = 'UsageError';
}
