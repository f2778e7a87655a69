import type { ClusterModel } from '../model/cluster-model.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { JobTable } from '../model/job-table.js';

/** Waiting jobs looked at per sample: enough to see the queue's shapes, bounded so that sampling stays cheap. */
const MAX_WAITING_SCANNED = 1000;

/**
 * Fragmentation now: the fraction of the cluster's chips (in service) that
 * are idle but on nodes where none of the waiting jobs that could use that
 * pool fits. It is 0 when nothing waits, and it ignores pools that no
 * waiting job can use at all: that is a mismatch of chips, not fragments.
 *
 * A node counts as usable when it has at least the smallest chip, core and
 * memory demand among those jobs, taken per resource (so mixed shapes make
 * it a slight underestimate). Cost: O(waiting jobs scanned + nodes of the
 * pools they can use), paid only at time-series samples.
 */
/** The waiting jobs fragmentation looks at. */
export interface WaitingJobs {
  readonly size: number;
  /** Calls `fn` for up to `limit` waiting jobs. */
  forSome(limit: number, fn: (job: number) => void): void;
}

export function fragmentationAt(
  model: ClusterModel,
  state: ClusterState,
  jobs: JobTable,
  /** The pools a job may ever use (its candidates). */
  poolsFor: (job: number) => ArrayLike<number>,
  queue: WaitingJobs,
): number {
  if (queue.size === 0) return 0;
  const nPools = model.pools.length;
  const minMilli = new Float64Array(nPools).fill(Infinity);
  const minCores = new Float64Array(nPools).fill(Infinity);
  const minMem = new Float64Array(nPools).fill(Infinity);
  queue.forSome(MAX_WAITING_SCANNED, (job) => {
    const milli = jobs.milli[job] as number;
    const pools = poolsFor(job);
    for (let i = 0; i < pools.length; i++) {
      const p = pools[i] as number;
      const pool = model.pools[p];
      if (pool === undefined || milli > pool.milliPerNode) continue; // gangs need whole nodes, never fragments
      if (milli < (minMilli[p] as number)) minMilli[p] = milli;
      const cores = pool.milliCoresPerNode === 0 ? 0 : (jobs.cores[job] as number);
      const mem = pool.memMiBPerNode === 0 ? 0 : (jobs.memMiB[job] as number);
      if (cores < (minCores[p] as number)) minCores[p] = cores;
      if (mem < (minMem[p] as number)) minMem[p] = mem;
    }
  });
  let unusable = 0;
  let total = 0;
  for (const pool of model.pools) {
    const cap = state.capacity[pool.index];
    if (cap === undefined) continue;
    total += cap.nodesInService * pool.milliPerNode;
    const m = minMilli[pool.index] as number;
    if (m === Infinity) continue;
    const c = minCores[pool.index] as number;
    const g = minMem[pool.index] as number;
    for (let node = 0; node < pool.nodes; node++) {
      if (!cap.isUp(node)) continue;
      const free = cap.freeMilliOf(node);
      if (free > 0 && (free < m || cap.freeCoresOf(node) < c || cap.freeMemMiBOf(node) < g)) unusable += free;
    }
  }
  return total > 0 ? unusable / total : 0;
}
