import type { ReadonlyNumbers } from '../model/readonly-numbers.js';

/**
 * The central queue of waiting jobs, grouped by shape.
 *
 * A shape is what decides where a job can go and how a policy scores it:
 * its class, origin and chips (a job with its own runtime table is a shape
 * of its own). Jobs of one shape sit in one list, sorted by the policy's
 * queue order. Shapes that need the same room (a demand: chips, cores,
 * memory) on the same set of pools form a group.
 *
 * When a job waits only for capacity, none of its pools has room for its
 * demand: each is marked full for that demand until it frees capacity
 * (`poolFreed`). A group with every pool full for its demand is blocked,
 * and none of its shapes is looked at. So when a pool frees room for one
 * job, the first job to take it marks it full again and every other group
 * that was waiting on it is blocked again without a decision of its own. An
 * overloaded cluster with a hundred thousand waiting jobs costs a
 * scheduling pass O(shapes whose pools changed), not O(queue).
 */
export class CentralQueue {
  private readonly shapes: Shape[] = [];
  /** Shapes with waiting jobs, and each shape's position in that list (-1 when empty). */
  private readonly nonEmpty: number[] = [];
  private readonly nonEmptyAt: number[] = [];
  private readonly shapeIds = new Map<string, number>();
  private readonly groups: Group[] = [];
  private readonly groupIds = new Map<string, number>();
  private readonly demands: Demand[] = [];
  private readonly demandIds = new Map<string, number>();
  private readonly pools: number;
  private count = 0;

  /**
   * @param compare queue order over job indices; arrival order when undefined
   * @param pools number of pools (from `firstPool` on) whose jobs wait here
   * @param jobs the job table, whose `serial` is the arrival order ties break by
   * @param firstPool the first of the pools: a site's queue under a brain knows only the site's pools
   */
  constructor(
    private readonly compare: ((a: number, b: number) => number) | undefined,
    pools: number,
    private readonly jobs: { readonly serial: ReadonlyNumbers },
    private readonly firstPool = 0,
  ) {
    this.pools = pools;
  }

  get size(): number {
    return this.count;
  }

  /**
   * The shape of a job, created on first use from its key; `demand` (what
   * room it needs) and the pools it may use make its group.
   */
  shapeFor(key: string, demand: string, pools: ArrayLike<number>): number {
    let id = this.shapeIds.get(key);
    if (id === undefined) {
      let d = this.demandIds.get(demand);
      if (d === undefined) {
        d = this.demands.length;
        this.demands.push({ full: new Uint8Array(this.pools), groupsOfPool: Array.from({ length: this.pools }, () => []) });
        this.demandIds.set(demand, d);
      }
      const dem = this.demands[d] as Demand;
      const groupKey = `${demand}|${Array.prototype.join.call(pools, ',')}`;
      let group = this.groupIds.get(groupKey);
      if (group === undefined) {
        group = this.groups.length;
        let open = 0;
        for (let i = 0; i < pools.length; i++) {
          const p = (pools[i] as number) - this.firstPool;
          dem.groupsOfPool[p]?.push(group);
          if (dem.full[p] === 0) open++;
        }
        this.groups.push({ demand: d, pools: Int32Array.from(pools), open });
        this.groupIds.set(groupKey, group);
      }
      id = this.shapes.length;
      this.shapes.push({ jobs: [], head: 0, group });
      this.nonEmptyAt.push(-1);
      this.shapeIds.set(key, id);
    }
    return id;
  }

  /** Adds a job to its shape's list at its place in queue order; the shape may be worth a look again. */
  add(job: number, shape: number): void {
    const s = this.shapes[shape] as Shape;
    if (s.head === s.jobs.length) this.markNonEmpty(shape);
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
    this.count++;
  }

  /** A pool freed capacity: for every demand it is no longer known to be full. */
  poolFreed(pool: number): void {
    for (const dem of this.demands) this.setFull(dem, pool - this.firstPool, false);
  }

  /** Something changed for every shape (prices, for instance): nothing is known to be full. */
  unblockAll(): void {
    for (const dem of this.demands) for (let p = 0; p < this.pools; p++) this.setFull(dem, p, false);
  }

