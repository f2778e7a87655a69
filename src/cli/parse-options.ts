import { InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';

/** A command-line count of at least 1 (`--seeds`, `--rounds`); commander prints the message with the option's name. */
export function parsePositive(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

/** A command-line integer of at least 0 (`--seed`, `--trace-limit`). */
export function parseNonNegative(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

/** The `--policies` list: comma-separated names or module paths, blanks dropped; at least one. */
export function policySpecs(list: string, flag = '--policies', what = 'policy'): string[] {
  const specs = list
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (specs.length === 0) throw new UsageError(`${flag} needs at least one ${what}`);
  return specs;
}

/** Longest `--timeout`: what a Node timer can wait (about 24.8 days). */
const MAX_TIMEOUT_S = 2_147_483;

/** `--timeout <s>`: seconds, a positive number (fractions allowed), at most what a timer can wait. */
export function parseTimeout(value: string): number {
  const s = Number(value);
  if (value.trim() === '' || !Number.isFinite(s) || s <= 0 || s > MAX_TIMEOUT_S) throw new InvalidArgumentError(`must be a number of seconds above 0 and at most ${MAX_TIMEOUT_S}`);
  return s;
}

/** A comma-separated list of job ids (`--explain`), blanks dropped; at least one. */
export function parseIdList(list: string): string[] {
  const ids = list
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) throw new InvalidArgumentError('needs at least one job id (an explicit id, or a job’s arrival index)');
  return ids;
}
