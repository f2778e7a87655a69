import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FreeCapacityIndex } from '../../src/model/free-capacity-index.js';

/**
 * The obvious model the index must agree with: every chip's free milli (or
 * -1 when allocated whole), every node's cores and memory, and linear scans.
 */
class ScanModel {
  chips: number[][];
  cores: number[];
  mem: number[];
  /** Per node: in service, cordoned (jobs stay, nothing new) or down (taken out while free). */
  service: ('up' | 'cordoned' | 'down')[];
  constructor(nodes: number, chipsPerNode: number, cores: number, mem: number) {
    this.chips = Array.from({ length: nodes }, () => Array<number>(chipsPerNode).fill(1000));
    this.cores = Array<number>(nodes).fill(cores);
    this.mem = Array<number>(nodes).fill(mem);
    this.service = Array<'up'>(nodes).fill('up');
  }
  fits(n: number, milli: number, cores: number, mem: number): boolean {
    if (this.service[n] !== 'up') return false;
    const chips = this.chips[n] as number[];
    // No chip at all (a CPU-only pod) fits any node in service; a share needs one chip with room.
    const chipOk = milli >= 1000 ? chips.filter((c) => c === 1000).length >= milli / 1000 : milli === 0 || chips.some((c) => c >= milli);
    return chipOk && (this.cores[n] as number) >= cores && (this.mem[n] as number) >= mem;
  }
  firstFit(milli: number, cores: number, mem: number): number {
    return this.chips.findIndex((_, n) => this.fits(n, milli, cores, mem));
  }
}

