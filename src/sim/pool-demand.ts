import type { PoolModel } from '../model/cluster-model.js';
import { ClusterState } from '../model/cluster-state.js';
import type { JobQueue } from '../model/job-queue.js';
import type { JobTable } from '../model/job-table.js';
import type { CentralQueue } from './central-queue.js';

/** Jobs waiting that could use a pool, and how many of its nodes they would fill. */
export interface PoolDemand {
  jobs: number;
  nodes: number;
}

/**
 * The waiting demand on one pool: jobs in the central queue that may use
 * it (it is among their shape's pools) and jobs in its local queue, and the
 * nodes they would fill if they had the pool to themselves — a gang its
 * whole nodes, any other job the share of a node its chips, cores or
 * memory take, whichever binds. A job that may use several pools counts
 * for each. Costs O(shapes waiting) for the central queue (every job of a
 * shape asks for the same room) and at most `nodeCap` nodes' worth of the
 * local queue, so that a long local queue is not walked to its end for a
 * count that the pool's ceiling cuts anyway.
 */
export function poolDemand(pool: PoolModel, central: CentralQueue, local: JobQueue | undefined, jobs: JobTable, nodeCap: number, out: PoolDemand): PoolDemand {
  // Most instants nothing waits.
  if (central.size === 0 && (local === undefined || local.size === 0)) {
    out.jobs = 0;
    out.nodes = 0;
    return out;
  }
  let count = 0;
  let nodes = 0;
  const shapes = central.nonEmptyShapes();
  for (let i = 0; i < shapes.length; i++) {
    const shape = shapes[i] as number;
    if (!central.poolsOf(shape).includes(pool.index)) continue;
    const n = central.sizeOf(shape);
    count += n;
    nodes += n * nodesPerJob(pool, jobs, central.jobAt(shape, 0));
  }
  if (local !== undefined) {
    count += local.size;
    for (let i = 0; i < local.size && nodes < nodeCap; i++) nodes += nodesPerJob(pool, jobs, local.at(i));
  }
  out.jobs = count;
  // A rounding error must not turn 3 nodes' worth into 4.
  out.nodes = Math.ceil(nodes - 1e-9);
  return out;
}

/** The nodes of the pool one job fills: whole nodes for a gang, else the largest of its shares of chips, cores and memory. */
function nodesPerJob(pool: PoolModel, jobs: JobTable, job: number): number {
  const milli = jobs.milli[job] as number;
  const gang = ClusterState.gangNodes(pool, milli);
  if (gang !== 0) return Math.max(gang, 0);
  // Jobs of a share of a chip stay on one chip: so many fit on a chip, so many chips on a node.
  let perNode = milli === 0 ? Infinity : milli >= 1000 ? Math.floor(pool.milliPerNode / milli) : pool.chipsPerNode * Math.floor(1000 / milli);
  const cores = jobs.cores[job] as number;
  const mem = jobs.memMiB[job] as number;
  if (pool.milliCoresPerNode > 0 && cores > 0) perNode = Math.min(perNode, Math.floor(pool.milliCoresPerNode / cores));
  if (pool.memMiBPerNode > 0 && mem > 0) perNode = Math.min(perNode, Math.floor(pool.memMiBPerNode / mem));
  return perNode === Infinity ? 0 : 1 / Math.max(1, perNode);
}
