import { UserError } from '../errors.js';
import type { Results } from './results.js';

/**
 * Checks that every number in the results (but `perf`) is finite: JSON
 * would turn an Infinity or a NaN into null, where readers expect a number.
 * The scenario's bounds keep the arithmetic finite; this is the backstop
 * that names the field if some combination still overflows.
 */
export function assertFiniteResults(results: Results): Results {
  const bad = firstNonFinite({ ...results, perf: undefined }, '');
  if (bad !== undefined) {
    throw new UserError(
      `the results overflowed: ${bad.path} is ${String(bad.value)}; the scenario's prices, fees, powers or run times are too large to add up (lower them)`,
    );
  }
  return results;
}

function firstNonFinite(value: unknown, path: string): { path: string; value: number } | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, value };
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, v] of Object.entries(value)) {
    const found = firstNonFinite(v, Array.isArray(value) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
