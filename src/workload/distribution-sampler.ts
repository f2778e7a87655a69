import type { Rng } from '../engine/rng.js';
import type { Distribution } from '../scenario/schema.js';

/** Draws one value per call. */
export type Sampler = () => number;

/**
 * A sampler for a work-size distribution, drawing from `rng`. The sampler
 * is built once per class; drawing allocates nothing.
 */
export function makeSampler(dist: Distribution, rng: Rng): Sampler {
  switch (dist.dist) {
    case 'constant': {
      const value = dist.value;
      return () => value;
    }
    case 'exponential': {
      const mean = dist.mean;
      return () => -Math.log(1 - rng()) * mean;
    }
    case 'uniform': {
      const { min, max } = dist;
      return () => min + (max - min) * rng();
    }
    case 'lognormal': {
      // Parameters of the underlying normal that give the requested mean and
      // coefficient of variation: sigma² = ln(1 + cv²), mu = ln(mean) − sigma²/2.
      const sigma2 = Math.log(1 + dist.cv * dist.cv);
      const mu = Math.log(dist.mean) - sigma2 / 2;
      const sigma = Math.sqrt(sigma2);
      const normal = standardNormal(rng);
      return () => Math.exp(mu + sigma * normal());
    }
  }
}

/** The distribution's mean. */
export function meanOf(dist: Distribution): number {
  switch (dist.dist) {
    case 'constant':
      return dist.value;
    case 'exponential':
    case 'lognormal':
      return dist.mean;
    case 'uniform':
      return (dist.min + dist.max) / 2;
  }
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
