import { bisectRight } from 'd3-array';
import { exponential, type Rng } from '../engine/rng.js';
import type { ClusterModel, PoolModel } from '../model/cluster-model.js';

/**
 * When nodes fail and which: each node of a pool with `failures` fails after
 * an exponential time with mean MTBF and is repaired after an exponential
 * time with mean repair time, independently of the others.
 *
 * Rather than one pending event per node, each pool keeps one: the
 * superposition of its up nodes' failure processes is Poisson with rate
 * (up nodes) / MTBF, and the failing node is uniform among those up. When the
 * number of up nodes changes the pool's next failure is drawn afresh, which
 * memorylessness makes exact; the superseded event is recognised as stale
 * by its time (`isScheduled`).
 *
 * In an elastic pool only nodes that are on can fail: the pool's nodes on
 * at the start are up, the rest off; the pool's controller says when a
 * node powers on (`join`) or off (`leave`), and a repaired node stays off
 * until the controller boots it again.
 */
export class NodeFailures {
  private readonly nextAt: Float64Array;
  private readonly upNodes: Int32Array[];
  private readonly upCount: Int32Array;
  /** Position of each node in its pool's `upNodes`, or -1 while down. */
  private readonly position: Int32Array[];
  /** First global node number of each pool (for repair event payloads). */
  private readonly offset: Int32Array;
  private readonly rngs = new Map<number, Rng>();
  private down = 0;

  constructor(
    private readonly model: ClusterModel,
    private readonly rngFor: (pool: PoolModel) => Rng,
  ) {
    const n = model.pools.length;
    this.nextAt = new Float64Array(n).fill(Infinity);
    // An elastic pool starts with its first `startNodes` nodes on.
    const upAtStart = (p: PoolModel): number => p.elastic?.startNodes ?? p.nodes;
    this.upCount = Int32Array.from(model.pools, upAtStart);
    this.offset = new Int32Array(n);
    for (let i = 1; i < n; i++) this.offset[i] = (this.offset[i - 1] as number) + (model.pools[i - 1]?.nodes as number);
    // Only pools that fail need their up lists.
    this.upNodes = model.pools.map((p) => (Number.isFinite(p.mtbfS) ? Int32Array.from({ length: p.nodes }, (_, k) => k) : new Int32Array(0)));
    this.position = model.pools.map((p) => (Number.isFinite(p.mtbfS) ? Int32Array.from({ length: p.nodes }, (_, k) => (k < upAtStart(p) ? k : -1)) : new Int32Array(0)));
  }

  /** First global node number of each pool's nodes. */
  offsetOf(pool: number): number {
    return this.offset[pool] as number;
  }

  /** Whether the pool's nodes fail at all. */
  fails(pool: number): boolean {
    return Number.isFinite((this.model.pools[pool] as PoolModel).mtbfS);
  }

  /** A node of an elastic pool powered on: it may fail from now on. Redraw the pool's next failure after this. */
  join(pool: number, node: number): void {
    if (!this.fails(pool)) return;
    const count = this.upCount[pool] as number;
    (this.upNodes[pool] as Int32Array)[count] = node;
    (this.position[pool] as Int32Array)[node] = count;
    this.upCount[pool] = count + 1;
  }

  /** A node of an elastic pool powered off (or stopped booting): it can no longer fail. Redraw the pool's next failure after this. */
  leave(pool: number, node: number): void {
    if (!this.fails(pool)) return;
    const position = this.position[pool] as Int32Array;
    const k = position[node] as number;
    if (k < 0) return;
    this.removeAt(pool, k);
  }

  /** Draws the pool's next failure time after `now` and remembers it; Infinity when it never fails. */
  nextFailure(pool: number, now: number): number {
    const p = this.model.pools[pool] as PoolModel;
    const up = this.upCount[pool] as number;
    const at = Number.isFinite(p.mtbfS) && up > 0 ? now + exponential(this.rng(pool), p.mtbfS / up) : Infinity;
    this.nextAt[pool] = at;
    return at;
  }

  /** The pool's next failure time as last drawn (Infinity: none). */
  pending(pool: number): number {
    return this.nextAt[pool] as number;
  }

  /** Whether a failure event of `pool` at `time` is the current one, not a superseded one. */
  isScheduled(pool: number, time: number): boolean {
    return this.nextAt[pool] === time;
  }

  /** Chooses the failing node uniformly among the pool's up nodes and marks it down. */
  pickNodeToFail(pool: number): number {
    const up = this.upNodes[pool] as Int32Array;
    const count = this.upCount[pool] as number;
    const k = Math.floor(this.rng(pool)() * count);
    const node = up[k] as number;
    this.removeAt(pool, k);
    this.down++;
    return node;
  }

  /** Takes the node at position `k` off the pool's up list (the last one takes its place). */
  private removeAt(pool: number, k: number): void {
    const up = this.upNodes[pool] as Int32Array;
    const count = this.upCount[pool] as number;
    const node = up[k] as number;
    const last = up[count - 1] as number;
    up[k] = last;
    (this.position[pool] as Int32Array)[last] = k;
    (this.position[pool] as Int32Array)[node] = -1;
    this.upCount[pool] = count - 1;
  }

  /** How long the next repair in `pool` takes. */
  repairTime(pool: number): number {
    return exponential(this.rng(pool), (this.model.pools[pool] as PoolModel).repairS);
  }

  globalNode(pool: number, node: number): number {
    return (this.offset[pool] as number) + node;
  }

  /** Marks a node repaired, from its global number; returns its pool and node. */
  repaired(globalNode: number): { pool: number; node: number } {
    // d3-array indexes any array-like; its types only admit plain arrays.
    const pool = bisectRight(this.offset as unknown as number[], globalNode) - 1;
    const node = globalNode - (this.offset[pool] as number);
    this.down--;
    // A repaired node of an elastic pool is off: it can fail again once it boots.
    if (this.model.pools[pool]?.elastic !== undefined) return { pool, node };
    const count = this.upCount[pool] as number;
    (this.upNodes[pool] as Int32Array)[count] = node;
    (this.position[pool] as Int32Array)[node] = count;
    this.upCount[pool] = count + 1;
    return { pool, node };
  }

  /** Whether any node is down now. */
  anyDown(): boolean {
    return this.down > 0;
  }

  private rng(pool: number): Rng {
    let r = this.rngs.get(pool);
    if (r === undefined) {
      r = this.rngFor(this.model.pools[pool] as PoolModel);
      this.rngs.set(pool, r);
    }
    return r;
  }
}
