import { partitionByGroup, type Partition } from './group-results.js';
import { QuantileSketch } from './quantile-sketch.js';
import type { Summary } from './results.js';
import { selectQuantiles } from './select-quantiles.js';

/**
 * How a run's quantiles are computed: `sketch` from a `QuantileSketch`
 * (memory independent of the number of jobs, each quantile within
 * `QuantileSketch.relativeError` of the exact one), or `exact` from every
 * value kept until the end (16 bytes per value and statistic).
 */
export type QuantileMethod = 'sketch' | 'exact';

/** The probabilities of a summary: p50, p95, p99. */
const SUMMARY_PS = [0.5, 0.95, 0.99];

/** 2^600, to keep an overflowing sum's running total finite (see `Sums`). */
const SCALE_DOWN = 2 ** -600;
const SCALE_UP = 2 ** 600;

/**
 * One statistic of a run (wait, JCT, slowdown or RTT), fed a value at a
 * time as jobs finish, for the whole run and per class and per origin: its
 * count, its mean and its quantiles. Nothing per job is kept in `sketch`
 * mode; `exact` mode keeps the values (and their groups) for the end.
 */
export class StreamedStatistic {
  /** Values, per class and per origin. */
  private readonly classCount: Float64Array;
  private readonly originCount: Float64Array;
  private count = 0;
  /** Sums in slots: 0 the run, 1 + g class g, 1 + classes + g origin g. */
  private readonly sums: Sums;
  // Sketch mode: the run's, and one per class and per origin where there is more than one.
  private readonly all = new QuantileSketch();
  private readonly classSketches: (QuantileSketch | undefined)[];
  private readonly originSketches: (QuantileSketch | undefined)[];
  // Exact mode: every value and its groups.
  private values: Float64Array;
  private valueClass: Int32Array;
  private valueOrigin: Int32Array;
  /** Exact mode, at the end: the values laid out group after group, per grouping. */
  private readonly layouts = new Map<Int32Array, Partition>();
  /**
   * The last value sketched and its bucket: a statistic often repeats its
   * value job after job (an RTT from one origin to one site, a slowdown of
   * exactly 1), and the bucket costs a logarithm.
   */
  private lastValue = NaN;
  private lastBucket = 0;
  /** More than one class or origin: each has a count, a sum and a sketch of its own. */
  private readonly grouped: boolean;
  private readonly exact: boolean;

  constructor(
    readonly method: QuantileMethod,
    private readonly classes: number,
    private readonly origins: number,
  ) {
    this.grouped = classes > 1 || origins > 1;
    this.exact = method === 'exact';
    this.classCount = new Float64Array(classes);
    this.originCount = new Float64Array(origins);
    this.sums = new Sums(1 + classes + origins);
    this.classSketches = classes > 1 ? new Array<QuantileSketch | undefined>(classes).fill(undefined) : [];
    this.originSketches = origins > 1 ? new Array<QuantileSketch | undefined>(origins).fill(undefined) : [];
    const initial = method === 'exact' ? 1024 : 0;
    this.values = new Float64Array(initial);
    this.valueClass = new Int32Array(classes > 1 ? initial : 0);
    this.valueOrigin = new Int32Array(origins > 1 ? initial : 0);
  }

  /** One value (not negative, not NaN) of a job of class `cls` from origin `origin`. */
  add(value: number, cls: number, origin: number): void {
    // Kept small on purpose: this runs four times per job, and V8 inlines it (and the sketch's
    // bucket below) into the caller only while it is short. The rarer cases have methods of their own.
    this.count++;
    this.sums.add(0, value);
    if (this.grouped) this.addToGroups(value, cls, origin);
    if (this.exact) {
      this.keep(value, cls, origin);
      return;
    }
    let bucket = this.lastBucket;
    if (value !== this.lastValue) {
      bucket = QuantileSketch.bucketOf(value);
      this.lastValue = value;
      this.lastBucket = bucket;
    }
    this.all.addToBucket(bucket, value);
    if (this.grouped) this.addToGroupSketches(bucket, value, cls, origin);
  }

