import type { CandidateExplanation, DecisionExplanation } from '../../model/explanation.js';
import type { OrderBook } from './order-book.js';

/** What the matching reads of jobs and pools, and how it carries a match out. */
export interface ClearingSide {
  /** Pools that pass the job's fixed hard filters (a chip that runs it, inside its circle, nodes big enough), in declaration order. */
  candidates(job: number): ArrayLike<number>;
  bid(job: number): number;
  spot(job: number): boolean;
  /** The pool's ask now, per chip-hour. */
  ask(pool: number): number;
  rttMs(job: number, pool: number): number;
  /** Whether the pool has room for the job now (room only shrinks during a clearing). */
  hasRoom(job: number, pool: number): boolean;
  /** Whether the job's budget allows the pool at this price per chip-hour, by its estimate. */
  withinBudget(job: number, pool: number, price: number): boolean;
  /** Starts the job on the pool (node and chips by the pool's usual placement) at the price; false if it did not fit after all. */
  take(job: number, pool: number, price: number): boolean;
  /** A number that changes whenever some ask changes. */
  readonly priceVersion: number;
  /** For explanations (`--explain`): whether the job is watched, the pool's name, and where a finished record goes. */
  readonly explainer?: {
    wants(job: number): boolean;
    poolName(pool: number): string;
    record(job: number, ex: DecisionExplanation): void;
  };
}

/** The rule as explanations state it. */
export const CLEARING_RULE = 'bids highest first (ties: earlier arrival, then job index); the lowest ask ≤ bid among pools with room within budget at the trade price (ties: lower RTT, then the pool declared first); price = ask + k·(bid − ask), the ask for spot';

/** One shape's candidate pools sorted by (ask, RTT, declaration), and pointers past pools found full in this clearing. */
interface AskIndex {
  pools: Int32Array;
  asks: Float64Array;
  version: number;
  /** skip[j] = j while pool j may have room; else a pointer towards the next that may (union-find, path halving); skip[n] = n. */
  skip: Int32Array;
  stamp: number;
}

/**
 * The matching of a call market (and of a continuous one, run at every
 * arrival and release instead of at intervals), exactly by the rule in
 * docs/market.md:
 *
 * 1. Waiting bids in order: highest bid per chip-hour first; ties by
 *    earlier arrival, then by job index.
 * 2. For each, the pools that pass the hard filters — a chip that runs
 *    it, inside its circle, nodes big enough, its budget at the trade
 *    price — that have room now and ask at most its bid.
 * 3. The lowest ask; ties to the lower RTT, then the pool declared first.
 *    The node and chips by the pool's usual placement.
 * 4. The trade price is ask + k · (bid − ask) (a spot job pays the ask, and
 *    then the price as it changes).
 * 5. Bids not matched wait.
 *
 * Not a scan of every pool per bid: the asks are fixed during a clearing,
 * so each shape's candidates are sorted by (ask, RTT, declaration) once per
 * change of price, and a pointer structure skips pools found full for the
 * shape's demand (room only shrinks during a clearing). A bid walks its
 * shape's list from the first pool that may have room and stops at the
 * first ask above its bid; a bid that finds nothing without a budget
 * refusal ends its shape for the clearing, since every later bid of the
 * shape bids less on the same pools. Shapes are merged in bid order through
 * a heap, so bids are matched in exactly the rule's order.
 */
export class Clearing {
  private readonly index: (AskIndex | undefined)[] = [];
  private stamp = 0;
  private readonly cursor: number[] = [];
  private heap: number[] = [];

  constructor(
    readonly book: OrderBook,
    /** Share of the spread that goes to the seller: price = ask + k · (bid − ask). */
    readonly k: number,
  ) {}

  /**
   * Clears the book; returns how many bids were matched. With `onlyFresh`,
   * only the bids added since the last clearing are tried: when no room was
   * freed and no ask changed since, every older bid would fail again, and
   * none of them takes room the fresh ones could use.
   */
  clear(side: ClearingSide, onlyFresh = false): number {
    this.stamp++;
    return onlyFresh ? this.clearFresh(side) : this.clearAll(side);
  }

  private clearFresh(side: ClearingSide): number {
    const book = this.book;
    let matched = 0;
    for (const job of book.takeFresh()) {
      const shape = book.shapeOf(job);
      if (this.match(job, shape, side) < 0) continue;
      book.removeAt(shape, book.indexOf(shape, job));
      matched++;
    }
    return matched;
  }

  private clearAll(side: ClearingSide): number {
    const book = this.book;
    book.clearFresh();
    this.heap = [];
    for (const shape of book.shapes()) {
      this.cursor[shape] = 0;
      this.push(shape);
    }
    let matched = 0;
    while (this.heap.length > 0) {
      const shape = this.pop();
      const i = this.cursor[shape] as number;
      const job = book.at(shape, i);
      const pool = this.match(job, shape, side);
      if (pool >= 0) {
        book.removeAt(shape, i);
        matched++;
      } else if (pool === EXHAUSTED) {
        this.waitBehind(shape, i + 1, side);
        continue;
      } else {
        this.cursor[shape] = i + 1;
      }
      if (book.at(shape, this.cursor[shape] as number) >= 0) this.push(shape);
    }
    return matched;
  }

