import type { DeepReadonly, ResolvedDistribution } from './scenario.js';

/** The mean of a (resolved) work distribution; Infinity for a Pareto of shape 1 or less. */
export function meanOf(dist: DeepReadonly<ResolvedDistribution>): number {
  switch (dist.dist) {
    case 'constant':
      return dist.value;
    case 'exponential':
    case 'lognormal':
      return dist.mean;
    case 'uniform':
      return (dist.min + dist.max) / 2;
    case 'pareto':
      return dist.alpha > 1 ? (dist.alpha * dist.xm) / (dist.alpha - 1) : Infinity;
    case 'empirical':
      return dist.values.reduce((a, b) => a + b, 0) / dist.values.length;
  }
}

/** The least work a distribution can draw (0 for those that reach down to it). */
export function leastOf(dist: DeepReadonly<ResolvedDistribution>): number {
  switch (dist.dist) {
    case 'constant':
      return dist.value;
    case 'uniform':
      return dist.min;
    case 'pareto':
      return dist.xm;
    case 'empirical':
      return dist.values.reduce((a, b) => Math.min(a, b), Infinity);
    default:
      return 0;
  }
}
