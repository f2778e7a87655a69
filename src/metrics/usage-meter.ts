/**
 * Allocated capacity per pool and its integral over time, updated at each
 * allocation change in O(1). The integral (milli-chip-seconds) gives exact
 * utilisation, busy energy and time-averaged series without sampling noise.
 */
export class UsageMeter {
  /** Milli-chips allocated now, per pool. */
  readonly allocated: Float64Array;
  /** Milli-chip-seconds allocated up to `lastChange`, per pool. */
  private readonly integral: Float64Array;
  private readonly lastChange: Float64Array;

  constructor(pools: number) {
    this.allocated = new Float64Array(pools);
    this.integral = new Float64Array(pools);
    this.lastChange = new Float64Array(pools);
  }

  /** Records that `deltaMilli` (negative to free) changed hands in `pool` at `time`. */
  change(pool: number, deltaMilli: number, time: number): void {
    const alloc = this.allocated[pool] as number;
    this.integral[pool] = (this.integral[pool] as number) + alloc * (time - (this.lastChange[pool] as number));
    this.lastChange[pool] = time;
    this.allocated[pool] = alloc + deltaMilli;
  }

  /** Milli-chip-seconds allocated in `pool` from time 0 up to `time` (>= the last change). */
  integralAt(pool: number, time: number): number {
    return (this.integral[pool] as number) + (this.allocated[pool] as number) * (time - (this.lastChange[pool] as number));
  }

  /** Per-pool integrals up to `time`. */
  snapshot(time: number): Float64Array {
    const out = new Float64Array(this.allocated.length);
    for (let p = 0; p < out.length; p++) out[p] = this.integralAt(p, time);
    return out;
  }
}
