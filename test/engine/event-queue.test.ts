import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.js';

function drain(q: EventQueue): { time: number; kind: number; payload: number }[] {
  const out = [];
  while (q.pop()) out.push({ time: q.topTime, kind: q.topKind, payload: q.topPayload });
  return out;
}

describe('EventQueue', () => {
  it('pops nothing when empty and reports Infinity as the next time', () => {
    const q = new EventQueue();
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBe(false);
  });

  it('pops events in time order with their kind and payload', () => {
    const q = new EventQueue();
    q.push(3, 1, 30);
    q.push(1, 2, 10);
    q.push(2, 3, 20);
    expect(drain(q)).toEqual([
      { time: 1, kind: 2, payload: 10 },
      { time: 2, kind: 3, payload: 20 },
      { time: 3, kind: 1, payload: 30 },
    ]);
  });

  it('pops events at equal times in the order they were pushed', () => {
    const q = new EventQueue();
    for (let i = 0; i < 100; i++) q.push(5, 0, i);
    expect(drain(q).map((e) => e.payload)).toEqual([...Array(100).keys()]);
  });

  it('grows past its initial capacity without losing events', () => {
    const q = new EventQueue(16);
    for (let i = 0; i < 10_000; i++) q.push((i * 7919) % 10_007, 0, i);
    expect(q.size).toBe(10_000);
    const times = drain(q).map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('orders any interleaving of pushes and pops by (time, push order)', () => {
    // Reference: a sorted list with the same key. Operations: push a time
    // from a small set (to force ties) or pop.
    const op = fc.oneof(fc.record({ push: fc.integer({ min: 0, max: 20 }) }), fc.constant({ pop: true as const }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const q = new EventQueue(16);
        const reference: { time: number; seq: number }[] = [];
        let seq = 0;
        for (const o of ops) {
          if ('push' in o) {
            q.push(o.push, 0, seq);
            reference.push({ time: o.push, seq: seq++ });
            reference.sort((a, b) => a.time - b.time || a.seq - b.seq);
          } else {
            const expected = reference.shift();
            expect(q.pop()).toBe(expected !== undefined);
            if (expected) expect([q.topTime, q.topPayload]).toEqual([expected.time, expected.seq]);
          }
          expect(q.size).toBe(reference.length);
        }
      }),
    );
  });

  it('keeps popping in order after clear and reuse', () => {
    const q = new EventQueue();
    q.push(1, 0, 1);
    q.clear();
    expect(q.size).toBe(0);
    q.push(2, 0, 2);
    q.push(0.5, 0, 3);
    expect(drain(q).map((e) => e.payload)).toEqual([3, 2]);
  });
});
