import { describe, expect, it } from 'vitest';
import type { ClusterModel } from '../../src/model/cluster-model.js';
import { PoolQueues } from '../../src/model/pool-queues.js';

/** Just the pool shapes PoolQueues reads. */
function model(pools: { nodes: number; chipsPerNode: number }[]): ClusterModel {
  return { pools: pools.map((p, index) => ({ index, ...p })) } as unknown as ClusterModel;
}

describe('PoolQueues', () => {
  it('keeps a single chip’s ready time as the textbook does: pushed back by each job, corrected at its end', () => {
    const q = new PoolQueues(model([{ nodes: 1, chipsPerNode: 1 }]));
    q.started(0, 1, 0, 10, false);
    q.enqueue(0, 7, 5, 0);
    expect(q.expectedWaitS(0, 0)).toBe(15);
    expect(q.expectedWaitS(0, 4)).toBe(11);
    // It ran 2 s over its estimate: everything behind it moves 2 s later.
    q.ended(0, 1, 12, 10);
    expect(q.expectedWaitS(0, 12)).toBe(5);
    expect(q.dequeue(0, 5)).toBe(7);
    q.started(0, 1, 12, 17, true);
    q.ended(0, 1, 17, 17);
    expect(q.expectedWaitS(0, 17)).toBe(0);
  });

  it('counts chip-seconds for shares of a single chip', () => {
    const q = new PoolQueues(model([{ nodes: 1, chipsPerNode: 1 }]));
    for (let i = 0; i < 4; i++) q.started(0, 0.25, 0, 10, false);
    // Four quarter-chip jobs of 10 s owe 10 chip-seconds.
    expect(q.expectedWaitS(0, 0)).toBe(10);
    for (let i = 0; i < 4; i++) q.ended(0, 0.25, 10, 10);
    expect(q.expectedWaitS(0, 10)).toBe(0);
  });

  it('spreads what a larger pool owes over its chips', () => {
    const q = new PoolQueues(model([{ nodes: 2, chipsPerNode: 2 }]));
    q.started(0, 2, 0, 10, false);
    q.enqueue(0, 1, 8, 0);
    // 2 chips × 10 s running + 8 queued chip-seconds, over 4 chips.
    expect(q.expectedWaitS(0, 0)).toBe(7);
    expect(q.expectedWaitS(0, 5)).toBe(4.5);
    q.ended(0, 2, 10, 10);
    expect(q.expectedWaitS(0, 10)).toBe(2);
    expect(q.localLength(0)).toBe(1);
  });
});
