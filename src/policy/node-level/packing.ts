import type { Scheduler } from '../scheduler.js';
import { nodeLevel, type NodeLevelOptions } from './node-scoring.js';
import type { NodeState, PodShape } from './node-state.js';

/**
 * GPU packing, the FGD paper's baseline: put a job first on chips already
 * shared, then on idle chips of a node already in use, and only then on an
 * idle node (the smaller the better). Three bands of integer scores:
 * - shared chips only: 100 − ⌊Σ free tenths / 10⌋, at least 50;
 * - some idle chips of a busy node: 50 − idle chips taken, at least 33;
 * - an idle node of n chips: max(33 − n, n).
 * Chips are taken by least free first (index order among equals). Jobs of
 * no chip score 0 everywhere: the node order alone decides.
 */
export function packing(options: NodeLevelOptions = {}): Scheduler {
  return nodeLevel('packing', 'node-level GPU packing: shared chips first, then busy nodes, then the smallest idle node', () => ({
    score: packingScore,
  }), options);
}

const order = new Int32Array(1024);

export function packingScore(pod: PodShape, node: NodeState): number {
  if (pod.milli <= 0) return 0;
  const n = node.chips;
  let idle = 0;
  for (let c = 0; c < n; c++) if (node.free[c] === 1000) idle++;
  if (idle === n) return Math.max(33 - idle, idle);
  // Chips by free thousandths ascending, index order among equals (insertion sort: a node has few chips).
  for (let c = 0; c < n; c++) {
    let k = c;
    while (k > 0 && (node.free[order[k - 1] as number] as number) > (node.free[c] as number)) {
      order[k] = order[k - 1] as number;
      k--;
    }
    order[k] = c;
  }
  let taken = 0;
  let idleTaken = 0;
  let tenths = 0;
  for (let i = 0; i < n && taken < pod.gpus; i++) {
    const free = node.free[order[i] as number] as number;
    if (free < pod.milli) continue;
    taken++;
    if (free === 1000) idleTaken++;
    tenths += Math.floor((free * 100) / 1000);
  }
  if (idleTaken > 0) return Math.max(50 - idleTaken, 33);
  return Math.max(100 - Math.floor(tenths / 10), 50);
}
