import { studentTQuantile, studentTTwoSidedP } from './student-t.js';

/**
 * A sample mean with its Student-t confidence interval. `low`/`high` are
 * null with fewer than two observations (no spread to estimate), and
 * everything is null with none.
 */
export interface MeanInterval {
  /** Observations used (missing values are left out). */
  n: number;
  mean: number | null;
  /** Sample standard deviation (n − 1 in the denominator). */
  sd: number | null;
  low: number | null;
  high: number | null;
}

/** A mean difference with its interval and the two-sided p-value of "the true difference is zero". */
export interface DifferenceInterval extends MeanInterval {
  /** Null when it cannot be tested: fewer than two pairs. 1 when every difference is exactly zero, 0 when all are equal and non-zero. */
  p: number | null;
}

/**
 * Mean and `confidence` interval (Student t, n − 1 degrees of freedom) of
 * the finite values among `values`; null and NaN entries are missing.
 */
export function meanInterval(values: readonly (number | null)[], confidence = 0.95): MeanInterval {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, low: null, high: null };
  // Two passes: the mean first, then squared deviations, which stays accurate for large means with small spread.
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (n === 1) return { n, mean, sd: null, low: null, high: null };
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const sd = Math.sqrt(ss / (n - 1));
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, low: mean - half, high: mean + half };
}

/**
 * Paired difference `a[i] − b[i]` over the indices where both are present:
 * its mean, interval and two-sided t-test p-value. Pairing removes what the
 * two share (with common random numbers, the same arrivals and sizes), so
 * the interval is about the difference alone.
 */
export function pairedDifference(a: readonly (number | null)[], b: readonly (number | null)[], confidence = 0.95): DifferenceInterval {
  const diffs: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || y === null || x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    diffs.push(x - y);
  }
  const m = meanInterval(diffs, confidence);
  if (m.n < 2 || m.mean === null || m.sd === null) return { ...m, p: null };
  // Differences that are all equal: no spread, the test is decided exactly.
  if (m.sd === 0 || m.sd <= Math.abs(m.mean) * 1e-12) return { ...m, p: m.mean === 0 ? 1 : 0 };
  const t = m.mean / (m.sd / Math.sqrt(m.n));
  return { ...m, p: studentTTwoSidedP(t, m.n - 1) };
}
