import { IndexedHeap } from '../model/indexed-heap.js';

/** A flow's phase: its slot is free, it is paying its route's latency, or it is moving bytes. */
const FREE = 0;
const LATENCY = 1;
const MOVING = 2;

/**
 * Transfers sharing links, at flow level (as SimGrid's network models): a
 * flow first pays its route's one-way latency, then moves its bytes at its
 * share of every link on its route. Shares are max-min fair by progressive
 * filling, each flow weighted by `share` (1 for plain max-min; SimGrid's
 * LV08 gives a flow a share inversely proportional to its route's latency).
 *
 * Rates are recomputed only when the set of moving flows changes, and only
 * for the flows that share a link with the one that came or went, directly
 * or through other flows (max-min fairness splits over such connected
 * sets: a flow elsewhere keeps its rate). Only flows whose rate moved get a
 * new completion time. Completions and ends of latency wait in one heap;
 * the caller asks `nextTime()` and calls `advance(now)` at that time.
 */
export class FlowNetwork {
  /** Capacity of each link, GB/s. */
  private readonly capacity: Float64Array;
  /** Per link: the moving flows on it, in the order they started moving. */
  private readonly onLink: Set<number>[];
  /** Per link: the sum of its moving flows' rates (GB/s), and GB moved up to `linkAt`. */
  private readonly linkRate: Float64Array;
  private readonly linkGB: Float64Array;
  private readonly linkAt: Float64Array;
  /** Per link: seconds during which at least one flow moved on it. */
  private readonly linkBusyS: Float64Array;
  /** Per link: the flows still paying latency that will cross it (they are about to compete). */
  private readonly pendingOn: Set<number>[];

  private phase = new Uint8Array(64);
  private tag = new Float64Array(64);
  private share = new Float64Array(64);
  /** GB left to move as of `at`, moving at `rate` GB/s since. */
  private left = new Float64Array(64);
  private rate = new Float64Array(64);
  private at = new Float64Array(64);
  private routes: (readonly number[])[] = [];
  private free: number[] = [];
  private used = 0;
  private heap = new IndexedHeap(64);

  /** Inside `advance`: the links whose flows changed at this instant, recomputed together at its end. */
  private batch: number[] | undefined;

  // Scratch of `recompute`, kept between calls (a recomputation allocates nothing but its two lists).
  // A link or flow belongs to the current recomputation when its stamp equals `epoch`.
  private epoch = 0;
  private readonly linkSeen: Uint32Array;
  private readonly capLeft: Float64Array;
  private readonly sharesLeft: Float64Array;
  private flowSeen = new Uint32Array(64);
  /** The flow's rate in the current recomputation, once frozen (`flowFrozen` holds the epoch). */
  private newRate = new Float64Array(64);
  private flowFrozen = new Uint32Array(64);

  /** How many times rates were recomputed, and over how many flows in all (the bench's figures). */
  recomputations = 0;
  flowsRecomputed = 0;

  constructor(linkGbps: readonly number[]) {
    this.capacity = Float64Array.from(linkGbps, (g) => g / 8);
    this.onLink = linkGbps.map(() => new Set<number>());
    this.linkRate = new Float64Array(linkGbps.length);
    this.linkGB = new Float64Array(linkGbps.length);
    this.linkAt = new Float64Array(linkGbps.length);
    this.linkBusyS = new Float64Array(linkGbps.length);
    this.pendingOn = linkGbps.map(() => new Set<number>());
    this.linkSeen = new Uint32Array(linkGbps.length);
    this.capLeft = new Float64Array(linkGbps.length);
    this.sharesLeft = new Float64Array(linkGbps.length);
  }

  /** Flows not yet done (paying latency or moving). */
  get active(): number {
    return this.heap.size;
  }

  /**
   * Starts a transfer of `sizeGB` over `route` (link indices, at least
   * one) at `now`: it moves after `latencyS`. Returns the flow's id, which
   * `advance` hands back with `tag` when the last byte arrives.
   */
  start(tag: number, route: readonly number[], sizeGB: number, latencyS: number, share: number, now: number): number {
    if (route.length === 0) throw new RangeError('a flow needs at least one link');
    const f = this.free.pop() ?? this.grow();
    this.phase[f] = LATENCY;
    this.tag[f] = tag;
    this.share[f] = share;
    this.left[f] = sizeGB;
    this.rate[f] = 0;
    this.at[f] = now;
    this.routes[f] = route;
    for (const l of route) (this.pendingOn[l] as Set<number>).add(f);
    this.heap.push(f, now + latencyS);
    return f;
  }

  /** Takes a flow out before it is done (its job was preempted or lost its node); the others speed up. */
  cancel(flow: number, now: number): void {
    const moving = this.phase[flow] === MOVING;
    if (!moving) this.unpend(flow);
    this.heap.remove(flow);
    if (moving) this.leave(flow, now);
    this.release(flow);
  }

