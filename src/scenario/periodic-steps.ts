import * as z from 'zod';
import { boundedNumber, bounds } from './field-bounds.js';

/**
 * A value by time of a repeating period (a day of prices, a day of
 * capacity): `{ periodS, steps: [{ atS, <key>: value }, …] }`, each step
 * holding from its `atS` until the next. The order of the steps and their
 * place within the period are checked where the scenario is expanded.
 */
export function periodicSteps<K extends string, V extends z.ZodType>(key: K, value: V, what: string) {
  const step = z.strictObject({
    atS: boundedNumber(bounds.timeS).describe(`seconds into the period when this ${what} starts`),
    ...({ [key]: value } as { [P in K]: V }),
  });
  return z.strictObject({
    periodS: boundedNumber(bounds.periodS).default(86400).describe('length of the repeating period, seconds'),
    steps: z.array(step).min(1, 'give at least one step'),
  });
}