  /**
   * Matches one bid by the rule: the pool, or NO_MATCH, or EXHAUSTED when
   * it failed for want of room or of a low enough ask alone (so every lower
   * bid of its shape fails too).
   */
  private match(job: number, shape: number, side: ClearingSide): number {
    const idx = this.indexOf(shape, side);
    if (side.explainer?.wants(job) === true) return this.matchExplained(job, idx, side);
    const bid = side.bid(job);
    const spot = side.spot(job);
    const { pools, asks, skip } = idx;
    const n = pools.length;
    let budgetRefused = false;
    for (let j = find(skip, 0); j < n; ) {
      const ask = asks[j] as number;
      if (ask > bid) break;
      const pool = pools[j] as number;
      if (side.hasRoom(job, pool)) {
        const price = spot ? ask : ask + this.k * (bid - ask);
        if (!side.withinBudget(job, pool, price)) {
          budgetRefused = true;
          j = find(skip, j + 1);
          continue;
        }
        if (side.take(job, pool, price)) return pool;
      }
      // Full for this shape's demand until the clearing ends.
      skip[j] = j + 1;
      j = find(skip, j + 1);
    }
    return budgetRefused ? NO_MATCH : EXHAUSTED;
  }

  /** The same rule over every candidate, each one's reasons recorded: the same choice, by the same order. */
  private matchExplained(job: number, idx: AskIndex, side: ClearingSide): number {
    const explainer = side.explainer as NonNullable<ClearingSide['explainer']>;
    const bid = side.bid(job);
    const spot = side.spot(job);
    const ex: DecisionExplanation = { time: NaN, kind: 'wait', candidates: [], rule: CLEARING_RULE };
    let chosen = -1;
    let budgetRefused = false;
    for (let j = 0; j < idx.pools.length; j++) {
      const pool = idx.pools[j] as number;
      const ask = idx.asks[j] as number;
      const price = spot ? ask : ask + this.k * (bid - ask);
      const c: CandidateExplanation = { pool: explainer.poolName(pool), refused: [], parts: [], ask };
      ex.candidates.push(c);
      if (ask > bid) c.refused.push('ask-above-bid');
      const room = side.hasRoom(job, pool);
      if (!room) c.refused.push('no-room');
      if (ask <= bid && room && !side.withinBudget(job, pool, price)) {
        c.refused.push(`over-budget at ${price}`);
        budgetRefused = true;
      }
      if (c.refused.length > 0) continue;
      if (!side.take(job, pool, price)) {
        c.refused.push('did not fit after all');
        continue;
      }
      chosen = pool;
      ex.kind = 'start';
      ex.pool = c.pool;
      ex.winner = j;
      ex.trade = { price, ask, bid };
      // The pools after the winner were not needed: counted, not listed.
      if (j + 1 < idx.pools.length) ex.omitted = idx.pools.length - j - 1;
      break;
    }
    if (chosen < 0) ex.reason = 'no pool with room and an ask at most its bid within its budget';
    explainer.record(job, ex);
    return chosen >= 0 ? chosen : budgetRefused ? NO_MATCH : EXHAUSTED;
  }

  /** A shape ended early: the watched bids behind position `from` wait too, and say why. */
  private waitBehind(shape: number, from: number, side: ClearingSide): void {
    const explainer = side.explainer;
    if (explainer === undefined) return;
    for (let i = from, job = this.book.at(shape, i); job >= 0; job = this.book.at(shape, ++i)) {
      if (explainer.wants(job)) explainer.record(job, { time: NaN, kind: 'wait', reason: 'a higher bid of its shape found no pool with room and an ask at most its bid', candidates: [], rule: CLEARING_RULE });
    }
  }

  /** The shape's candidates by (ask, RTT, declaration), re-sorted when an ask changed; its skip pointers reset for this clearing. */
  private indexOf(shape: number, side: ClearingSide): AskIndex {
    let idx = this.index[shape];
    if (idx === undefined || idx.version !== side.priceVersion) {
      const job = this.book.representativeOf(shape);
      const candidates = Array.from(side.candidates(job));
      const ask = new Map(candidates.map((p) => [p, side.ask(p)]));
      const rtt = new Map(candidates.map((p) => [p, side.rttMs(job, p)]));
      candidates.sort((a, b) => (ask.get(a) as number) - (ask.get(b) as number) || (rtt.get(a) as number) - (rtt.get(b) as number) || a - b);
      idx = {
        pools: Int32Array.from(candidates),
        asks: Float64Array.from(candidates, (p) => ask.get(p) as number),
        version: side.priceVersion,
        skip: new Int32Array(candidates.length + 1),
        stamp: -1,
      };
      this.index[shape] = idx;
    }
    if (idx.stamp !== this.stamp) {
      for (let j = 0; j < idx.skip.length; j++) idx.skip[j] = j;
      idx.stamp = this.stamp;
    }
    return idx;
  }

  /** Adds a shape to the merge, keyed by the bid at its cursor. */
  private push(shape: number): void {
    const heap = this.heap;
    const key = this.book.at(shape, this.cursor[shape] as number);
    let i = heap.length;
    heap.push(shape);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const other = heap[parent] as number;
      if (!this.book.before(key, this.book.at(other, this.cursor[other] as number))) break;
      heap[i] = other;
      i = parent;
    }
    heap[i] = shape;
  }

  /** Takes the shape whose bid at its cursor comes first off the merge. */
  private pop(): number {
    const heap = this.heap;
    const top = heap[0] as number;
    const last = heap.pop() as number;
    const n = heap.length;
    if (n === 0) return top;
    const keyOf = (s: number): number => this.book.at(s, this.cursor[s] as number);
    const lastKey = keyOf(last);
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.book.before(keyOf(heap[child + 1] as number), keyOf(heap[child] as number))) child++;
      if (!this.book.before(keyOf(heap[child] as number), lastKey)) break;
      heap[i] = heap[child] as number;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

const NO_MATCH = -1;
const EXHAUSTED = -2;

/** The first position at or after j that may have room (path halving). */
function find(skip: Int32Array, j: number): number {
  while (skip[j] !== j) {
    const next = skip[skip[j] as number] as number;
    skip[j] = next;
    j = next;
  }
  return j;
}
