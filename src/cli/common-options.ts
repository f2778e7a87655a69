import { Option } from 'commander';
import { parseTimeout } from './parse-options.js';
import { escapeUnprintable } from '../io/unprintable.js';

/**
 * Options several commands share, worded alike (add them with
 * `.addOption(…)`): `-o/--output`, `--quiet` and `--timeout`. Each command
 * says what they mean for it.
 */

/** `-o, --output <file>`: the command's main output (`what`) to a file instead of standard output. */
export function outputOption(what: string): Option {
  return new Option('-o, --output <file>', `write ${what} to <file> instead of standard output`);
}

/** `--quiet`: what the command leaves out (progress bars, warnings); errors are always shown. */
export function quietOption(what = 'no warnings (errors are still shown)'): Option {
  return new Option('--quiet', what);
}

/** `--timeout <s>`: stop runs that take longer (a user policy that never returns). */
export function timeoutOption(what: string): Option {
  return new Option('--timeout <s>', what).argParser(parseTimeout);
}

/**
 * Where warnings go: to `err`, or nowhere under `--quiet`. A warning may
 * quote a file (a malformed trace row): its control characters are shown
 * escaped, as in errors, not sent to the terminal.
 */
export function warner(err: (text: string) => void, quiet: boolean | undefined): (text: string) => void {
  return quiet === true ? () => {} : (text) => err(escapeUnprintable(text));
}
