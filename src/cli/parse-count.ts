import { InvalidArgumentError } from 'commander';

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
