/**
 * A typed array (or any list of numbers) seen read-only: what the model
 * hands to policies, so that a policy cannot write into the live tables.
 * Zero cost: every typed array already has this shape.
 */
export interface ReadonlyNumbers {
  readonly length: number;
  readonly [index: number]: number;
}