describe('FreeCapacityIndex', () => {
  it('starts with every node free', () => {
    const idx = new FreeCapacityIndex(5, 8, 64, 1024);
    expect(idx.freeMilli).toBe(40_000);
    expect(idx.freeWholeNodes).toBe(5);
    expect(idx.firstFit(8000, 64, 1024)).toBe(0);
    expect(idx.firstFit(9000, 0, 0)).toBe(-1);
  });

  it('keeps a share of a chip on one chip: three 0.6 shares never fit on two chips', () => {
    const idx = new FreeCapacityIndex(1, 2, 0, 0);
    expect(idx.allocate(0, 600, 0, 0)).toBe(0);
    expect(idx.allocate(0, 600, 0, 0)).toBe(1);
    expect(idx.firstFit(600, 0, 0)).toBe(-1);
    expect(idx.firstFit(400, 0, 0)).toBe(0);
    expect(idx.freeMilli).toBe(800);
  });

  it('gives whole-chip jobs only whole free chips', () => {
    const idx = new FreeCapacityIndex(1, 3, 0, 0);
    idx.allocate(0, 600, 0, 0);
    idx.allocate(0, 600, 0, 0);
    // 1,800 milli free on the node, but only one chip is whole.
    expect(idx.firstFit(1000, 0, 0)).toBe(0);
    expect(idx.firstFit(2000, 0, 0)).toBe(-1);
  });

  it('packs shares onto the fullest chip with room, keeping whole chips whole', () => {
    const idx = new FreeCapacityIndex(1, 2, 0, 0);
    const a = idx.allocate(0, 500, 0, 0);
    const b = idx.allocate(0, 250, 0, 0);
    expect(b).toBe(a);
    expect(idx.firstFit(1000, 0, 0)).toBe(0);
  });

  it('finds the lowest-numbered node that fits', () => {
    const idx = new FreeCapacityIndex(4, 1, 0, 0);
    idx.allocate(0, 750, 0, 0);
    idx.allocate(1, 500, 0, 0);
    expect(idx.firstFit(250, 0, 0)).toBe(0);
    expect(idx.firstFit(500, 0, 0)).toBe(1);
    expect(idx.firstFit(600, 0, 0)).toBe(2);
    expect(idx.freeWholeNodes).toBe(2);
  });

  it('backtracks when the maxima of different resources come from different nodes', () => {
    // Node 0 has chips but no memory, node 1 memory but no chips, node 2 both.
    const idx = new FreeCapacityIndex(3, 1, 0, 100);
    idx.allocate(0, 0, 0, 100);
    idx.allocate(1, 1000, 0, 0);
    expect(idx.firstFit(1000, 0, 100)).toBe(2);
    idx.allocate(2, 1, 0, 0);
    expect(idx.firstFit(1000, 0, 100)).toBe(-1);
  });

  it('refuses to over-allocate or over-release a node', () => {
    const idx = new FreeCapacityIndex(2, 1, 4, 0);
    idx.allocate(1, 1000, 4, 0);
    expect(() => idx.allocate(1, 1, 0, 0)).toThrow(RangeError);
    expect(() => idx.allocate(0, 0, 5, 0)).toThrow(RangeError);
    expect(() => idx.release(0, 1000, 0, 0, -1)).toThrow(RangeError);
    expect(() => idx.allocate(2, 1, 0, 0)).toThrow(RangeError);
    expect(() => idx.allocate(0, 1500, 0, 0)).toThrow(RangeError);
  });

  it('takes a failed node out of service and puts it back whole', () => {
    const idx = new FreeCapacityIndex(2, 2, 0, 0);
    idx.disable(0);
    expect(idx.isUp(0)).toBe(false);
    expect(idx.freeMilli).toBe(2000);
    expect(idx.freeWholeNodes).toBe(1);
    expect(idx.firstFit(250, 0, 0)).toBe(1);
    idx.allocate(1, 250, 0, 0);
    expect(() => idx.disable(1)).toThrow(RangeError);
    idx.enable(0);
    expect(idx.firstFit(2000, 0, 0)).toBe(0);
    expect(idx.freeWholeNodes).toBe(1);
  });

  // Without cores and memory the index consults two chip trees and never
  // backtracks; with them it consults four. Both must agree with the scan.
  // One chip per node with chips alone is the M/M/c shape, where whole chips come and go through a bit set
  // and the tree catches up lazily: run it on its own too, so that every case exercises that path.
  for (const [label, coresPerNode, memPerNode, chipsPerNode] of [
    ['chips, cores and memory', 8, 64, undefined],
    ['chips alone', 0, 0, undefined],
    ['one chip per node, chips alone', 0, 0, 1],
  ] as const) {
    it(`agrees with a chip-by-chip scan under any sequence of allocations and releases (${label})`, () => {
      // Demands of no chip too (CPU-only pods): with cores and memory untracked or zero they take nothing at all.
      const milli = fc.oneof(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 3 }).map((k) => k * 1000), fc.constant(0));
      // Half the demands ask for chips alone, which takes the chips-only path even where cores and memory are tracked.
      const demand = fc.oneof(
        fc.record({ milli, cores: fc.integer({ min: 0, max: coresPerNode }), mem: fc.integer({ min: 0, max: memPerNode }) }),
        fc.record({ milli, cores: fc.constant(0), mem: fc.constant(0) }),
      );
      // Now and then a node leaves service or comes back: cordoned (an elastic pool draining it), taken out when free, put back.
      const op = fc.oneof(
        { arbitrary: fc.record({ take: demand }), weight: 4 },
        { arbitrary: fc.record({ give: fc.nat() }), weight: 4 },
        { arbitrary: fc.record({ service: fc.constantFrom('cordon', 'uncordon', 'disable', 'enable'), node: fc.nat() }), weight: 1 },
      );
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 70 }), chipsPerNode === undefined ? fc.integer({ min: 1, max: 4 }) : fc.constant(chipsPerNode), fc.array(op, { maxLength: 300 }), (nodes, cpn, ops) => {
          const idx = new FreeCapacityIndex(nodes, cpn, coresPerNode, memPerNode);
          const model = new ScanModel(nodes, cpn, coresPerNode, memPerNode);
          const held: { node: number; milli: number; cores: number; mem: number; slot: number }[] = [];
          const full = (n: number): boolean => (model.chips[n] as number[]).every((x) => x === 1000) && model.cores[n] === coresPerNode && model.mem[n] === memPerNode;
          for (const o of ops) {
            if ('service' in o) {
              const n = o.node % nodes;
              const now = model.service[n];
              if (o.service === 'cordon' && now === 'up') (idx.cordon(n), (model.service[n] = 'cordoned'));
              else if (o.service === 'uncordon' && now === 'cordoned') (idx.uncordon(n), (model.service[n] = 'up'));
              // Only a node with nothing on it leaves service (a demand of nothing leaves a node whole, but it is still there).
              else if (o.service === 'disable' && now !== 'down' && full(n) && !held.some((h) => h.node === n)) (idx.disable(n), (model.service[n] = 'down'));
              else if (o.service === 'enable' && now === 'down') (idx.enable(n), (model.service[n] = 'up'));
              else continue;
            } else if ('take' in o) {
              const { milli, cores, mem } = o.take;
              const node = idx.firstFit(milli, cores, mem);
              expect(node).toBe(model.firstFit(milli, cores, mem));
              expect(idx.canFit(milli, cores, mem)).toBe(node >= 0);
              if (node < 0) continue;
              const before = idx.changes[node] as number;
              const slot = idx.allocate(node, milli, cores, mem);
              // A node-level policy reuses a node's score while its change count stands still.
              expect(idx.changes[node]).toBeGreaterThan(before);
              const chips = model.chips[node] as number[];
              if (milli >= 1000 || milli === 0) {
                expect(slot).toBe(-1);
                let k = milli / 1000;
                for (let c = 0; c < cpn && k > 0; c++) if (chips[c] === 1000) (chips[c] = -1), k--;
              } else {
                expect(chips[slot]).toBeGreaterThanOrEqual(milli);
                chips[slot] = (chips[slot] as number) - milli;
              }
              model.cores[node] = (model.cores[node] as number) - cores;
              model.mem[node] = (model.mem[node] as number) - mem;
              held.push({ node, milli, cores, mem, slot });
            } else if (held.length > 0) {
              const [h] = held.splice(o.give % held.length, 1);
              if (h === undefined) continue;
              const before = idx.changes[h.node] as number;
              idx.release(h.node, h.milli, h.cores, h.mem, h.slot);
              expect(idx.changes[h.node]).toBeGreaterThan(before);
              const chips = model.chips[h.node] as number[];
              if (h.milli >= 1000 || h.milli === 0) {
                let k = h.milli / 1000;
                for (let c = 0; c < cpn && k > 0; c++) if (chips[c] === -1) (chips[c] = 1000), k--;
              } else {
                chips[h.slot] = (chips[h.slot] as number) + h.milli;
              }
              model.cores[h.node] = (model.cores[h.node] as number) + h.cores;
              model.mem[h.node] = (model.mem[h.node] as number) + h.mem;
            }
            // What is free counts only on nodes in service.
            const up = (n: number): boolean => model.service[n] === 'up';
            const free = (n: number): number => (up(n) ? (model.chips[n] as number[]).reduce((s, c) => s + Math.max(0, c), 0) : 0);
            expect(idx.freeMilli).toBe(model.chips.reduce((s, _, n) => s + free(n), 0));
            expect(idx.freeWholeNodes).toBe(model.chips.filter((_, n) => up(n) && full(n)).length);
            expect(idx.nodesInService).toBe(model.service.filter((x) => x === 'up').length);
            // The maxima over the nodes in service (-1 with none), as placement reads them.
            const whole = (n: number): number => (up(n) ? (model.chips[n] as number[]).filter((c) => c === 1000).length : -1);
            const best = (n: number): number => (up(n) ? Math.max(0, ...(model.chips[n] as number[])) : -1);
            expect(idx.maxWholeChips).toBe(Math.max(...model.chips.map((_, n) => whole(n))));
            expect(idx.maxChipFree).toBe(Math.max(...model.chips.map((_, n) => best(n))));
            expect(idx.firstWholeNode()).toBe(model.chips.findIndex((_, n) => up(n) && full(n)));
            for (let n = 0; n < nodes; n++) {
              expect(idx.isUp(n)).toBe(up(n));
              expect(idx.freeMilliOf(n)).toBe(free(n));
              // A chip taken whole is -1 in the model; a node with every chip taken has 0 free on its best chip; one out of service, -1.
              expect(idx.maxChipFreeOf(n)).toBe(best(n));
              expect(idx.wholeChipsOf(n)).toBe(Math.max(0, whole(n)));
              expect(idx.fitsOn(n, 1000, 0, 0)).toBe(model.fits(n, 1000, 0, 0));
            }
          }
        }),
      );
    });
  }
});

describe('a demand of cores and memory only (no chip)', () => {
  it('fits a node whose chips are all taken, and gives back exactly what it took', () => {
    const index = new FreeCapacityIndex(2, 2, 8000, 4096);
    // Node 0: both chips taken whole, 2 cores and 1 GiB left.
    index.allocate(0, 2000, 6000, 3072);
    expect(index.firstFit(0, 2000, 1024)).toBe(0);
    expect(index.firstFit(0, 3000, 1024)).toBe(1);
    expect(index.allocate(0, 0, 2000, 1024)).toBe(-1);
    expect(index.freeCoresOf(0)).toBe(0);
    expect(index.freeMilli).toBe(2000);
    expect(index.fitsAfterReleasing(0, [{ milli: 0, cores: 2000, memMiB: 1024, slot: -1 }], 0, 2000, 1024)).toBe(true);
    index.release(0, 0, 2000, 1024, -1);
    expect(index.freeCoresOf(0)).toBe(2000);
    expect(index.freeMilli).toBe(2000);
  });
});
