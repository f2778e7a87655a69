import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexedHeap } from '../../src/model/indexed-heap.js';

const CAPACITY = 16;

/** One operation on the heap: push an item with a key (if absent), pop, remove an item, or clear. */
const operation = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('push' as const), item: fc.nat({ max: CAPACITY - 1 }), key: fc.constantFrom(0, 1, 1, 2, 2, 3.5, Infinity, -Infinity) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), item: fc.nat({ max: CAPACITY - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('clear' as const) }) },
);

describe('IndexedHeap', () => {
  it('pops the least key, equal keys lowest item first, through pushes, removals and clears, as a scan of the items held finds (property)', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (operations) => {
        const heap = new IndexedHeap(CAPACITY);
        // The reference: the items held with their keys, the least (key, item) found by a scan.
        const held = new Map<number, number>();
        const least = (): number => {
          let best = -1;
          for (const [item, key] of held) if (best < 0 || key < (held.get(best) as number) || (key === held.get(best) && item < best)) best = item;
          return best;
        };
        for (const o of operations) {
          if (o.op === 'push') {
            if (held.has(o.item)) {
              expect(() => heap.push(o.item, o.key)).toThrow(RangeError);
              continue;
            }
            heap.push(o.item, o.key);
            held.set(o.item, o.key);
          } else if (o.op === 'pop') {
            const expected = least();
            expect(heap.pop()).toBe(expected);
            held.delete(expected);
          } else if (o.op === 'remove') {
            expect(heap.remove(o.item)).toBe(held.delete(o.item));
          } else {
            heap.clear();
            held.clear();
          }
          expect(heap.size).toBe(held.size);
          expect(heap.top()).toBe(least());
          for (let item = 0; item < CAPACITY; item++) expect(heap.has(item)).toBe(held.has(item));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('takes back, after a clear, every item it held, each with its new key', () => {
    const heap = new IndexedHeap(4);
    heap.push(0, 5);
    heap.push(1, 3);
    heap.push(2, 4);
    heap.pop();
    heap.clear();
    expect([heap.size, heap.top(), heap.topKey()]).toEqual([0, -1, Infinity]);
    heap.push(2, 1);
    heap.push(0, 1);
    heap.push(1, 0);
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop()]).toEqual([1, 0, 2, -1]);
  });
});
