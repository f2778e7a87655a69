import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Clearing, type ClearingSide } from '../../../src/policy/market/clearing.js';
import { OrderBook } from '../../../src/policy/market/order-book.js';

/**
 * The call market's matching against a plain reference of the rule in
 * docs/market.md, written here from the text and nothing else: bids
 * highest first (ties: earlier arrival, then job index); for each, every
 * pool that passes its filters (a candidate, within budget at the trade
 * price), has room now and asks at most the bid; the lowest ask, ties to
 * the lower RTT, then the pool declared first; price ask + k·(bid − ask),
 * the ask for spot.
 */

interface Book {
  k: number;
  pools: { ask: number; room: number }[];
  /** RTT per origin and pool. */
  rtt: number[][];
  /** Candidate pools per candidate set (each a subset of the pools, in declaration order). */
  sets: number[][];
  jobs: { bid: number; arrival: number; size: number; set: number; origin: number; budget: number; hours: number; spot: boolean }[];
}

type Match = [job: number, pool: number, price: number];

/** The rule, as plainly as it reads: a full scan of every pool for every bid. */
function reference(book: Book, room: number[], jobs: readonly number[]): Match[] {
  const order = [...jobs].sort((a, b) => {
    const x = book.jobs[a] as Book['jobs'][number];
    const y = book.jobs[b] as Book['jobs'][number];
    return y.bid - x.bid || x.arrival - y.arrival || a - b;
  });
  const out: Match[] = [];
  for (const j of order) {
    const job = book.jobs[j] as Book['jobs'][number];
    let best = -1;
    let bestPrice = NaN;
    for (let p = 0; p < book.pools.length; p++) {
      const pool = book.pools[p] as Book['pools'][number];
      if (!(book.sets[job.set] as number[]).includes(p)) continue;
      if ((room[p] as number) < job.size) continue;
      if (pool.ask > job.bid) continue;
      const price = job.spot ? pool.ask : pool.ask + book.k * (job.bid - pool.ask);
      if (job.size * price * job.hours > job.budget) continue;
      const rtt = (book.rtt[job.origin] as number[])[p] as number;
      const current = book.pools[best]?.ask ?? Infinity;
      const currentRtt = best < 0 ? Infinity : ((book.rtt[job.origin] as number[])[best] as number);
      if (best < 0 || pool.ask < current || (pool.ask === current && rtt < currentRtt)) {
        best = p;
        bestPrice = price;
      }
    }
    if (best < 0) continue;
    room[best] = (room[best] as number) - job.size;
    out.push([j, best, bestPrice]);
  }
  return out;
}

/** The production matching over the same book: jobs of one candidate set, size and origin share a shape. */
function production(book: Book, room: number[], clearing: Clearing, onlyFresh: boolean): Match[] {
  const out: Match[] = [];
  const side: ClearingSide = {
    candidates: (job) => book.sets[(book.jobs[job] as Book['jobs'][number]).set] as number[],
    bid: (job) => (book.jobs[job] as Book['jobs'][number]).bid,
    spot: (job) => (book.jobs[job] as Book['jobs'][number]).spot,
    ask: (pool) => (book.pools[pool] as Book['pools'][number]).ask,
    rttMs: (job, pool) => (book.rtt[(book.jobs[job] as Book['jobs'][number]).origin] as number[])[pool] as number,
    hasRoom: (job, pool) => (room[pool] as number) >= (book.jobs[job] as Book['jobs'][number]).size,
    withinBudget: (job, pool, price) => {
      const j = book.jobs[job] as Book['jobs'][number];
      return j.size * price * j.hours <= j.budget;
    },
    take: (job, pool, price) => {
      room[pool] = (room[pool] as number) - (book.jobs[job] as Book['jobs'][number]).size;
      out.push([job, pool, price]);
      return true;
    },
    priceVersion: 0,
  };
  clearing.clear(side, onlyFresh);
  return out;
}

function shapeOf(book: Book, job: number): number {
  const j = book.jobs[job] as Book['jobs'][number];
  return (j.set * 3 + j.size) * 2 + j.origin;
}

function bookOf(book: Book): OrderBook {
  return new OrderBook((a, b) => {
    const x = book.jobs[a] as Book['jobs'][number];
    const y = book.jobs[b] as Book['jobs'][number];
    return x.bid !== y.bid ? x.bid > y.bid : x.arrival !== y.arrival ? x.arrival < y.arrival : a < b;
  });
}

