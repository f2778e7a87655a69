import type { Rng } from '../engine/rng.js';

/**
 * A stream of job arrivals, read one at a time: the fields describe the
 * pending arrival at `nextTime`, and `advance()` moves to the next one.
 * Only one arrival per source is ever pending in the event queue, so a
 * million-job workload costs one event slot, not a million.
 */
export interface ArrivalSource {
  /** Time of the pending arrival; Infinity once the stream has ended. */
  readonly nextTime: number;
  readonly cls: number;
  readonly origin: number;
  /** Work in reference-chip seconds, or NaN to draw it from the class's size stream. */
  readonly work: number;
  /** Thousandths of a chip, or -1 for the class's default. */
  readonly milli: number;
  /** The id given in the scenario, if any. */
  readonly id: string | undefined;
  advance(): void;
}

/**
 * Picks an origin region by weight. With one origin it draws nothing, so
 * adding weights to one workload entry never disturbs another's stream.
 */
export class OriginPicker {
  private readonly origins: Int32Array;
  private readonly cumulative: Float64Array;

  constructor(weights: readonly (readonly [origin: number, weight: number])[]) {
    this.origins = Int32Array.from(weights.map(([o]) => o));
    const total = weights.reduce((sum, [, w]) => sum + w, 0);
    let acc = 0;
    this.cumulative = Float64Array.from(weights.map(([, w]) => (acc += w / total)));
  }

  pick(rng: Rng): number {
    const n = this.origins.length;
    if (n === 1) return this.origins[0] as number;
    const u = rng();
    for (let i = 0; i < n - 1; i++) if (u < (this.cumulative[i] as number)) return this.origins[i] as number;
    return this.origins[n - 1] as number;
  }
}

/** A Poisson process: exponential inter-arrival times at a constant rate. */
export class PoissonSource implements ArrivalSource {
  nextTime = 0;
  origin = 0;
  readonly cls: number;
  readonly work = NaN;
  readonly milli = -1;
  readonly id = undefined;
  private readonly meanGapS: number;
  private remaining: number;

  /**
   * @param rng the entry's own `arrivals:<i>` stream (gaps and origins)
   * @param count arrivals to generate; Infinity to run until the horizon
   */
  constructor(
    cls: number,
    ratePerS: number,
    count: number,
    private readonly origins: OriginPicker,
    private readonly rng: Rng,
  ) {
    this.cls = cls;
    this.meanGapS = 1 / ratePerS;
    this.remaining = count;
    this.advance();
  }

  advance(): void {
    if (this.remaining <= 0) {
      this.nextTime = Infinity;
      return;
    }
    this.remaining--;
    this.nextTime += -Math.log(1 - this.rng()) * this.meanGapS;
    this.origin = this.origins.pick(this.rng);
  }
}

/** One job of a scenario's explicit `jobs:` list. */
export interface ExplicitJob {
  id: string;
  cls: number;
  origin: number;
  arrival: number;
  work: number;
  /** Thousandths of a chip, or -1 for the class's default. */
  milli: number;
}

/** The explicit job list, replayed in arrival order (ties in file order). */
export class ExplicitJobsSource implements ArrivalSource {
  nextTime = Infinity;
  cls = 0;
  origin = 0;
  work = NaN;
  milli = -1;
  id: string | undefined = undefined;
  private readonly jobs: readonly ExplicitJob[];
  private next = 0;

  constructor(jobs: readonly ExplicitJob[]) {
    // Array.prototype.sort is stable, so equal arrivals keep file order.
    this.jobs = [...jobs].sort((a, b) => a.arrival - b.arrival);
    this.advance();
  }

  advance(): void {
    const job = this.jobs[this.next++];
    if (job === undefined) {
      this.nextTime = Infinity;
      return;
    }
    this.nextTime = job.arrival;
    this.cls = job.cls;
    this.origin = job.origin;
    this.work = job.work;
    this.milli = job.milli;
    this.id = job.id;
  }
}
