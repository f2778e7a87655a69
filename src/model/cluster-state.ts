import type { ClusterModel, PoolModel } from './cluster-model.js';
import { FreeCapacityIndex, type FreeCapacityView } from './free-capacity-index.js';
import type { JobTable } from './job-table.js';
import type { ReadonlyNumbers } from './readonly-numbers.js';

/** What policies may read of the cluster's live capacity: no place, release, disable or enable. */
export interface ClusterStateView {
  readonly capacity: readonly FreeCapacityView[];
  /** Per pool, the most whole free chips on one node, and the most free milli on one chip. */
  readonly maxWholeChips: ReadonlyNumbers;
  readonly maxChipFree: ReadonlyNumbers;
  /** Per watched demand, a counter bumped whenever some pool gains or loses room for it. */
  readonly roomVersion: ReadonlyNumbers;
  canEverHold(pool: number, milli: number, milliCores: number, memMiB: number): boolean;
  fitsNow(pool: number, milli: number, milliCores: number, memMiB: number): boolean;
}

/**
 * The live free capacity of every pool, and the one place where jobs take
 * and give back node resources. Placement on a node is first-fit through
 * each pool's `FreeCapacityIndex`, in O(log nodes).
 *
 * How a job's request maps onto a pool's nodes:
 * - a fraction of a chip → a share of one chip of one node;
 * - whole chips, up to `chipsPerNode` → that many whole chips of one node;
 * - more whole chips than a node has → a gang of ⌈chips / chipsPerNode⌉
 *   whole nodes, all or nothing.
 * CPU cores (in milli-cores) and memory count only in pools that track them
 * (non-zero per node); a gang takes its nodes whole.
 */
export class ClusterState implements ClusterStateView {
  readonly capacity: readonly FreeCapacityIndex[];
  /**
   * Per pool, the most whole free chips on one node and the most free milli
   * on one chip, copied from each index's root after every change, so that
   * "is there room here?" for a pool that tracks only chips is one load
   * from a flat array rather than a walk through objects.
   */
  readonly maxWholeChips: Int32Array;
  readonly maxChipFree: Int32Array;
  /**
   * Per watched demand (see `watchRoom`), a counter bumped whenever some
   * pool gains or loses room for it. Equal counters mean the set of pools
   * with room for that demand is what it was: a policy may reuse a choice
   * it made from that set alone.
   */
  roomVersion = new Int32Array(0);
  private watched = new Int32Array(0);

  constructor(private readonly model: ClusterModel) {
    this.capacity = model.pools.map((p) => new FreeCapacityIndex(p.nodes, p.chipsPerNode, p.milliCoresPerNode, p.memMiBPerNode));
    this.maxWholeChips = Int32Array.from(this.capacity, (c) => c.maxWholeChips);
    this.maxChipFree = Int32Array.from(this.capacity, (c) => c.maxChipFree);
  }

  /** Takes a node out of service (failed, or powered off; it must be free). */
  disable(pool: number, node: number): void {
    (this.capacity[pool] as FreeCapacityIndex).disable(node);
    this.refreshRoot(pool);
  }

  /** Puts a repaired (or booted) node back in service. */
  enable(pool: number, node: number): void {
    (this.capacity[pool] as FreeCapacityIndex).enable(node);
    this.refreshRoot(pool);
  }

  /** Lets a node's jobs run on but places nothing new on it (an elastic pool draining it). */
  cordon(pool: number, node: number): void {
    (this.capacity[pool] as FreeCapacityIndex).cordon(node);
    this.refreshRoot(pool);
  }

  /** Puts a cordoned node back in service. */
  uncordon(pool: number, node: number): void {
    (this.capacity[pool] as FreeCapacityIndex).uncordon(node);
    this.refreshRoot(pool);
  }

  /**
   * Starts counting room changes for a demand of `milli` thousandths of a
   * chip, on one node, judged by the pools' chip maxima alone; returns its
   * index into `roomVersion`. Watching the same demand twice shares it.
   */
  watchRoom(milli: number): number {
    const known = this.watched.indexOf(milli);
    if (known >= 0) return known;
    const watched = new Int32Array(this.watched.length + 1);
    watched.set(this.watched);
    watched[this.watched.length] = milli;
    this.watched = watched;
    const versions = new Int32Array(watched.length);
    versions.set(this.roomVersion);
    this.roomVersion = versions;
    return watched.length - 1;
  }

  private refreshRoot(pool: number): void {
    const cap = this.capacity[pool] as FreeCapacityIndex;
    const oldWhole = this.maxWholeChips[pool] as number;
    const oldFrac = this.maxChipFree[pool] as number;
    const whole = cap.maxWholeChips;
    const frac = cap.maxChipFree;
    this.maxWholeChips[pool] = whole;
    this.maxChipFree[pool] = frac;
    if (whole === oldWhole && frac === oldFrac) return;
    const watched = this.watched;
    for (let t = 0; t < watched.length; t++) {
      const milli = watched[t] as number;
      const before = milli >= 1000 ? oldWhole * 1000 >= milli : oldFrac >= milli;
      const now = milli >= 1000 ? whole * 1000 >= milli : frac >= milli;
      if (before !== now) this.roomVersion[t] = (this.roomVersion[t] as number) + 1;
    }
  }

