/**
 * One kind of job in a workload (as FGD packs for it, and as the Alibaba
 * protocol counts them): its demand, the
 * chips it may use (undefined: every chip), and how many such jobs were seen.
 */
export interface TargetPod {
  cpu: number;
  gpus: number;
  /** Thousandths of a chip per chip: below 1000 only for a share of one chip; 0 for no chip. */
  milli: number;
  /** Chip names it may run on; undefined for any. */
  models?: readonly string[] | undefined;
  count: number;
}