  /**
   * `n` values equal to `value`, of class `cls` from origin `origin`: the
   * same counts, quantiles and maximum as `n` calls of `add`, and the sums
   * grow by value × n at once (within a rounding of what `n` additions
   * give, and exact where those would drift).
   */
  addRepeated(value: number, n: number, cls: number, origin: number): void {
    this.count += n;
    this.sums.addTimes(0, value, n);
    if (this.classes > 1) {
      this.classCount[cls] = (this.classCount[cls] as number) + n;
      this.sums.addTimes(1 + cls, value, n);
    }
    if (this.origins > 1) {
      this.originCount[origin] = (this.originCount[origin] as number) + n;
      this.sums.addTimes(1 + this.classes + origin, value, n);
    }
    if (this.exact) {
      for (let i = this.count - n; i < this.count; i++) this.keep(value, cls, origin, i);
      return;
    }
    const bucket = QuantileSketch.bucketOf(value);
    this.all.addRepeatedToBucket(bucket, value, n);
    if (this.classes > 1) (this.classSketches[cls] ??= new QuantileSketch()).addRepeatedToBucket(bucket, value, n);
    if (this.origins > 1) (this.originSketches[origin] ??= new QuantileSketch()).addRepeatedToBucket(bucket, value, n);
  }

  /** The class's and the origin's count and sum, where there is more than one of either. */
  private addToGroups(value: number, cls: number, origin: number): void {
    // With one class (or one origin) its summary is the run's: no count or sum of its own.
    if (this.classes > 1) {
      this.classCount[cls] = (this.classCount[cls] as number) + 1;
      this.sums.add(1 + cls, value);
    }
    if (this.origins > 1) {
      this.originCount[origin] = (this.originCount[origin] as number) + 1;
      this.sums.add(1 + this.classes + origin, value);
    }
  }

  /** The class's and the origin's sketch, where there is more than one of either. */
  private addToGroupSketches(bucket: number, value: number, cls: number, origin: number): void {
    if (this.classes > 1) (this.classSketches[cls] ??= new QuantileSketch()).addToBucket(bucket, value);
    if (this.origins > 1) (this.originSketches[origin] ??= new QuantileSketch()).addToBucket(bucket, value);
  }

  /** The run's summary. */
  summary(): Summary {
    // A copy of the values: selection permutes what it reads, and the groups are laid out from them in their order.
    return this.summaryOf(0, this.count, () => this.all, () => this.values.slice(0, this.count));
  }

  /** Class g's summary (the run's when there is one class). */
  classSummary(g: number): Summary {
    if (this.classes === 1) return this.summary();
    return this.summaryOf(1 + g, this.classCount[g] as number, () => this.classSketches[g], () => this.groupValues(this.valueClass, this.classes, g));
  }

  /** Origin g's summary (the run's when there is one origin). */
  originSummary(g: number): Summary {
    if (this.origins === 1) return this.summary();
    return this.summaryOf(1 + this.classes + g, this.originCount[g] as number, () => this.originSketches[g], () => this.groupValues(this.valueOrigin, this.origins, g));
  }

  /** The run's quantile function at `ps` (empty without values). */
  grid(ps: readonly number[]): number[] {
    if (this.count === 0) return [];
    return this.method === 'exact' ? selectQuantiles(this.values.slice(0, this.count), this.count, ps) : this.all.quantiles(ps);
  }

  /** Class g's quantile function at `ps` (empty without values). */
  classGrid(g: number, ps: readonly number[]): number[] {
    if (this.classes === 1) return this.grid(ps);
    if (this.classCount[g] === 0) return [];
    if (this.method === 'sketch') return (this.classSketches[g] as QuantileSketch).quantiles(ps);
    const values = this.groupValues(this.valueClass, this.classes, g);
    return selectQuantiles(values, values.length, ps);
  }

  /** The run's sketch (sketch mode), for merging across runs; undefined in exact mode. */
  sketch(): QuantileSketch | undefined {
    return this.method === 'sketch' ? this.all : undefined;
  }

