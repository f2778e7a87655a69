import { InputError, formatProblem } from '../scenario/problem.js';
import { PolicyError } from '../policy/policy-error.js';
import { UnknownPolicyError } from '../policy/registry.js';
import { CompareError } from '../compare/compare.js';
import { BenchError } from '../bench/bench-policies.js';
import { SweepError } from '../sweep/run-sweep.js';

/** Exit codes: 0 success, 1 internal error (a bug), 2 bad input. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;

/** A problem with the command line itself (a bad flag value). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Prints an error the way a user should see it and returns the exit code:
 * bad input gets its message alone (every problem, one per line); anything
 * else is a bug and gets a one-line summary, with the stack only under
 * `--debug`.
 */
export function reportError(error: unknown, debug: boolean, write: (text: string) => void): number {
  if (error instanceof InputError) {
    for (const p of error.problems) write(`error: ${formatProblem(p)}\n`);
    if (debug && error.stack) write(`${error.stack}\n`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof UnknownPolicyError || error instanceof UsageError || error instanceof PolicyError || error instanceof CompareError || error instanceof BenchError || error instanceof SweepError) {
    write(`error: ${error.message}\n`);
    if (debug && error.stack) write(`${error.stack}\n`);
    return EXIT_BAD_INPUT;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`internal error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) write(`${error.stack}\n`);
  else write('this is a bug in manychip; run again with --debug for the stack trace\n');
  return EXIT_INTERNAL;
}
