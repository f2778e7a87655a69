import { exponential, type Rng } from '../engine/rng.js';
import type { DeepReadonly, ResolvedDistribution } from '../scenario/scenario.js';

/** Draws one value per call. */
export type Sampler = () => number;

/**
 * A sampler for a work-size distribution, drawing from `rng`. The sampler
 * is built once per class; drawing allocates nothing.
 */
export function makeSampler(dist: DeepReadonly<ResolvedDistribution>, rng: Rng): Sampler {
  switch (dist.dist) {
    case 'constant': {
      const value = dist.value;
      return () => value;
    }
    case 'exponential': {
      const mean = dist.mean;
      return () => exponential(rng, mean);
    }
    case 'uniform': {
      const { min, max } = dist;
      return () => min + (max - min) * rng();
    }
    case 'lognormal':
      return lognormal(dist.mean, dist.cv, rng);
    case 'pareto': {
      // Inversion: x = xm / U^(1/alpha), with U = 1 − u in (0, 1].
      const { xm, alpha } = dist;
      const inv = -1 / alpha;
      return () => xm * Math.pow(1 - rng(), inv);
    }
    case 'empirical': {
      const values = Float64Array.from(dist.values);
      const n = values.length;
      return () => values[Math.floor(rng() * n)] as number;
    }
  }
}

/**
 * Lognormal variates with the given mean and coefficient of variation: the
 * underlying normal has sigma² = ln(1 + cv²) and mu = ln(mean) − sigma²/2.
 */
export function lognormal(mean: number, cv: number, rng: Rng): Sampler {
  const sigma2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - sigma2 / 2;
  const sigma = Math.sqrt(sigma2);
  const normal = standardNormal(rng);
  return () => Math.exp(mu + sigma * normal());
}

/**
 * Standard normal variates by the Box-Muller transform, using both values of
 * each pair. `1 - u` keeps the logarithm's argument in (0, 1].
 */
export function standardNormal(rng: Rng): Sampler {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    const r = Math.sqrt(-2 * Math.log(1 - rng()));
    const theta = 2 * Math.PI * rng();
    spare = r * Math.sin(theta);
    hasSpare = true;
    return r * Math.cos(theta);
  };
}
