import type { FreeCapacityView } from '../../model/free-capacity-index.js';

/**
 * A job's demand on one node, as node-level policies see it (the shape of
 * a Kubernetes pod in the Alibaba trace): milli-cores of CPU, and `gpus`
 * chips of `milli` thousandths each — one chip shared (`milli` < 1000),
 * whole chips (`milli` = 1000), or none.
 */
export interface PodShape {
  cpu: number;
  gpus: number;
  milli: number;
}

/** The shape of a request of `milli` thousandths of a chip with `cpu` milli-cores. */
export function podShape(milli: number, cpu: number): PodShape {
  if (milli === 0) return { cpu, gpus: 0, milli: 0 };
  if (milli < 1000) return { cpu, gpus: 1, milli };
  return { cpu, gpus: milli / 1000, milli: 1000 };
}

/**
 * Scales that make CPU and chips comparable in scores: the largest node's
 * milli-cores and milli-chips in the cluster (128,000 and 8,000 on the
 * Alibaba 2023 trace, the constants of the FGD authors' simulator).
 */
export interface ClusterScale {
  cpu: number;
  chips: number;
}

/**
 * One node's free resources, loaded from its pool's index into a reused
 * object (no allocation per node scored): free thousandths per chip (0..1000),
 * their sum, free milli-cores and the node's chip type. In a pool that does
 * not track cores, `cpuLeft` is 0 and demands count no CPU.
 */
export class NodeState {
  chip = -1;
  chips = 0;
  free = new Int32Array(8);
  /** Σ free: the node's free thousandths of chips. */
  totalFree = 0;
  cpuLeft = 0;
  /** Whether the node's pool tracks CPU cores (if not, no CPU check ever fails on it). */
  cpuTracked = false;

  load(cap: FreeCapacityView, node: number, chip: number): this {
    const n = cap.chipsPerNode;
    if (this.free.length < n) this.free = new Int32Array(n);
    this.chip = chip;
    this.chips = n;
    let total = 0;
    for (let c = 0; c < n; c++) {
      const f = cap.chipFree(node, c);
      this.free[c] = f;
      total += f;
    }
    this.totalFree = total;
    this.cpuTracked = cap.coresPerNode > 0;
    this.cpuLeft = this.cpuTracked ? cap.freeCoresOf(node) : 0;
    return this;
  }
}
