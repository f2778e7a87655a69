/**
 * Indices that policies pass around, branded so that the type checker tells
 * a job from a pool from a node (mixing them is a bug), at no cost at run
 * time: each is a plain number.
 */
declare const brand: unique symbol;

/** A job's index in the run's job table (arrival order). */
export type JobId = number & { readonly [brand]: 'JobId' };
/** A pool's index in declaration order (site by site, then pool by pool). */
export type PoolId = number & { readonly [brand]: 'PoolId' };
/** A site's index in declaration order (after `repeat` and node lists are written out). */
export type SiteId = number & { readonly [brand]: 'SiteId' };
/** A node's index within its pool. */
export type NodeId = number & { readonly [brand]: 'NodeId' };

/** A read-only list of ids, such as a typed array of pool indices seen as pools. */
export interface IdList<T extends number> {
  readonly length: number;
  readonly [index: number]: T;
  includes(id: T): boolean;
}

/** Views a typed array of indices as a list of ids (no copy). */
export function idList<T extends number>(indices: Int32Array): IdList<T> {
  return indices as unknown as IdList<T>;
}
