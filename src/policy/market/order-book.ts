/**
 * The bids of a call or continuous market that wait to be matched, by
 * shape. Jobs of one shape (the dispatcher's: same class, origin, demand
 * and candidate pools) compete for the same pools in the same way, so each
 * shape keeps its bids in the market's order — highest bid first, ties by
 * earlier arrival, then by job index — and the clearing merges the shapes.
 * Jobs added since the last clearing are "fresh": when nothing else
 * changed, only they can match.
 */
export class OrderBook {
  private readonly lists: number[][] = [];
  /** Shapes with bids waiting. */
  private readonly live = new Set<number>();
  private readonly representative: number[] = [];
  private readonly shapeOfJob = new Map<number, number>();
  private fresh: number[] = [];
  private count = 0;

  /** @param before the market's order: whether bid a comes before bid b */
  constructor(readonly before: (a: number, b: number) => boolean) {}

  get size(): number {
    return this.count;
  }

  /** Adds a waiting bid of the given shape at its place in the market's order. */
  add(job: number, shape: number): void {
    while (this.lists.length <= shape) this.lists.push([]);
    const list = this.lists[shape] as number[];
    let lo = 0;
    let hi = list.length;
    // Bids mostly arrive in no particular order of price: a binary search each time.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.before(list[mid] as number, job)) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, job);
    this.representative[shape] = job;
    this.shapeOfJob.set(job, shape);
    this.live.add(shape);
    this.fresh.push(job);
    this.count++;
  }

  /** Removes the bid at position `i` of its shape's list (it was matched). */
  removeAt(shape: number, i: number): void {
    const list = this.lists[shape] as number[];
    const [job] = list.splice(i, 1);
    if (job !== undefined) this.shapeOfJob.delete(job);
    if (list.length === 0) this.live.delete(shape);
    this.count--;
  }

  /** The bid at position `i` of a shape's list, or -1 past its end. */
  at(shape: number, i: number): number {
    const list = this.lists[shape];
    return list !== undefined && i < list.length ? (list[i] as number) : -1;
  }

  /** Shapes with bids waiting (a fresh array). */
  shapes(): number[] {
    return [...this.live].sort((a, b) => a - b);
  }

  /** A job of the shape, for what all its jobs share (candidates, RTTs). */
  representativeOf(shape: number): number {
    return this.representative[shape] as number;
  }

  /** The shape of a waiting bid, or -1 when the job is not in the book. */
  shapeOf(job: number): number {
    return this.shapeOfJob.get(job) ?? -1;
  }

  /** The bids added since the last call that still wait, in the market's order. */
  takeFresh(): number[] {
    const out = this.fresh.filter((job) => this.shapeOfJob.has(job)).sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
    this.fresh = [];
    return out;
  }

  /** Forgets which bids are fresh (a full clearing looked at them all). */
  clearFresh(): void {
    this.fresh = [];
  }

  /** Position of a job in its shape's list, or -1. */
  indexOf(shape: number, job: number): number {
    return this.lists[shape]?.indexOf(job) ?? -1;
  }

  /** Every waiting bid, in the market's order. */
  all(): number[] {
    const out: number[] = [];
    for (const shape of this.live) out.push(...(this.lists[shape] as number[]));
    return out.sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
  }
}
