import type { NodeId, PoolId } from '../ids.js';
import type { Scheduler } from '../scheduler.js';
import { noRoom, readOptions, visitFittingNodes, type NodeLevelOptions } from './node-scoring.js';

/**
 * A node drawn uniformly among every node of every candidate pool that has
 * room now, and for a share of one chip, a chip drawn uniformly among its
 * chips with room (both by reservoir sampling from the `policy` stream).
 * The FGD paper's Random baseline; `random` draws a pool instead. On the
 * framework's node-level stage, with a selector of its own instead of a
 * node score.
 */
export function randomNode(defaults: NodeLevelOptions = {}): Scheduler {
  let options: Required<NodeLevelOptions> = { onNoFit: 'wait', tieBreak: 'random', cache: false };
  return {
    name: 'random-node',
    description: 'a node drawn uniformly among all nodes with room (and a chip among its chips with room)',
    ordering: 'open',
    prepare(ctx) {
      options = { onNoFit: 'wait', tieBreak: 'random', cache: false, ...defaults, ...readOptions('random-node', ctx.options) };
    },
    decide(job, ctx, out) {
      const milli = ctx.jobs.milli[job] as number;
      const ex = ctx.explanation;
      let seen = 0;
      let pick = -1 as PoolId;
      let pickNode = -1 as NodeId;
      const never = visitFittingNodes(
        job,
        ctx,
        (p, _cap, _cores, n) => {
          seen++;
          if (ctx.random() * seen < 1) {
            pick = p;
            pickNode = n;
          }
        },
        undefined,
        ex,
      );
      if (ex !== undefined) {
        ex.rule = `drawn uniformly among the ${seen} nodes with room`;
        if (pick >= 0) {
          ex.winner = ex.candidates.length;
          ex.candidates.push({ pool: ctx.pool(pick).name, node: pickNode, refused: [], parts: [] });
          if (seen > 1) ex.omitted = seen - 1;
        }
      }
      if (pick < 0) {
        if (never === undefined) noRoom(job, ctx, out, options);
        else out.reject(never);
        return;
      }
      let chip = -1;
      if (milli > 0 && milli < 1000) {
        const cap = ctx.capacity(pick);
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
