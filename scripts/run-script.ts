import { reportError } from '../src/cli/exit-codes.js';

/**
 * Runs an experiment script's body and reports an error as the CLI does:
 * bad input (a missing trace, a scenario that does not validate) gets its
 * message alone and exit code 2, never a stack trace; anything else is a
 * bug, with the stack under --debug.
 */
export function runScript(body: () => void): void {
  try {
    body();
  } catch (e) {
    process.exitCode = reportError(e, process.argv.includes('--debug'), (text) => process.stderr.write(text));
  }
}

/** The value after `--<name>` on the command line, if given. */
export function scriptArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}
