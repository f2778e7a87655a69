import type { UsageMeter } from './usage-meter.js';

/**
 * Cumulative snapshots of allocation and of capacity down for repair (per
 * pool) and of queue length, taken at regular simulated times, kept to at most `maxPoints`: when full, every
 * other snapshot is dropped and the interval doubles. Because snapshots are
 * cumulative integrals, the averages between any two that remain are still
 * exact, so thinning loses resolution, never accuracy.
 */
export class TimeSeriesRecorder {
  readonly times: number[] = [];
  readonly allocation: Float64Array[] = [];
  readonly down: Float64Array[] = [];
  readonly queue: number[] = [];
  /** Instantaneous fragmentation at each snapshot (see `fragmentationAt`). */
  readonly fragmentation: number[] = [];
  /** Snapshots of the extra integrals (elastic pools' node counts), when there are any. */
  readonly extra: Float64Array[] = [];
  /** Further cumulative figures at each snapshot, from `brainSource` (a brain's per-site dispatches and waiting); thinned with the rest. */
  readonly brain: Float64Array[] = [];
  /** Gives the brain's figures at a time, under a brain. */
  brainSource: ((time: number) => Float64Array) | undefined = undefined;
  /** Cumulative GB each link of a shared network has carried, at each snapshot (issue 18); thinned with the rest. */
  readonly network: Float64Array[] = [];
  /** Gives those figures at a time, with `network.links`. */
  networkSource: ((time: number) => Float64Array) | undefined = undefined;

  constructor(
    public intervalS: number,
    private readonly maxPoints = 400,
    /** More cumulative integrals to sample with the rest (an elastic pool's node counts); thinned alike. */
    private readonly extraSource?: { snapshot(time: number): Float64Array },
  ) {
    if (!(intervalS > 0)) throw new RangeError(`sample interval must be > 0, got ${intervalS}`);
  }

  /** Time of the next snapshot after one taken at `time`. */
  nextTime(time: number): number {
    return (Math.floor(time / this.intervalS + 1e-9) + 1) * this.intervalS;
  }

  record(time: number, usage: UsageMeter, down: UsageMeter, queue: UsageMeter, fragmentation: number): void {
    this.push(time, usage, down, queue, fragmentation);
    if (this.times.length > this.maxPoints) this.thin();
  }

  /** Records the end of the run: a last, possibly shorter, interval; never thinned away. */
  finish(time: number, usage: UsageMeter, down: UsageMeter, queue: UsageMeter, fragmentation: number): void {
    if (this.times.length > 0 && (this.times[this.times.length - 1] as number) >= time) return;
    this.push(time, usage, down, queue, fragmentation);
  }

  private push(time: number, usage: UsageMeter, down: UsageMeter, queue: UsageMeter, fragmentation: number): void {
    this.times.push(time);
    this.allocation.push(usage.snapshot(time));
    this.down.push(down.snapshot(time));
    this.queue.push(queue.integralAt(0, time));
    this.fragmentation.push(fragmentation);
    if (this.extraSource !== undefined) this.extra.push(this.extraSource.snapshot(time));
    if (this.brainSource !== undefined) this.brain.push(this.brainSource(time));
    if (this.networkSource !== undefined) this.network.push(this.networkSource(time));
  }

  private thin(): void {
    // Keep the first snapshot and every second one after it.
    let w = 0;
    for (let r = 0; r < this.times.length; r += 2) {
      this.times[w] = this.times[r] as number;
      this.allocation[w] = this.allocation[r] as Float64Array;
      this.down[w] = this.down[r] as Float64Array;
      this.queue[w] = this.queue[r] as number;
      this.fragmentation[w] = this.fragmentation[r] as number;
      if (this.extraSource !== undefined) this.extra[w] = this.extra[r] as Float64Array;
      if (this.brain.length > 0) this.brain[w] = this.brain[r] as Float64Array;
      if (this.network.length > 0) this.network[w] = this.network[r] as Float64Array;
      w++;
    }
    this.times.length = w;
    this.allocation.length = w;
    this.down.length = w;
    this.queue.length = w;
    this.fragmentation.length = w;
    if (this.extraSource !== undefined) this.extra.length = w;
    if (this.brain.length > 0) this.brain.length = w;
    if (this.network.length > 0) this.network.length = w;
    this.intervalS *= 2;
  }
}