  private summaryOf(slot: number, n: number, sketch: () => QuantileSketch | undefined, values: () => Float64Array): Summary {
    if (n === 0) return { count: 0, mean: null, p50: null, p95: null, p99: null, max: null };
    const mean = this.sums.mean(slot, n);
    if (this.method === 'sketch') {
      const s = sketch() as QuantileSketch;
      const [p50, p95, p99] = s.quantiles(SUMMARY_PS) as [number, number, number];
      return { count: n, mean: between(s.min, s.max, mean), p50, p95, p99, max: s.max };
    }
    const v = values();
    const [min, p50, p95, p99, max] = selectQuantiles(v, v.length, [0, ...SUMMARY_PS, 1]) as [number, number, number, number, number];
    return { count: n, mean: between(min, max, mean), p50, p95, p99, max };
  }

  /** Keeps value number `i` (0-based) and its groups. */
  private keep(value: number, cls: number, origin: number, i = this.count - 1): void {
    if (i === this.values.length) {
      this.values = grow(this.values);
      if (this.classes > 1) this.valueClass = growInt(this.valueClass);
      if (this.origins > 1) this.valueOrigin = growInt(this.valueOrigin);
    }
    this.values[i] = value;
    if (this.classes > 1) this.valueClass[i] = cls;
    if (this.origins > 1) this.valueOrigin[i] = origin;
  }

  /** The values of group g (by `groupOf`): a view of a layout made once per grouping, which selection may permute. */
  private groupValues(groupOf: Int32Array, groups: number, g: number): Float64Array {
    let layout = this.layouts.get(groupOf);
    if (layout === undefined) {
      // Value i's group is groupOf[i]: the "job" of a value is its group, and each group is its own.
      layout = partitionByGroup(this.values, groupOf, this.count, identity(groups), groups);
      this.layouts.set(groupOf, layout);
    }
    return layout.values.subarray(layout.offsets[g] as number, layout.offsets[g + 1] as number);
  }
}

/**
 * Running sums that cannot overflow: each slot keeps its plain sum and,
 * from the moment that sum would overflow, goes on in a copy scaled down
 * by 2^600 (exact for any value above 2^-474; smaller ones are lost in
 * such a sum anyway). The mean of finite values is finite, and the same
 * bits as the plain sum ÷ n whenever that sum is finite.
 */
class Sums {
  private readonly plain: Float64Array;
  private readonly scaled: Float64Array;
  private readonly overflowed: Uint8Array;

  constructor(slots: number) {
    this.plain = new Float64Array(slots);
    this.scaled = new Float64Array(slots);
    this.overflowed = new Uint8Array(slots);
  }

  add(slot: number, value: number): void {
    if (this.overflowed[slot] === 0) {
      const sum = (this.plain[slot] as number) + value;
      if (sum !== Infinity) {
        this.plain[slot] = sum;
        return;
      }
    }
    this.addScaled(slot, value * SCALE_DOWN);
  }

  /** Adds value × n (n a count of values). */
  addTimes(slot: number, value: number, n: number): void {
    if (this.overflowed[slot] === 0) {
      const sum = (this.plain[slot] as number) + value * n;
      if (sum !== Infinity) {
        this.plain[slot] = sum;
        return;
      }
    }
    this.addScaled(slot, value * SCALE_DOWN * n);
  }

  /** The sum overflowed (now or before): it goes on scaled, by `scaledValue` (already × 2^-600). Out of `add`, which then stays small enough to inline. */
  private addScaled(slot: number, scaledValue: number): void {
    if (this.overflowed[slot] === 0) {
      // The first overflow: carry on, scaled, from the sum so far.
      this.overflowed[slot] = 1;
      this.scaled[slot] = (this.plain[slot] as number) * SCALE_DOWN;
    }
    this.scaled[slot] = (this.scaled[slot] as number) + scaledValue;
  }

  mean(slot: number, n: number): number {
    if (this.overflowed[slot] === 0) return (this.plain[slot] as number) / n;
    return ((this.scaled[slot] as number) / n) * SCALE_UP;
  }
}

/**
 * A mean from its sum, kept within the smallest and largest value, where
 * every mean lies: the roundings of a long sum can carry the mean of n
 * equal values a few units in the last place past the value itself.
 */
function between(min: number, max: number, mean: number): number {
  return Math.min(max, Math.max(min, mean));
}

function identity(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(Math.max(16, a.length * 2));
  b.set(a);
  return b;
}

function growInt(a: Int32Array): Int32Array {
  const b = new Int32Array(Math.max(16, a.length * 2));
  b.set(a);
  return b;
}
