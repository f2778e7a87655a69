import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FreeCapacityIndex } from '../../src/model/free-capacity-index.js';

/** The obvious linear scan that the index must agree with. */
function scanFirstFit(free: number[][], milli: number, cores: number, mem: number): number {
  return free.findIndex(([c, k, m]) => (c as number) >= milli && (k as number) >= cores && (m as number) >= mem);
}

describe('FreeCapacityIndex', () => {
  it('starts with every node free', () => {
    const idx = new FreeCapacityIndex(5, 8000, 64, 1024);
    expect(idx.freeMilli).toBe(40_000);
    expect(idx.freeWholeNodes).toBe(5);
    expect(idx.maxFreeMilli).toBe(8000);
    expect(idx.firstFit(8000, 64, 1024)).toBe(0);
    expect(idx.firstFit(8001, 0, 0)).toBe(-1);
  });

  it('finds the lowest-numbered node that fits', () => {
    const idx = new FreeCapacityIndex(4, 1000, 0, 0);
    idx.allocate(0, 750, 0, 0);
    idx.allocate(1, 500, 0, 0);
    expect(idx.firstFit(250, 0, 0)).toBe(0);
    expect(idx.firstFit(500, 0, 0)).toBe(1);
    expect(idx.firstFit(600, 0, 0)).toBe(2);
    expect(idx.freeWholeNodes).toBe(2);
  });

  it('backtracks when the maxima of different resources come from different nodes', () => {
    // Node 0 has chips but no memory, node 1 memory but no chips, node 2 both.
    const idx = new FreeCapacityIndex(3, 1000, 0, 100);
    idx.allocate(0, 0, 0, 100);
    idx.allocate(1, 1000, 0, 0);
    expect(idx.firstFit(1000, 0, 100)).toBe(2);
    idx.allocate(2, 1, 0, 0);
    expect(idx.firstFit(1000, 0, 100)).toBe(-1);
  });

  it('refuses to over-allocate or over-release a node', () => {
    const idx = new FreeCapacityIndex(2, 1000, 4, 0);
    idx.allocate(1, 1000, 4, 0);
    expect(() => idx.allocate(1, 1, 0, 0)).toThrow(RangeError);
    expect(() => idx.allocate(0, 0, 5, 0)).toThrow(RangeError);
    expect(() => idx.release(0, 1, 0, 0)).toThrow(RangeError);
    expect(() => idx.allocate(2, 1, 0, 0)).toThrow(RangeError);
  });

  // Without cores and memory the index keeps one tree and never backtracks;
  // with them it keeps three. Both must agree with the scan.
  for (const [label, coresPerNode, memPerNode] of [
    ['chips, cores and memory', 8, 64],
    ['chips alone', 0, 0],
  ] as const) {
    it(`agrees with a linear scan under any sequence of allocations and releases (${label})`, () => {
      const demand = fc.record({
        milli: fc.integer({ min: 0, max: 2000 }),
        cores: fc.integer({ min: 0, max: coresPerNode }),
        mem: fc.integer({ min: 0, max: memPerNode }),
      });
      const op = fc.oneof(fc.record({ take: demand }), fc.record({ give: fc.nat() }));
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 37 }), fc.array(op, { maxLength: 300 }), (nodes, ops) => {
          const idx = new FreeCapacityIndex(nodes, 2000, coresPerNode, memPerNode);
          const free = Array.from({ length: nodes }, () => [2000, coresPerNode, memPerNode]);
          const held: { node: number; milli: number; cores: number; mem: number }[] = [];
          for (const o of ops) {
            if ('take' in o) {
              const { milli, cores, mem } = o.take;
              const node = idx.firstFit(milli, cores, mem);
              expect(node).toBe(scanFirstFit(free, milli, cores, mem));
              if (node < 0) continue;
              idx.allocate(node, milli, cores, mem);
              const f = free[node] as number[];
              f[0] = (f[0] as number) - milli;
              f[1] = (f[1] as number) - cores;
              f[2] = (f[2] as number) - mem;
              held.push({ node, milli, cores, mem });
            } else if (held.length > 0) {
              const [h] = held.splice(o.give % held.length, 1);
              if (h === undefined) continue;
              idx.release(h.node, h.milli, h.cores, h.mem);
              const f = free[h.node] as number[];
              f[0] = (f[0] as number) + h.milli;
              f[1] = (f[1] as number) + h.cores;
              f[2] = (f[2] as number) + h.mem;
            }
            expect(idx.freeMilli).toBe(free.reduce((s, f) => s + (f[0] as number), 0));
            expect(idx.maxFreeMilli).toBe(Math.max(...free.map((f) => f[0] as number)));
            expect(idx.freeWholeNodes).toBe(free.filter((f) => f[0] === 2000 && f[1] === coresPerNode && f[2] === memPerNode).length);
            for (let n = 0; n < nodes; n++) expect(idx.freeMilliOf(n)).toBe(free[n]?.[0]);
          }
        }),
      );
    });
  }
});
