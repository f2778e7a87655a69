import { exponential, type Rng } from '../engine/rng.js';

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
  /**
   * The listed job this arrival is (its id, work or runtime table, chips,
   * input, deadline and budget), or undefined for a generated arrival,
   * whose work is drawn from its class's size stream.
   */
  readonly explicit: ExplicitJob | undefined;
  advance(): void;
  /** Lets go of what the source holds open (a trace file); called once the run ends. */
  close?(): void;
  /** What the run should warn about once it ends (skipped trace rows and why). */
  warnings?(): string[];
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

/**
 * What the generated arrival processes share: a class, a count of arrivals
 * still to come, and origins picked by weight from the same stream as the
 * times. A subclass says when the arrival after time t comes, and calls
 * `advance()` once at the end of its constructor to draw the first one.
 */
abstract class GeneratedSource implements ArrivalSource {
  nextTime = 0;
  origin = 0;
  readonly explicit = undefined;
  private remaining: number;

  /**
   * @param count arrivals to generate; Infinity to run until the horizon
   * @param rng the workload entry's own `arrivals:<i>` stream (times and origins)
   */
  constructor(
    readonly cls: number,
    count: number,
    private readonly origins: OriginPicker,
    protected readonly rng: Rng,
  ) {
    this.remaining = count;
  }

  advance(): void {
    if (this.remaining <= 0) {
      this.nextTime = Infinity;
      return;
    }
    this.remaining--;
    this.nextTime = this.arrivalAfter(this.nextTime);
    this.origin = this.origins.pick(this.rng);
  }

  /** The time of the arrival that follows one at t. */
  protected abstract arrivalAfter(t: number): number;
}

/** A Poisson process: exponential inter-arrival times at a constant rate. */
export class PoissonSource extends GeneratedSource {
  private readonly meanGapS: number;

  constructor(cls: number, ratePerS: number, count: number, origins: OriginPicker, rng: Rng) {
    super(cls, count, origins, rng);
    this.meanGapS = 1 / ratePerS;
    this.advance();
  }

  protected arrivalAfter(t: number): number {
    return t + exponential(this.rng, this.meanGapS);
  }
}

/**
 * A Poisson process whose rate swings sinusoidally around its mean,
 * rate(t) = rate · (1 + amplitude · cos(2π (t − peakS) / period)), drawn by
 * thinning (Lewis and Shedler): candidates at the peak rate, each kept with
 * probability rate(t) / peak rate.
 */
export class DiurnalSource extends GeneratedSource {
  private readonly peakRate: number;

  constructor(
    cls: number,
    private readonly rate: number,
    private readonly amplitude: number,
    private readonly periodS: number,
    private readonly peakS: number,
    count: number,
    origins: OriginPicker,
    rng: Rng,
  ) {
    super(cls, count, origins, rng);
    this.peakRate = rate * (1 + amplitude);
    this.advance();
  }

  /** The instantaneous rate at time t. */
  rateAt(t: number): number {
    return this.rate * (1 + this.amplitude * Math.cos((2 * Math.PI * (t - this.peakS)) / this.periodS));
  }

  protected arrivalAfter(t: number): number {
    let next = t;
    do next += exponential(this.rng, 1 / this.peakRate);
    while (this.rng() * this.peakRate >= this.rateAt(next));
    return next;
  }
}

/**
 * A Markov-modulated Poisson process: the source stays in each state for an
 * exponential time with the state's mean, arriving at the state's rate, then
 * moves to another state chosen uniformly. It starts in the first state.
 * Bursty load is a high-rate state with a short mean stay.
 */
export class MmppSource extends GeneratedSource {
  private state = 0;
  private stateEnd: number;

  constructor(
    cls: number,
    private readonly states: readonly { readonly rate: number; readonly meanS: number }[],
    count: number,
    origins: OriginPicker,
    rng: Rng,
  ) {
    super(cls, count, origins, rng);
    this.stateEnd = this.sojourn(0);
    this.advance();
  }

  protected arrivalAfter(t: number): number {
    // Validation refuses such a process; without this guard it would switch states forever.
    if (this.states.every((st) => st.rate === 0)) return Infinity;
    let now = t;
    for (;;) {
      const rate = this.states[this.state]?.rate ?? 0;
      // Exponential gaps are memoryless, so restarting the clock at a state change is exact.
      const candidate = rate > 0 ? now + exponential(this.rng, 1 / rate) : Infinity;
      if (candidate < this.stateEnd) return candidate;
      now = this.stateEnd;
      const others = this.states.length - 1;
      const pick = Math.floor(this.rng() * others);
      this.state = pick >= this.state ? pick + 1 : pick;
      this.stateEnd = now + this.sojourn(this.state);
    }
  }

  private sojourn(state: number): number {
    return exponential(this.rng, this.states[state]?.meanS ?? 1);
  }
}

/** One job of a scenario's explicit `jobs:` list. */
export interface ExplicitJob {
  id: string;
  cls: number;
  origin: number;
  arrival: number;
  /** Reference-chip seconds, or NaN when the job gives a runtime per chip. */
  work: number;
  /** Runtime per chip index (NaN: cannot run there), or undefined to use work / class speed. */
  runtimeS: Float64Array | undefined;
  /** Thousandths of a chip (0: CPU cores and memory only), or -1 for the class's default. */
  milli: number;
  /** Milli-cores of a node, or -1 for the class's. */
  milliCores?: number;
  /** MiB of a node's memory, or -1 for the class's. */
  memMiB?: number;
  /**
   * Speed per chip index (0: cannot run there), overriding the class's
   * table; one array shared by every job with the same constraint.
   */
  speed?: Float64Array;
  /** True for a job that must run on one node (a Kubernetes pod), never as a gang across nodes. */
  oneNode?: boolean;
  /** What policies are told of the work (a trace's requested time), or NaN/absent for the usual estimate. */
  estimate?: number;
  inputGB: number;
  /** Seconds from arrival, or NaN for the class's. */
  deadlineS: number;
  /** Most the job may cost, or NaN for the class's. */
  budget: number;
  /** Most the job pays per chip-hour; absent for the class's. */
  bid?: number;
  /** Spot or on-demand; absent for the class's. */
  tier?: 'on-demand' | 'spot';
}

/** The explicit job list, replayed in arrival order (ties in file order). */
export class ExplicitJobsSource implements ArrivalSource {
  nextTime = Infinity;
  cls = 0;
  origin = 0;
  explicit: ExplicitJob | undefined = undefined;
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
      this.explicit = undefined;
      return;
    }
    this.nextTime = job.arrival;
    this.cls = job.cls;
    this.origin = job.origin;
    this.explicit = job;
  }
}
