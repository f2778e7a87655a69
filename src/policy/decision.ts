import type { NodeId, PoolId } from './ids.js';

/** What a policy decides for one job; see `Decision`. */
export type DecisionKind = 'start' | 'enqueue' | 'wait' | 'reject';

/**
 * What a policy decides for one job: what, never how. One object is reused
 * for every decision (nothing is allocated per decision); the dispatcher
 * reads it before the next.
 *
 * - `start`: place the job on `pool` now (it has room there now);
 * - `enqueue`: bind it to `pool`'s local FIFO queue; it starts when it
 *   reaches the head and fits, and is never remapped;
 * - `wait`: leave it in the central queue, and why. Whether the job is
 *   asked again before some pool frees room is the dispatcher's call, from
 *   the cluster's state, not the policy's;
 * - `reject`: it can never run; `reason` ends up in `rejectReasons`.
 */
export class Decision {
  kind: DecisionKind = 'wait';
  pool = -1 as PoolId;
  /** For `start` by a node-level policy: the node of the pool, and for a share of one chip, the chip; -1 to let the pool choose. */
  node = -1 as NodeId;
  chip = -1;
  /** Why the job waits or is rejected. */
  reason = '';

  start(pool: PoolId, node = -1 as NodeId, chip = -1): void {
    this.kind = 'start';
    this.pool = pool;
    this.node = node;
    this.chip = chip;
  }

  enqueue(pool: PoolId): void {
    this.kind = 'enqueue';
    this.pool = pool;
    this.node = -1 as NodeId;
  }

  wait(reason: string): void {
    this.kind = 'wait';
    this.pool = -1 as PoolId;
    this.reason = reason;
  }

  reject(reason: string): void {
    this.kind = 'reject';
    this.pool = -1 as PoolId;
    this.reason = reason;
  }
}

/** Why a job waits, in the words the explanations use. */
export const WaitReason = {
  /** No pool passed the filters (the reason in full is worked out only for explanations). */
  noPool: 'no-pool-passed',
  /** No candidate pool has room for it now. */
  noRoom: 'no-room',
  /** Its budget allows no pool with room at today's prices. */
  overBudget: 'over-budget',
  /** Every pool with room asks more than its bid (market runs). */
  askAboveBid: 'ask-above-bid',
  /** A batch policy left it for a later pass. */
  unmapped: 'not-mapped-this-pass',
} as const;