  /**
   * A job of this shape waited for capacity alone: none of its pools has
   * room for its demand. Every group of that demand on those pools learns it.
   */
  block(shape: number): void {
    const group = this.groups[(this.shapes[shape] as Shape).group] as Group;
    const dem = this.demands[group.demand] as Demand;
    for (let i = 0; i < group.pools.length; i++) this.setFull(dem, (group.pools[i] as number) - this.firstPool, true);
  }

  /** Whether every pool of the shape's group is known to be full for its demand. */
  isBlocked(shape: number): boolean {
    return (this.groups[(this.shapes[shape] as Shape).group] as Group).open === 0;
  }

  /** `pool` counts from `firstPool`. */
  private setFull(dem: Demand, pool: number, full: boolean): void {
    if ((dem.full[pool] === 1) === full) return;
    dem.full[pool] = full ? 1 : 0;
    const delta = full ? -1 : 1;
    for (const g of dem.groupsOfPool[pool] as number[]) (this.groups[g] as Group).open += delta;
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

  /** Jobs waiting in a shape's list. */
  sizeOf(shape: number): number {
    const s = this.shapes[shape] as Shape;
    return s.jobs.length - s.head;
  }

  /** The pools a shape's jobs may use (its group's). */
  poolsOf(shape: number): Int32Array {
    return (this.groups[(this.shapes[shape] as Shape).group] as Group).pools;
  }

  /** Position of a job in its shape's list, or -1. O(length); for batch mode. */
  indexOf(shape: number, job: number): number {
    const s = this.shapes[shape] as Shape;
    const k = s.jobs.indexOf(job, s.head);
    return k < 0 ? -1 : k - s.head;
  }

  /** Shapes with waiting jobs (live: do not keep it across changes). */
  nonEmptyShapes(): readonly number[] {
    return this.nonEmpty;
  }

  private markNonEmpty(shape: number): void {
    this.nonEmptyAt[shape] = this.nonEmpty.length;
    this.nonEmpty.push(shape);
  }

  private markEmpty(shape: number): void {
    const at = this.nonEmptyAt[shape] as number;
    const last = this.nonEmpty.pop() as number;
    if (last !== shape) {
      this.nonEmpty[at] = last;
      this.nonEmptyAt[last] = at;
    }
    this.nonEmptyAt[shape] = -1;
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
    // Emptied, the list keeps its storage (the compaction above bounds it):
    // truncating it would free it, only for the next arrival to allocate it again.
    if (s.head === s.jobs.length) this.markEmpty(shape);
  }

  /** Every waiting job, in queue order. O(n log n); for batch policies and reports. */
  all(): number[] {
    const out: number[] = [];
    for (const id of this.nonEmpty) {
      const s = this.shapes[id] as Shape;
      for (let k = s.head; k < s.jobs.length; k++) out.push(s.jobs[k] as number);
    }
    return out.sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
  }

  /** Calls `fn` for up to `limit` waiting jobs, shape by shape (not in queue order). */
  forSome(limit: number, fn: (job: number) => void): void {
    let n = 0;
    for (const id of this.nonEmpty) {
      const s = this.shapes[id] as Shape;
      for (let k = s.head; k < s.jobs.length && n < limit; k++, n++) fn(s.jobs[k] as number);
      if (n >= limit) return;
    }
  }

  /** Whether job a comes before job b in queue order (ties by arrival). */
  before(a: number, b: number): boolean {
    if (this.compare !== undefined) {
      const c = this.compare(a, b);
      if (c !== 0) return c < 0;
    }
    // issue 20: by arrival, not by index: a recycled slot's index says nothing of when its job came.
    const serial = this.jobs.serial;
    return (serial[a] as number) < (serial[b] as number);
  }
}

interface Shape {
  /** Job indices in queue order, from `head` on. */
  jobs: number[];
  head: number;
  /** Shapes needing the same room on the same pools share a group. */
  group: number;
}

interface Group {
  demand: number;
  pools: Int32Array;
  /** How many of its pools are not known to be full for its demand; blocked at 0. */
  open: number;
}

/** One kind of room jobs ask for, and which pools are known to have none of it. */
interface Demand {
  full: Uint8Array;
  /** Per pool, the groups of this demand that use it. */
  groupsOfPool: number[][];
}
