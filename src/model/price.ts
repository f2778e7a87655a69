/**
 * A pool's price per chip-hour over simulated time, as billing and
 * estimates read it: fixed, on a schedule or a series (`PriceFunction`),
 * or following demand (`DynamicPrice`, set as the run goes).
 */
export interface Price {
  /** True when the price never changes. */
  readonly constant: boolean;
  /** The lowest price it ever takes. */
  readonly minPrice: number;
  /** The first time after `t` at which a known curve changes the price; Infinity if none does (a dynamic price changes by events of its own). */
  nextChangeAfter(t: number): number;
  /** Price per chip-hour at time t. */
  priceAt(t: number): number;
  /** The price integrated over [t0, t1], in price × seconds. */
  integral(t0: number, t1: number): number;
  /** min(price, cap) integrated over [t0, t1], in price × seconds: what a spot job whose bid is `cap` pays. */
  cappedIntegral(t0: number, t1: number, cap: number): number;
}

/**
 * min(price, cap) integrated over [t0, t1] for a step function: step i
 * holds `price[i]` from `at[i]` to `at[i + 1]` (the last to `end`), and the
 * first step also before `at[0]`. O(log n + steps crossed).
 */
export function cappedStepIntegral(at: ArrayLike<number>, price: ArrayLike<number>, n: number, t0: number, t1: number, cap: number, end = Infinity): number {
  let i = stepIndex(at, n, t0);
  let t = t0;
  let sum = 0;
  while (t < t1) {
    const next = Math.min(i + 1 < n ? (at[i + 1] as number) : end, t1);
    sum += Math.min(price[i] as number, cap) * (next - t);
    t = next;
    i++;
  }
  return sum;
}

/** Index of the last step starting at or before x among the first n (0 if x precedes them all). */
export function stepIndex(at: ArrayLike<number>, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((at[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}
