import { expect } from 'vitest';

/**
 * Closed forms from queueing theory and the batch-means confidence interval,
 * written here from the textbook formulas, independently of src/.
 */

/** M/M/1 mean wait in queue: Wq = ρ / (μ − λ). */
export function mm1Wq(lambda: number, mu: number): number {
  return lambda / mu / (mu - lambda);
}

/**
 * Erlang C: the probability that an arrival to an M/M/c queue must wait,
 * with offered load a = λ/μ. Terms are built incrementally (a^k / k!) to
 * stay finite for large c.
 */
export function erlangC(c: number, a: number): number {
  let term = 1; // a^0 / 0!
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  // term is now a^c / c!
  const top = term * (c / (c - a));
  return top / (sum + top);
}

/** M/M/c mean wait in queue: Wq = C(c, λ/μ) / (cμ − λ). */
export function mmcWq(c: number, lambda: number, mu: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/** M/D/1 mean wait in queue by Pollaczek-Khinchine: Wq = λ E[S²] / (2(1 − ρ)) with S = 1/μ. */
export function md1Wq(lambda: number, mu: number): number {
  const rho = lambda / mu;
  return (lambda * (1 / mu) ** 2) / (2 * (1 - rho));
}

/**
 * Two-sided Student t quantiles at the 99.9% level (p = 0.9995) from a
 * standard t table, for the degrees of freedom the tests use.
 */
export const T_9995: Readonly<Record<number, number>> = { 19: 3.883, 29: 3.659 };

export interface Interval {
  mean: number;
  halfWidth: number;
  low: number;
  high: number;
  batchMeans: number[];
}

/**
 * Batch means: split the observations (in arrival order) into `batches`
 * consecutive batches of equal size, and build a t interval from the batch
 * means. Consecutive waits are strongly correlated; batches far longer than
 * the queue's relaxation time are nearly independent, which is what makes
 * this interval honest where a per-job std/√n would not be.
 */
export function batchMeansInterval(values: ArrayLike<number>, batches = 20): Interval {
  const t = T_9995[batches - 1];
  if (t === undefined) throw new Error(`no t quantile for ${batches - 1} degrees of freedom`);
  const size = Math.floor(values.length / batches);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let sum = 0;
    for (let i = b * size; i < (b + 1) * size; i++) sum += values[i] as number;
    means.push(sum / size);
  }
  const mean = means.reduce((a, b) => a + b, 0) / batches;
  const variance = means.reduce((a, m) => a + (m - mean) ** 2, 0) / (batches - 1);
  const halfWidth = (t * Math.sqrt(variance)) / Math.sqrt(batches);
  return { mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth, batchMeans: means };
}

/**
 * Expects a closed form inside the 99.9% batch-means interval of the
 * values (20 batches), and the interval narrow enough (relative half-width
 * below `maxRelHalfWidth`) for the check to catch a real error.
 */
export function expectInside(what: string, values: ArrayLike<number>, expected: number, maxRelHalfWidth: number): void {
  const ci = batchMeansInterval(values, 20);
  const context = `${what}: expected ${expected.toPrecision(6)}, simulated ${ci.mean.toPrecision(6)} ± ${ci.halfWidth.toPrecision(3)}`;
  expect(ci.low, context).toBeLessThanOrEqual(expected);
  expect(ci.high, context).toBeGreaterThanOrEqual(expected);
  expect(ci.halfWidth / expected, `${context}: interval too wide to test anything`).toBeLessThan(maxRelHalfWidth);
}

/** Lag-1 autocorrelation of a series (to check that batches are long enough to be nearly independent). */
export function lag1Autocorrelation(xs: readonly number[]): number {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += ((xs[i] as number) - mean) ** 2;
    if (i + 1 < n) num += ((xs[i] as number) - mean) * ((xs[i + 1] as number) - mean);
  }
  return num / den;
}
