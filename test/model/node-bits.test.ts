import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NodeBits } from '../../src/model/node-bits.js';
import '../helpers/property-seed.js';

describe('NodeBits', () => {
  it('holds what a Set holds, and its lowest member is the Set minimum, under any adds and deletes', () => {
    // Sizes across word (32) and summary (1,024) boundaries.
    const size = fc.constantFrom(1, 31, 32, 33, 64, 1000, 1024, 1025, 3000);
    const op = fc.record({ add: fc.boolean(), at: fc.nat() });
    fc.assert(
      fc.property(size, fc.array(op, { maxLength: 400 }), (n, ops) => {
        const bits = new NodeBits(n);
        const set = new Set<number>();
        expect(bits.first()).toBe(-1);
        for (const o of ops) {
          // Half the indices near the top, where the last word and summary word are partial.
          const i = o.at % 2 === 0 ? o.at % n : n - 1 - (o.at % Math.min(n, 40));
          if (o.add) (bits.add(i), set.add(i));
          else (bits.delete(i), set.delete(i));
          expect(bits.has(i)).toBe(set.has(i));
          expect(bits.first()).toBe(set.size === 0 ? -1 : Math.min(...set));
        }
      }),
    );
  });

  it('finds a member past empty summary words', () => {
    const bits = new NodeBits(5000);
    bits.add(4999);
    expect(bits.first()).toBe(4999);
    bits.add(1024);
    expect(bits.first()).toBe(1024);
    bits.delete(1024);
    bits.delete(4999);
    expect(bits.first()).toBe(-1);
  });
});