const bookArb: fc.Arbitrary<Book> = fc
  .record({
    k: fc.constantFrom(0, 0.25, 0.5, 1),
    pools: fc.array(fc.record({ ask: fc.constantFrom(1, 2, 2.5, 3, 4), room: fc.integer({ min: 0, max: 4 }) }), { minLength: 1, maxLength: 8 }),
    seedSets: fc.array(fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
    rtt: fc.array(fc.array(fc.constantFrom(1, 2, 3), { minLength: 8, maxLength: 8 }), { minLength: 2, maxLength: 2 }),
    jobs: fc.array(
      fc.record({
        bid: fc.constantFrom(1, 1.5, 2, 2.5, 3, 4, 5, 6),
        arrival: fc.constantFrom(0, 1, 2),
        size: fc.constantFrom(1, 2),
        set: fc.nat(2),
        origin: fc.nat(1),
        budget: fc.constantFrom(Infinity, Infinity, 2, 5, 9, 20),
        hours: fc.constantFrom(0.5, 1, 2),
        spot: fc.boolean(),
      }),
      { maxLength: 30 },
    ),
  })
  .map((g) => {
    const sets = g.seedSets.map((mask) => g.pools.map((_, p) => p).filter((p) => mask[p] === true));
    // Arrivals never go backwards with the index: jobs are numbered in arrival order.
    const jobs = g.jobs.map((j) => ({ ...j, set: j.set % sets.length })).sort((a, b) => a.arrival - b.arrival);
    return { k: g.k, pools: g.pools, rtt: g.rtt, sets, jobs };
  });

describe('the call market matching', () => {
  it('gives exactly what a plain reference of the rule gives, over random order books', () => {
    fc.assert(
      fc.property(bookArb, (book) => {
        const ids = book.jobs.map((_, i) => i);
        const expected = reference(book, book.pools.map((p) => p.room), ids);
        const ob = bookOf(book);
        for (const j of ids) ob.add(j, shapeOf(book, j));
        const got = production(book, book.pools.map((p) => p.room), new Clearing(ob, book.k), false);
        expect(got).toEqual(expected);
        // Matched bids leave the book; the others wait for the next call.
        expect(ob.size).toBe(book.jobs.length - expected.length);
      }),
      { numRuns: 500 },
    );
  });

  it('matches only the new bids, as the whole book would, when no room was freed and no ask changed since the last clearing (continuous)', () => {
    fc.assert(
      fc.property(bookArb, fc.nat(30), (book, split) => {
        const cut = Math.min(split, book.jobs.length);
        const room = book.pools.map((p) => p.room);
        const ob = bookOf(book);
        const clearing = new Clearing(ob, book.k);
        for (let j = 0; j < cut; j++) ob.add(j, shapeOf(book, j));
        const first = production(book, room, clearing, false);
        const waiting = new Set(Array.from({ length: cut }, (_, j) => j).filter((j) => !first.some(([m]) => m === j)));
        for (let j = cut; j < book.jobs.length; j++) ob.add(j, shapeOf(book, j));
        const referenceRoom = [...room];
        const expected = reference(book, referenceRoom, [...waiting, ...Array.from({ length: book.jobs.length - cut }, (_, i) => cut + i)]);
        const got = production(book, room, clearing, true);
        expect(got).toEqual(expected);
        expect(room).toEqual(referenceRoom);
      }),
      { numRuns: 300 },
    );
  });

  it('re-sorts its index of asks when an ask changes between clearings', () => {
    const book: Book = { k: 0.5, pools: [{ ask: 1, room: 1 }, { ask: 2, room: 1 }], rtt: [[1, 1]], sets: [[0, 1]], jobs: [] };
    const add = (bid: number): number => book.jobs.push({ bid, arrival: 0, size: 1, set: 0, origin: 0, budget: Infinity, hours: 1, spot: false }) - 1;
    const ob = bookOf(book);
    const clearing = new Clearing(ob, 0.5);
    const room = [1, 1];
    ob.add(add(3), 0);
    expect(production(book, room, clearing, false)).toEqual([[0, 0, 2]]);
    // Pool 0 is now dear and pool 1 cheap: the next bid goes to pool 1 at the new ask.
    book.pools[0] = { ask: 5, room: 0 };
    book.pools[1] = { ask: 0.5, room: 1 };
    ob.add(add(3), 0);
    // The simulation bumps the price version whenever an ask changes; the index sees the new asks then.
    expect(productionWithVersion(book, room, clearing, 1)).toEqual([[1, 1, 1.75]]);
  });
});

/** `production` with a given price version (the simulation bumps it whenever an ask changes). */
function productionWithVersion(book: Book, room: number[], clearing: Clearing, version: number): Match[] {
  const out: Match[] = [];
  clearing.clear({
    candidates: (job) => book.sets[(book.jobs[job] as Book['jobs'][number]).set] as number[],
    bid: (job) => (book.jobs[job] as Book['jobs'][number]).bid,
    spot: () => false,
    ask: (pool) => (book.pools[pool] as Book['pools'][number]).ask,
    rttMs: () => 1,
    hasRoom: (job, pool) => (room[pool] as number) >= 1,
    withinBudget: () => true,
    take: (job, pool, price) => {
      room[pool] = (room[pool] as number) - 1;
      out.push([job, pool, price]);
      return true;
    },
    priceVersion: version,
  });
  return out;
}
