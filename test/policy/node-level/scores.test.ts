import { describe, expect, it } from 'vitest';
import { FreeCapacityIndex } from '../../../src/model/free-capacity-index.js';
import { fragmentation, typicalPods, type WeightedPod } from '../../../src/policy/node-level/fgd.js';
import { NodeState, podShape } from '../../../src/policy/node-level/node-state.js';
import { packingScore } from '../../../src/policy/node-level/packing.js';

/** A node of `chips` chips whose free thousandths are `free`, with `cpu` milli-cores free of 128,000. */
function nodeWith(free: readonly number[], cpu = 64_000): NodeState {
  const cap = new FreeCapacityIndex(1, free.length, 128_000, 1 << 20);
  free.forEach((f, c) => {
    if (f === 0) cap.allocate(0, 1000, 0, 0);
    else if (f < 1000) cap.allocate(0, 1000 - f, 0, 0, c);
  });
  cap.allocate(0, 0, 128_000 - cpu, 0);
  return new NodeState().load(cap, 0, 0);
}

describe('GPU packing scores (the authors’ unit-test vectors)', () => {
  it('prefers shared chips, then busy nodes, then small idle nodes', () => {
    const busy = nodeWith([200, 1000, 1000, 500]);
    expect(busy.free.slice(0, 4)).toEqual(Int32Array.from([200, 1000, 1000, 500]));
    expect(packingScore(podShape(2000, 4000), busy)).toBe(48);
    // Two shares of 200 (their vector; not a shape the trace has): the 200 and 500 chips, 20 + 50 tenths.
    expect(packingScore({ cpu: 4000, gpus: 2, milli: 200 }, busy)).toBe(93);
    expect(packingScore(podShape(200, 4000), busy)).toBe(98);
    expect(packingScore(podShape(2000, 4000), nodeWith([1000, 1000, 1000, 1000]))).toBe(29);
    expect(packingScore(podShape(2000, 4000), nodeWith(Array(8).fill(1000)))).toBe(25);
    expect(packingScore(podShape(0, 4000), busy)).toBe(0);
  });
});

describe('FGD fragmentation of a node', () => {
  it('counts, per typical pod, the free chips it cannot use (hand-worked)', () => {
    // Free chips 1000, 500, 0, 1000 (2,500 free) and 10 cores free.
    const node = nodeWith([1000, 500, 0, 1000], 10_000);
    const pods: WeightedPod[] = [
      // Fits (two whole chips, CPU enough): only the 500 on the shared chip is lost to it.
      { cpu: 2_000, gpus: 1, milli: 1000, allowed: undefined, weight: 0.5 },
      // Needs 20 cores: the node lacks CPU, so all 2,500 are lost to it.
      { cpu: 20_000, gpus: 1, milli: 500, allowed: undefined, weight: 0.25 },
      // Needs no chip: every free chip is lost to it.
      { cpu: 1_000, gpus: 0, milli: 0, allowed: undefined, weight: 0.125 },
      // May not run on chip type 0.
      { cpu: 1_000, gpus: 1, milli: 100, allowed: Uint8Array.from([0, 1]), weight: 0.125 },
    ];
    expect(fragmentation(node, pods)).toBe(0.5 * 500 + 0.25 * 2500 + 0.125 * 2500 + 0.125 * 2500);
  });
});

describe('typical pods', () => {
  it('take the most frequent kinds until 95% of the jobs are covered, the crossing kind included', () => {
    const kinds = [
      { cpu: 1, milli: 1000, gpus: 1, count: 50 },
      { cpu: 2, milli: 500, gpus: 1, count: 30 },
      { cpu: 3, milli: 1000, gpus: 2, count: 14 },
      { cpu: 9, milli: 0, gpus: 0, count: 3 },
      { cpu: 8, milli: 0, gpus: 0, count: 3 },
    ];
    // 50 + 30 + 14 = 94 < 95: the next kind is taken. Equal counts: the larger key first (cpu 9 before 8).
    expect(typicalPods(kinds).map((k) => k.cpu)).toEqual([1, 2, 3, 9]);
  });
});