  /**
   * Whole nodes a job of `milli` thousandths of a chip needs in `pool`:
   * 0 when it fits on one node, else the gang size, or -1 when the pool's
   * nodes can never hold it (a gang larger than the pool).
   */
  static gangNodes(pool: PoolModel, milli: number): number {
    if (milli <= pool.milliPerNode) return 0;
    const nodes = Math.ceil(milli / pool.milliPerNode);
    return nodes <= pool.nodes ? nodes : -1;
  }

  /** Whether the pool could ever hold the job, with every node free. */
  canEverHold(pool: number, milli: number, milliCores: number, memMiB: number): boolean {
    const p = this.model.pools[pool] as PoolModel;
    const gang = ClusterState.gangNodes(p, milli);
    if (gang !== 0) return gang > 0;
    return (p.milliCoresPerNode === 0 || milliCores <= p.milliCoresPerNode) && (p.memMiBPerNode === 0 || memMiB <= p.memMiBPerNode);
  }

  /** Whether the pool can hold the job now. */
  fitsNow(pool: number, milli: number, milliCores: number, memMiB: number): boolean {
    const p = this.model.pools[pool] as PoolModel;
    const cap = this.capacity[pool] as FreeCapacityIndex;
    const gang = ClusterState.gangNodes(p, milli);
    if (gang !== 0) return gang > 0 && cap.freeWholeNodes >= gang;
    return cap.canFit(milli, p.milliCoresPerNode === 0 ? 0 : milliCores, p.memMiBPerNode === 0 ? 0 : memMiB);
  }

  /**
   * Places job `job` of `jobs` on the first node(s) of `pool` that fit and
   * records them in the table (on `onNode`, and chip `onChip` for a share
   * of one chip, when a node-level policy chose them). Returns the milli-chips allocated (a gang
   * holds whole nodes; a job of cores and memory only holds 0), or -1 when
   * the pool cannot hold the job now.
   */
  place(jobs: JobTable, job: number, pool: number, milliCores: number, memMiB: number, onNode = -1, onChip = -1): number {
    const p = this.model.pools[pool] as PoolModel;
    const cap = this.capacity[pool] as FreeCapacityIndex;
    const milli = jobs.milli[job] as number;
    const gang = ClusterState.gangNodes(p, milli);
    if (gang === 0) {
      const c = p.milliCoresPerNode === 0 ? 0 : milliCores;
      const m = p.memMiBPerNode === 0 ? 0 : memMiB;
      const node = onNode >= 0 ? (cap.fitsOn(onNode, milli, c, m, onChip) ? onNode : -1) : cap.firstFit(milli, c, m);
      if (node < 0) return -1;
      jobs.slot[job] = cap.allocate(node, milli, c, m, onChip);
      jobs.pool[job] = pool;
      jobs.node[job] = node;
      this.refreshRoot(pool);
      return milli;
    }
    if (gang < 0 || cap.freeWholeNodes < gang) return -1;
    const nodes = new Int32Array(gang);
    for (let i = 0; i < gang; i++) {
      const node = cap.firstWholeNode();
      cap.allocate(node, p.milliPerNode, p.milliCoresPerNode, p.memMiBPerNode);
      nodes[i] = node;
    }
    jobs.pool[job] = pool;
    jobs.node[job] = nodes[0] as number;
    jobs.slot[job] = -1;
    jobs.gangNodes.set(job, nodes);
    this.refreshRoot(pool);
    return gang * p.milliPerNode;
  }

  /** Gives back what `place` took for the job. Returns the milli-chips freed. */
  release(jobs: JobTable, job: number, milliCores: number, memMiB: number): number {
    const pool = jobs.pool[job] as number;
    const p = this.model.pools[pool] as PoolModel;
    const cap = this.capacity[pool] as FreeCapacityIndex;
    // Most runs have no gangs at all: a size check is cheaper than a hash lookup per release.
    const nodes = jobs.gangNodes.size === 0 ? undefined : jobs.gangNodes.get(job);
    if (nodes === undefined) {
      const milli = jobs.milli[job] as number;
      cap.release(
        jobs.node[job] as number,
        milli,
        p.milliCoresPerNode === 0 ? 0 : milliCores,
        p.memMiBPerNode === 0 ? 0 : memMiB,
        jobs.slot[job] as number,
      );
      this.refreshRoot(pool);
      return milli;
    }
    for (const node of nodes) cap.release(node, p.milliPerNode, p.milliCoresPerNode, p.memMiBPerNode, -1);
    jobs.gangNodes.delete(job);
    this.refreshRoot(pool);
    return nodes.length * p.milliPerNode;
  }
}
