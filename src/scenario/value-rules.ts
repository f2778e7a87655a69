import { nameProblem } from './data-shape.js';

/**
 * The rules the scenario schema checks with a function of its own (zod's
 * `refine`), beyond types and bounds. They live here, by name, rather than
 * as closures inside schema.ts, so that the schema's plan
 * (scenario-plan.ts), which names them, can check a scenario without
 * building the zod schema: scripts/write-scenario-plan.ts finds each
 * refinement of the schema in this table and fails on one it cannot find.
 */
export const valueRules = {
  /** A name: no reserved word and no control character (data-shape.ts says which and why). */
  name: (v: string): boolean => nameProblem(v) === undefined,
  /** Chips per job: a whole number from 1 up, or a share of one chip. */
  wholeOrShare: (v: number): boolean => v < 1 || Number.isInteger(v),
  /** A share of a chip is counted in thousandths of it. */
  thousandths: (v: number): boolean => Math.round(v * 1000) === v * 1000 || v >= 1,
} as const;

export type ValueRule = keyof typeof valueRules;
