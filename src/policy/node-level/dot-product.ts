import type { Scheduler } from '../scheduler.js';
import { nodeLevel, type NodeLevelOptions } from './node-scoring.js';
import type { ClusterScale } from './node-state.js';

/**
 * Dot product of free resources and demand (Tetris-style alignment, as
 * the FGD paper's baseline runs it): the node whose free (CPU, chips),
 * each scaled by the cluster's largest node, has the smallest dot product
 * with the job's demand wins. Score 100 · (1 − dot / 2), truncated.
 */
export function dotProduct(options: NodeLevelOptions = {}): Scheduler {
  return nodeLevel('dot-product', 'node-level: smallest dot product of free (CPU, chips) and the demand', () => {
    let scale: ClusterScale = { cpu: 1, chips: 1 };
    return {
      prepare(_ctx, s) {
        scale = s;
      },
      score(pod, node) {
        if (node.cpuLeft < pod.cpu) return 0;
        const dot = (node.cpuLeft / scale.cpu) * (pod.cpu / scale.cpu) + (node.totalFree / scale.chips) * ((pod.gpus * pod.milli) / scale.chips);
        return Math.trunc(100 * (1 - dot / 2));
      },
    };
  }, options);
}
