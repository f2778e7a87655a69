import type { ClusterModel, PoolModel } from './cluster-model.js';
import { FreeCapacityIndex } from './free-capacity-index.js';
import type { JobTable } from './job-table.js';

/**
 * The live free capacity of every pool, and the one place where jobs take
 * and give back node resources. Placement on a node is first-fit through
 * each pool's `FreeCapacityIndex`, in O(log nodes).
 *
 * How a job's request maps onto a pool's nodes:
 * - up to one node's worth of chips (including a fraction of one chip) →
 *   one node holding the chips, the job's CPU cores and memory;
 * - an integer number of chips above `chipsPerNode` → a gang of
 *   ⌈chips / chipsPerNode⌉ whole nodes, all or nothing.
 * CPU cores and memory count only in pools that track them (non-zero per node).
 */
export class ClusterState {
  readonly capacity: readonly FreeCapacityIndex[];

  constructor(private readonly model: ClusterModel) {
    this.capacity = model.pools.map((p) => new FreeCapacityIndex(p.nodes, p.milliPerNode, p.coresPerNode, p.memMiBPerNode));
  }

  /**
   * Whole nodes a job of `milli` thousandths of a chip needs in `pool`:
   * 0 when it fits on one node, else the gang size, or -1 when the pool's
   * nodes can never hold it (a fraction cannot span nodes; a gang larger
   * than the pool).
   */
  static gangNodes(pool: PoolModel, milli: number): number {
    if (milli <= pool.milliPerNode) return 0;
    if (milli % 1000 !== 0) return -1;
    const nodes = Math.ceil(milli / pool.milliPerNode);
    return nodes <= pool.nodes ? nodes : -1;
  }

  /** Whether the pool could ever hold the job, with every node free. */
  canEverHold(pool: number, milli: number, cores: number, memMiB: number): boolean {
    const p = this.model.pools[pool] as PoolModel;
    const gang = ClusterState.gangNodes(p, milli);
    if (gang !== 0) return gang > 0;
    return (p.coresPerNode === 0 || cores <= p.coresPerNode) && (p.memMiBPerNode === 0 || memMiB <= p.memMiBPerNode);
  }

  /** Whether the pool can hold the job now. */
  fitsNow(pool: number, milli: number, cores: number, memMiB: number): boolean {
    const p = this.model.pools[pool] as PoolModel;
    const cap = this.capacity[pool] as FreeCapacityIndex;
    const gang = ClusterState.gangNodes(p, milli);
    if (gang !== 0) return gang > 0 && cap.freeWholeNodes >= gang;
    if (cap.maxFreeMilli < milli) return false;
    return cap.firstFit(milli, p.coresPerNode === 0 ? 0 : cores, p.memMiBPerNode === 0 ? 0 : memMiB) >= 0;
  }

  /**
   * Places job `job` of `jobs` on the first node(s) of `pool` that fit and
   * records them in the table. Returns the milli-chips allocated (a gang
   * holds whole nodes), or 0 when the pool cannot hold the job now.
   */
  place(jobs: JobTable, job: number, pool: number, cores: number, memMiB: number): number {
    const p = this.model.pools[pool] as PoolModel;
    const cap = this.capacity[pool] as FreeCapacityIndex;
    const milli = jobs.milli[job] as number;
    const gang = ClusterState.gangNodes(p, milli);
    if (gang === 0) {
      const c = p.coresPerNode === 0 ? 0 : cores;
      const m = p.memMiBPerNode === 0 ? 0 : memMiB;
      const node = cap.maxFreeMilli < milli ? -1 : cap.firstFit(milli, c, m);
      if (node < 0) return 0;
      cap.allocate(node, milli, c, m);
      jobs.pool[job] = pool;
      jobs.node[job] = node;
      return milli;
    }
    if (gang < 0 || cap.freeWholeNodes < gang) return 0;
    const nodes = new Int32Array(gang);
    for (let i = 0; i < gang; i++) {
      const node = cap.firstWholeNode();
      cap.allocate(node, p.milliPerNode, p.coresPerNode, p.memMiBPerNode);
      nodes[i] = node;
    }
    jobs.pool[job] = pool;
    jobs.node[job] = nodes[0] as number;
    jobs.gangNodes.set(job, nodes);
    return gang * p.milliPerNode;
  }

  /** Gives back what `place` took for the job. Returns the milli-chips freed. */
  release(jobs: JobTable, job: number, cores: number, memMiB: number): number {
    const pool = jobs.pool[job] as number;
    const p = this.model.pools[pool] as PoolModel;
    const cap = this.capacity[pool] as FreeCapacityIndex;
    const nodes = jobs.gangNodes.get(job);
    if (nodes === undefined) {
      const milli = jobs.milli[job] as number;
      cap.release(jobs.node[job] as number, milli, p.coresPerNode === 0 ? 0 : cores, p.memMiBPerNode === 0 ? 0 : memMiB);
      return milli;
    }
    for (const node of nodes) cap.release(node, p.milliPerNode, p.coresPerNode, p.memMiBPerNode);
    jobs.gangNodes.delete(job);
    return nodes.length * p.milliPerNode;
  }
}
