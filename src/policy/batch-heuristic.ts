import { definePolicy } from './framework.js';
import type { JobId, PoolId } from './ids.js';
import type { BatchPlacement, Scheduler } from './scheduler.js';
import type { SchedulingContext } from './scheduling-context.js';

/** Which waiting job a batch heuristic maps next, given each one's best and second-best completion time. */
export type BatchRule = 'min-min' | 'max-min' | 'sufferage';

/**
 * The batch-mode heuristics of the heterogeneous-computing literature
 * (Maheswaran et al. 1999; Braun et al. 2001), run over the whole central
 * queue at each scheduling point:
 *
 * 1. for every unmapped job, the pool where it would complete first
 *    (completion = the pool's ready time + transfer + runtime, all from
 *    estimates), and the second-best such time;
 * 2. map one job: min-min the job whose best completion is smallest,
 *    max-min the one whose best completion is largest, sufferage the one
 *    that would lose most if denied its best pool (second best − best);
 *    ties go to the job first in queue order;
 * 3. push that pool's ready time back by the job's duration, and repeat.
 *
 * Ready times start from each pool's expected wait (0 for a pool with room
 * and no local queue). Every job is bound to its pool (`enqueue`): it starts
 * at once when the pool has room and nobody is queued ahead. O(jobs² · pools)
 * per pass, the price of looking at the whole batch.
 *
 * On the framework: the batch capability over the built-in filters (a
 * job's candidate pools within its budget).
 */
export function batchHeuristic(rule: BatchRule, description: string): Scheduler {
  return definePolicy({
    name: rule,
    description,
    placement: 'bind',
    batch: (jobs, ctx) => mapBatch(rule, jobs, ctx),
  });
}

function mapBatch(rule: BatchRule, queued: readonly JobId[], ctx: SchedulingContext): BatchPlacement[] {
  const nPools = ctx.model.pools.length;
  const ready = new Float64Array(nPools);
  for (let p = 0; p < nPools; p++) ready[p] = ctx.localQueueLength(p as PoolId) === 0 ? 0 : ctx.expectedWaitS(p as PoolId);
  // A pool that cannot start a job now (no room, or a queue ahead) is ready after its expected wait.
  const readyFor = (job: JobId, pool: PoolId): number =>
    (ready[pool] as number) === 0 && !ctx.fitsNow(job, pool) ? ctx.expectedWaitS(pool) : (ready[pool] as number);

  const unmapped = queued.filter((job) => ctx.candidates(job).length > 0);
  const placements: BatchPlacement[] = [];
  const chips = Float64Array.from(ctx.model.pools, (p) => p.nodes * p.chipsPerNode);
  while (unmapped.length > 0) {
    let chosen = -1;
    let chosenPool = -1 as PoolId;
    let chosenKey = 0;
    for (let u = 0; u < unmapped.length; u++) {
      const job = unmapped[u] as JobId;
      const pools = ctx.candidates(job);
      let best = Infinity;
      let second = Infinity;
      let bestPool = -1 as PoolId;
      for (let i = 0; i < pools.length; i++) {
        const pool = pools[i] as PoolId;
        if (!ctx.affordable(job, pool)) continue;
        const ct = readyFor(job, pool) + ctx.transferS(job, pool) + ctx.runtimeS(job, pool);
        if (ct < best) {
          second = best;
          best = ct;
          bestPool = pool;
        } else if (ct < second) {
          second = ct;
        }
      }
      if (bestPool < 0) continue;
      // Min-min takes the smallest best; max-min and sufferage the largest key. Strict comparisons keep the first job on ties.
      const key = rule === 'min-min' ? -best : rule === 'max-min' ? best : second - best;
      if (chosen < 0 || key > chosenKey) {
        chosen = u;
        chosenPool = bestPool;
        chosenKey = key;
      }
    }
    // Jobs left have no pool within budget at today's prices: they wait for the next pass.
    if (chosen < 0) break;
    const job = unmapped[chosen] as JobId;
    unmapped.splice(chosen, 1);
    placements.push({ job, pool: chosenPool, mode: 'enqueue' });
    const held = ctx.heldMilli(job, chosenPool) / 1000;
    const duration = ctx.transferS(job, chosenPool) + ctx.runtimeS(job, chosenPool);
    // As the pool's ready time grows in the simulation: by chip-seconds (the duration, for a whole chip) on a single chip, spread over the chips otherwise.
    const start = readyFor(job, chosenPool);
    ready[chosenPool] = (chips[chosenPool] as number) === 1 ? start + held * duration : start + (held * duration) / (chips[chosenPool] as number);
  }
  return placements;
}
