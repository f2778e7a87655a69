import type { Comparison } from '../../compare/comparison.js';
import { formatNumber } from '../format-number.js';

/** How the comparison's intervals are named: "95% CI". */
export function intervalName(c: Comparison): string {
  return `${formatNumber(c.confidence * 100, 3)}% CI`;
}
