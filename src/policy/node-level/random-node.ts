import type { FreeCapacityIndex } from '../../model/free-capacity-index.js';
import type { Scheduler } from '../scheduler.js';
import { LARGER_THAN_ANY_NODE, noRoom, readOptions, type NodeLevelOptions } from './node-scoring.js';

/**
 * A node drawn uniformly among every node of every candidate pool that has
 * room now, and for a share of one chip, a chip drawn uniformly among its
 * chips with room (both by reservoir sampling from the `policy` stream).
 * The FGD paper's Random baseline; `random` draws a pool instead.
 */
export function randomNode(defaults: NodeLevelOptions = {}): Scheduler {
  let options: Required<NodeLevelOptions> = { onNoFit: 'wait', tieBreak: 'random', cache: false };
  return {
    name: 'random-node',
    description: 'a node drawn uniformly among all nodes with room (and a chip among its chips with room)',
    strictOrder: false,
    prepare(ctx) {
      options = { onNoFit: 'wait', tieBreak: 'random', cache: false, ...defaults, ...readOptions('random-node', ctx.options) };
    },
    decide(job, ctx, out) {
      const jobs = ctx.jobs;
      const milli = jobs.milli[job] as number;
      const pools = ctx.candidates(job);
      let seen = 0;
      let pick = -1;
      let pickNode = -1;
      let holdable = false;
      for (let i = 0; i < pools.length; i++) {
        const p = pools[i] as number;
        const pool = ctx.pool(p);
        // One node per job, as Kubernetes places a pod: no gangs across nodes.
        if (milli > pool.milliPerNode) continue;
        holdable = true;
        if (!ctx.affordable(job, p)) continue;
        const cap = ctx.state.capacity[p] as FreeCapacityIndex;
        const cores = pool.milliCoresPerNode === 0 ? 0 : (jobs.cores[job] as number);
        const mem = pool.memMiBPerNode === 0 ? 0 : (jobs.memMiB[job] as number);
        if (!cap.canFit(milli, cores, mem)) continue;
        for (let n = 0; n < pool.nodes; n++) {
          if (!cap.fitsOn(n, milli, cores, mem)) continue;
          seen++;
          if (ctx.random() * seen < 1) {
            pick = p;
            pickNode = n;
          }
        }
      }
      if (pick < 0) {
        if (holdable) noRoom(job, ctx, out, options);
        else out.reject(LARGER_THAN_ANY_NODE);
        return;
      }
      let chip = -1;
      if (milli > 0 && milli < 1000) {
        const cap = ctx.state.capacity[pick] as FreeCapacityIndex;
        let eligible = 0;
        for (let c = 0; c < cap.chipsPerNode; c++) {
          if (cap.chipFree(pickNode, c) < milli) continue;
          eligible++;
          if (ctx.random() * eligible < 1) chip = c;
        }
      }
      out.start(pick, pickNode, chip);
    },
  };
}
