import type { Scheduler } from '../scheduler.js';
import { nodeLevel, type NodeLevelOptions } from './node-scoring.js';
import type { ClusterScale } from './node-state.js';

/**
 * Best fit by what a node would have left: the node whose free CPU and free
 * chips after placing the job are smallest, half and half, each scaled by
 * the cluster's largest node. Scores are truncated to whole points as in
 * the FGD authors' simulator (so close nodes tie, and ties go by the run's
 * random node order). Shares of one chip take the tightest-fitting chip.
 */
export function bestFit(options: NodeLevelOptions = {}): Scheduler {
  return nodeLevel('best-fit', 'node-level best fit: least CPU and chips left over (Kubernetes-style, as in the FGD paper)', () => {
    let scale: ClusterScale = { cpu: 1, chips: 1 };
    return {
      prepare(_ctx, s) {
        scale = s;
      },
      score(pod, node) {
        const left = (0.5 * (node.cpuLeft - pod.cpu)) / scale.cpu + (0.5 * (node.totalFree - pod.gpus * pod.milli)) / scale.chips;
        return Math.trunc((1 - left) * 100);
      },
    };
  }, options);
}
