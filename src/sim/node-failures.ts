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
    this.upCount = Int32Array.from(model.pools, (p) => p.nodes);
    this.offset = new Int32Array(n);
    for (let i = 1; i < n; i++) this.offset[i] = (this.offset[i - 1] as number) + (model.pools[i - 1]?.nodes as number);
    // Only pools that fail need their up lists.
    this.upNodes = model.pools.map((p) => (Number.isFinite(p.mtbfS) ? Int32Array.from({ length: p.nodes }, (_, k) => k) : new Int32Array(0)));
    this.position = model.pools.map((p) => (Number.isFinite(p.mtbfS) ? Int32Array.from({ length: p.nodes }, (_, k) => k) : new Int32Array(0)));
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
    const last = up[count - 1] as number;
    up[k] = last;
    (this.position[pool] as Int32Array)[last] = k;
    (this.position[pool] as Int32Array)[node] = -1;
    this.upCount[pool] = count - 1;
    this.down++;
    return node;
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
    const count = this.upCount[pool] as number;
    (this.upNodes[pool] as Int32Array)[count] = node;
    (this.position[pool] as Int32Array)[node] = count;
    this.upCount[pool] = count + 1;
    this.down--;
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
