import { UserError } from '../errors.js';
import type { Results } from './results.js';

/**
 * Checks that every number in the results (but `perf`) is finite: JSON
 * would turn an Infinity or a NaN into null, where readers expect a number.
 * The scenario's bounds keep the arithmetic finite; this is the backstop
 * that names the field if some combination still overflows.
 */
export function assertFiniteResults(results: Results): Results {
  const path: (string | number)[] = [];
  const bad = firstNonFinite({ ...results, perf: undefined }, path);
  if (bad !== undefined) {
    throw new UserError(
      `the results overflowed: ${pathText(path)} is ${String(bad)}; the scenario's prices, fees, powers or run times are too large to add up (lower them)`,
    );
  }
  return results;
}

/**
 * The first number in `value` that is not finite, or undefined; `path`
 * gets the keys down to it, innermost first. The path is built only for
 * the number found: the time series hold tens of thousands of numbers,
 * and a string per number made this walk the costliest part of a summary.
 */
function firstNonFinite(value: unknown, path: (string | number)[]): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : value;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      // Most entries of the long arrays are finite numbers: no call for them.
      if (typeof item === 'number' && Number.isFinite(item)) continue;
      const found = firstNonFinite(item, path);
      if (found !== undefined) {
        path.push(i);
        return found;
      }
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const found = firstNonFinite((value as Record<string, unknown>)[key], path);
    if (found !== undefined) {
      path.push(key);
      return found;
    }
  }
  return undefined;
}

/** `a.b[3].c` from the keys innermost first. */
function pathText(path: readonly (string | number)[]): string {
  let text = '';
  for (let k = path.length - 1; k >= 0; k--) {
    const key = path[k] as string | number;
    text += typeof key === 'number' ? `[${key}]` : text === '' ? key : `.${key}`;
  }
  return text;
}