  /** When the next flow ends its latency or arrives; Infinity when none is under way. */
  nextTime(): number {
    return this.heap.topKey();
  }

  /**
   * Applies everything due at `now`: latencies paid start moving, flows done
   * leave and are handed to `done` (which may start or cancel flows). The
   * rates are recomputed once for all the changes of the instant, over the
   * union of their links: a thousand transfers starting together cost one
   * recomputation, not a thousand growing ones.
   */
  advance(now: number, done: (tag: number, flow: number) => void): void {
    this.batch = [];
    try {
      while (this.heap.size > 0 && this.heap.topKey() <= now) {
        while (this.heap.size > 0 && this.heap.topKey() <= now) {
          const f = this.heap.pop();
          if (this.phase[f] === LATENCY) {
            this.unpend(f);
            if ((this.left[f] as number) <= 0) {
              this.finished(f, done);
              continue;
            }
            this.phase[f] = MOVING;
            this.at[f] = now;
            const route = this.routes[f] as readonly number[];
            for (const l of route) {
              this.settleLink(l, now);
              (this.onLink[l] as Set<number>).add(f);
            }
            this.changed(route, now);
          } else {
            this.leave(f, now);
            this.finished(f, done);
          }
        }
        if (this.batch.length === 0) break;
        // The recomputation may leave a flow nothing to move at `now`: the outer loop takes it.
        const seeds = this.batch;
        this.batch = [];
        this.recompute(seeds, now);
      }
    } finally {
      this.batch = undefined;
    }
  }

  /** The flow's current rate in GB/s (0 while it pays latency). */
  rateOf(flow: number): number {
    return this.rate[flow] as number;
  }

  /**
   * Seconds a new transfer of `sizeGB` over `route` would take to move its
   * bytes if it started now, with the given share, and no other flow came:
   * on each link the flows there (moving, or still paying latency and about
   * to) keep sharing it as they do, each moving at most what it has left
   * or its share's worth of the new flow's bytes; the link carries the new
   * flow's bytes plus theirs at its full rate. The slowest link decides.
   * Exact for one link of equal or weighted shares (processor sharing);
   * otherwise an upper bound, since a flow held back elsewhere takes less.
   * For estimates; it changes nothing.
   */
  expectedS(route: readonly number[], sizeGB: number, share: number, now: number): number {
    let worst = 0;
    for (const l of route) {
      let bytes = sizeGB;
      for (const f of this.onLink[l] as Set<number>) bytes += Math.min(this.leftAt(f, now), (sizeGB * (this.share[f] as number)) / share);
      for (const f of this.pendingOn[l] as Set<number>) bytes += Math.min(this.left[f] as number, (sizeGB * (this.share[f] as number)) / share);
      worst = Math.max(worst, bytes / (this.capacity[l] as number));
    }
    return worst;
  }

  /** GB the flow has left to move at `now`. */
  private leftAt(f: number, now: number): number {
    return Math.max(0, (this.left[f] as number) - (this.rate[f] as number) * (now - (this.at[f] as number)));
  }

  /** GB moved over each link up to `now`, and the seconds each carried traffic. */
  linkTotals(now: number): { gb: number[]; busyS: number[] } {
    for (let l = 0; l < this.capacity.length; l++) this.settleLink(l, now);
    return { gb: Array.from(this.linkGB), busyS: Array.from(this.linkBusyS) };
  }

  private finished(f: number, done: (tag: number, flow: number) => void): void {
    const tag = this.tag[f] as number;
    this.release(f);
    done(tag, f);
  }

  /** A moving flow stops moving: off its links, and the flows it shared them with get their new rates. */
  private leave(f: number, now: number): void {
    const route = this.routes[f] as readonly number[];
    for (const l of route) {
      this.settleLink(l, now);
      this.onLink[l]?.delete(f);
      this.linkRate[l] = (this.linkRate[l] as number) - (this.rate[f] as number);
    }
    this.rate[f] = 0;
    this.phase[f] = FREE;
    this.changed(route, now);
  }

  /** Flows on `route` changed: their rates are recomputed now, or with the rest of the instant inside `advance`. */
  private changed(route: readonly number[], now: number): void {
    if (this.batch === undefined) this.recompute(route, now);
    else for (const l of route) this.batch.push(l);
  }

  /** A flow stops paying latency (it moves, or is cancelled): it no longer waits on its links. */
  private unpend(f: number): void {
    for (const l of this.routes[f] as readonly number[]) this.pendingOn[l]?.delete(f);
  }

  private release(f: number): void {
    this.phase[f] = FREE;
    this.routes[f] = [];
    this.free.push(f);
  }

