/**
 * The central queue of waiting jobs, grouped by shape.
 *
 * A shape is what decides whether a job can be placed: its class, origin
 * and chips (a job with its own runtime table is a shape of its own). Jobs
 * of one shape sit in one list, sorted by the policy's queue order. When a
 * job waits only for capacity, every later job of its shape would too, so
 * its shape is marked blocked and not looked at again until a pool it could
 * use frees capacity (`poolFreed`). An overloaded cluster with a hundred
 * thousand waiting jobs thus costs a scheduling pass O(shapes whose pools
 * changed), not O(queue).
 */
export class CentralQueue {
  private readonly shapes: Shape[] = [];
  private readonly shapeIds = new Map<string, number>();
  /** Per pool, the shapes that may use it. */
  private readonly shapesOfPool: number[][];
  private count = 0;

  /**
   * @param compare queue order over job indices; arrival order (index) when undefined
   * @param pools number of pools
   */
  constructor(
    private readonly compare: ((a: number, b: number) => number) | undefined,
    pools: number,
  ) {
    this.shapesOfPool = Array.from({ length: pools }, () => []);
  }

  get size(): number {
    return this.count;
  }

  /** The shape of a job: created on first use from its key and the pools it may use. */
  shapeFor(key: string, pools: ArrayLike<number>): number {
    let id = this.shapeIds.get(key);
    if (id === undefined) {
      id = this.shapes.length;
      this.shapes.push({ jobs: [], head: 0, blocked: false });
      this.shapeIds.set(key, id);
      for (let i = 0; i < pools.length; i++) this.shapesOfPool[pools[i] as number]?.push(id);
    }
    return id;
  }

  /** Adds a job to its shape's list at its place in queue order; the shape may be worth a look again. */
  add(job: number, shape: number): void {
    const s = this.shapes[shape] as Shape;
    const jobs = s.jobs;
    // New arrivals almost always go last: check that before searching.
    const last = jobs.length > s.head ? (jobs[jobs.length - 1] as number) : undefined;
    if (last === undefined || this.before(last, job)) {
      jobs.push(job);
    } else {
      let lo = s.head;
      let hi = jobs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.before(jobs[mid] as number, job)) lo = mid + 1;
        else hi = mid;
      }
      jobs.splice(lo, 0, job);
    }
    s.blocked = false;
    this.count++;
  }

  /** A pool freed capacity: shapes that could use it are worth a look again. */
  poolFreed(pool: number): void {
    const ids = this.shapesOfPool[pool];
    if (ids === undefined) return;
    for (const id of ids) (this.shapes[id] as Shape).blocked = false;
  }

  /** Something changed for every shape (prices, for instance): look at all again. */
  unblockAll(): void {
    for (const s of this.shapes) s.blocked = false;
  }

  /** Marks a shape blocked until one of its pools frees capacity. */
  block(shape: number): void {
    (this.shapes[shape] as Shape).blocked = true;
  }

  isBlocked(shape: number): boolean {
    return (this.shapes[shape] as Shape).blocked;
  }

  /** Number of shapes. */
  get shapeCount(): number {
    return this.shapes.length;
  }

  /** The job at position `i` of a shape's list (0 is its head), or -1 past the end. */
  jobAt(shape: number, i: number): number {
    const s = this.shapes[shape] as Shape;
    const k = s.head + i;
    return k < s.jobs.length ? (s.jobs[k] as number) : -1;
  }

  /** Position of a job in its shape's list, or -1. O(length); for batch mode. */
  indexOf(shape: number, job: number): number {
    const s = this.shapes[shape] as Shape;
    const k = s.jobs.indexOf(job, s.head);
    return k < 0 ? -1 : k - s.head;
  }

  /** Removes the job at position `i` of a shape's list. */
  removeAt(shape: number, i: number): void {
    const s = this.shapes[shape] as Shape;
    if (i === 0) {
      s.head++;
      // Compact once the consumed prefix dominates, so memory tracks what waits.
      if (s.head > 1024 && s.head * 2 > s.jobs.length) {
        s.jobs = s.jobs.slice(s.head);
        s.head = 0;
      }
    } else {
      s.jobs.splice(s.head + i, 1);
    }
    this.count--;
  }

  /** Every waiting job, in queue order. O(n log n); for batch policies and reports. */
  all(): number[] {
    const out: number[] = [];
    for (const s of this.shapes) for (let k = s.head; k < s.jobs.length; k++) out.push(s.jobs[k] as number);
    return out.sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
  }

  /** Calls `fn` for up to `limit` waiting jobs, shape by shape (not in queue order). */
  forSome(limit: number, fn: (job: number) => void): void {
    let n = 0;
    for (const s of this.shapes) {
      for (let k = s.head; k < s.jobs.length && n < limit; k++, n++) fn(s.jobs[k] as number);
      if (n >= limit) return;
    }
  }

  /** Whether job a comes before job b in queue order (ties by arrival, that is by index). */
  before(a: number, b: number): boolean {
    if (this.compare !== undefined) {
      const c = this.compare(a, b);
      if (c !== 0) return c < 0;
    }
    return a < b;
  }
}

interface Shape {
  /** Job indices in queue order, from `head` on. */
  jobs: number[];
  head: number;
  blocked: boolean;
}