  /** Brings a link's GB moved and busy time up to `now` at its current total rate. */
  private settleLink(l: number, now: number): void {
    const dt = now - (this.linkAt[l] as number);
    if (dt > 0) {
      const r = this.linkRate[l] as number;
      this.linkGB[l] = (this.linkGB[l] as number) + r * dt;
      if ((this.onLink[l] as Set<number>).size > 0) this.linkBusyS[l] = (this.linkBusyS[l] as number) + dt;
    }
    this.linkAt[l] = now;
  }

  /**
   * Max-min fair rates, by progressive filling, for the moving flows
   * connected to `seed` links through shared links; then new completion
   * times for the flows whose rate moved.
   */
  private recompute(seed: readonly number[], now: number): void {
    const epoch = this.nextEpoch();
    const { linkSeen, flowSeen, capLeft, sharesLeft, newRate, flowFrozen } = this;
    // The connected set: links and flows reachable from the seed links.
    const links: number[] = [];
    const flows: number[] = [];
    for (const l of seed) {
      if (linkSeen[l] !== epoch) {
        linkSeen[l] = epoch;
        links.push(l);
      }
    }
    for (let i = 0; i < links.length; i++) {
      for (const f of this.onLink[links[i] as number] as Set<number>) {
        if (flowSeen[f] === epoch) continue;
        flowSeen[f] = epoch;
        flows.push(f);
        for (const l of this.routes[f] as readonly number[]) {
          if (linkSeen[l] === epoch) continue;
          linkSeen[l] = epoch;
          links.push(l);
        }
      }
    }
    this.recomputations++;
    this.flowsRecomputed += flows.length;
    if (flows.length === 0) return;

    // Progressive filling: raise a common level; a link whose capacity is used up freezes its flows at level × share.
    for (const l of links) {
      capLeft[l] = this.capacity[l] as number;
      let s = 0;
      for (const f of this.onLink[l] as Set<number>) s += this.share[f] as number;
      sharesLeft[l] = s;
    }
    let unfrozen = flows.length;
    while (unfrozen > 0) {
      let level = Infinity;
      for (const l of links) {
        const s = sharesLeft[l] as number;
        if (s > 0) level = Math.min(level, Math.max(0, capLeft[l] as number) / s);
      }
      for (const l of links) {
        const s = sharesLeft[l] as number;
        if (s <= 0 || Math.max(0, capLeft[l] as number) / s > level) continue;
        for (const f of this.onLink[l] as Set<number>) {
          if (flowFrozen[f] === epoch) continue;
          const r = level * (this.share[f] as number);
          flowFrozen[f] = epoch;
          newRate[f] = r;
          unfrozen--;
          for (const k of this.routes[f] as readonly number[]) {
            capLeft[k] = (capLeft[k] as number) - r;
            sharesLeft[k] = (sharesLeft[k] as number) - (this.share[f] as number);
          }
        }
        sharesLeft[l] = 0;
      }
    }

    for (const f of flows) {
      const r = newRate[f] as number;
      const old = this.rate[f] as number;
      if (r === old) continue;
      for (const l of this.routes[f] as readonly number[]) {
        this.settleLink(l, now);
        this.linkRate[l] = (this.linkRate[l] as number) - old + r;
      }
      this.left[f] = Math.max(0, (this.left[f] as number) - old * (now - (this.at[f] as number)));
      this.at[f] = now;
      this.rate[f] = r;
      this.heap.remove(f);
      this.heap.push(f, r > 0 ? now + (this.left[f] as number) / r : Infinity);
    }
  }

  /** A new stamp for `recompute`'s scratch; after 2^32 − 1 of them the stamps start again from cleared arrays. */
  private nextEpoch(): number {
    if (this.epoch === 0xffffffff) {
      this.epoch = 0;
      this.linkSeen.fill(0);
      this.flowSeen.fill(0);
      this.flowFrozen.fill(0);
    }
    return ++this.epoch;
  }

  private grow(): number {
    const f = this.used++;
    if (f >= this.phase.length) {
      const n = this.phase.length * 2;
      const widen = <T extends Float64Array | Uint8Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const b = make(n);
        b.set(a);
        return b;
      };
      this.phase = widen(this.phase, (k) => new Uint8Array(k));
      this.tag = widen(this.tag, (k) => new Float64Array(k));
      this.share = widen(this.share, (k) => new Float64Array(k));
      this.left = widen(this.left, (k) => new Float64Array(k));
      this.rate = widen(this.rate, (k) => new Float64Array(k));
      this.at = widen(this.at, (k) => new Float64Array(k));
      this.flowSeen = widen(this.flowSeen, (k) => new Uint32Array(k));
      this.newRate = widen(this.newRate, (k) => new Float64Array(k));
      this.flowFrozen = widen(this.flowFrozen, (k) => new Uint32Array(k));
      const heap = new IndexedHeap(n);
      for (const item of this.heap.items()) heap.push(item, this.heap.keyOf(item));
      this.heap = heap;
    }
    return f;
  }
}
