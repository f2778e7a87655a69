/**
 * A mergeable quantile sketch with a relative-error guarantee: DDSketch
 * (Masson, Rim and Lee, "DDSketch: a fast and fully-mergeable quantile
 * sketch with relative-error guarantees", VLDB 2019), written for the
 * statistics of a run, which are never negative (waits, JCTs, slowdowns,
 * RTTs).
 *
 * A positive value x is counted in bucket i = ⌈log_γ x⌉, γ = (1 + α)/(1 − α),
 * so bucket i holds (γ^(i−1), γ^i]; its representative 2γ^i/(γ + 1) is
 * within a relative α of every value in it. Zeros (and values below the
 * smallest normal double) are counted apart and read back as 0. The
 * smallest and largest values are kept exactly.
 *
 * Quantiles follow R-7, the definition the exact summaries use (d3-array's
 * `quantileSorted`): the p-quantile of n values interpolates between the
 * order statistics of rank ⌊(n − 1)p⌋ and the one after. The sketch
 * estimates each of those two order statistics within α, and a weighted
 * mean of two non-negative estimates each within α of its value is within
 * α of the weighted mean of the values: so every quantile it gives is
 * within a relative α of the exact R-7 quantile (give or take what reading
 * values below the smallest normal double as 0 moves it: under 2.2e-308),
 * for any number of values, small samples and sparse tails included (a
 * sketch that returns a rank's representative without interpolating cannot
 * promise that: the p99 of ten values lies between the ninth and the tenth).
 *
 * Memory is at most `maxBuckets` counts (32 KiB): past that span
 * (a ratio of γ^4096 ≈ 10^17.8 between the largest value and the smallest)
 * the lowest buckets are merged into one, which only affects quantiles
 * whose value lies more than 17 orders of magnitude below the largest.
 *
 * Two sketches merge by adding their counts: the merge of the sketches of
 * two sets of values is the sketch of their union, bucket for bucket, so
 * a merged quantile carries the same guarantee. Counts do not depend on
 * the order values arrive in.
 */
export class QuantileSketch {
  /** α: every quantile is within this relative error of the exact R-7 quantile. */
  static readonly relativeError = 0.005;
  /** Most buckets kept; see the class comment. */
  static readonly maxBuckets = 4096;

  /** Values added. */
  count = 0;
  /** Values counted as zero (0, and positive values below the smallest normal double). */
  zeros = 0;
  /** Smallest and largest value added (Infinity and −Infinity while empty). */
  min = Infinity;
  max = -Infinity;
  /** Counts of buckets offset, offset + 1, …; zero outside the occupied range. */
  private counts = new Float64Array(0);
  private offset = 0;

  /** The bucket of a value, or `ZERO_BUCKET`: computed once when one value goes into several sketches. */
  static bucketOf(value: number): number {
    return value >= MIN_NORMAL ? Math.ceil(Math.log(value) * INV_LN_GAMMA) : ZERO_BUCKET;
  }

  /** Adds a value (not negative, not NaN). */
  add(value: number): void {
    this.addToBucket(QuantileSketch.bucketOf(value), value);
  }

  /** Adds a value whose bucket (`bucketOf(value)`) is already known. */
  addToBucket(bucket: number, value: number): void {
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (bucket === ZERO_BUCKET) {
      this.zeros++;
      return;
    }
    const k = bucket - this.offset;
    const counts = this.counts;
    if (k >= 0 && k < counts.length) counts[k] = (counts[k] as number) + 1;
    else this.addOutside(bucket, 1);
  }

  /** Adds `n` values equal to `value`, whose bucket is `bucket`: as `n` calls of `addToBucket`. */
  addRepeatedToBucket(bucket: number, value: number, n: number): void {
    this.count += n;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (bucket === ZERO_BUCKET) this.zeros += n;
    else this.addCount(bucket, n);
  }

  /** Adds every value of `other` to this sketch. */
  merge(other: QuantileSketch): void {
    if (other.count === 0) return;
    this.count += other.count;
    this.zeros += other.zeros;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    const counts = other.counts;
    for (let k = 0; k < counts.length; k++) {
      const c = counts[k] as number;
      if (c > 0) this.addCount(other.offset + k, c);
    }
  }

  /** The R-7 quantile at each probability (clamped to [0, 1]); NaN for every p while empty. */
  quantiles(ps: readonly number[]): number[] {
    const n = this.count;
    if (n === 0) return ps.map(() => NaN);
    // The order statistics each p needs: rank ⌊h⌋ and, when h has a fraction, the next.
    const ranks: number[] = [];
    for (const p of ps) {
      const h = (n - 1) * clamp01(p);
      const i0 = Math.floor(h);
      ranks.push(i0);
      if (h > i0) ranks.push(i0 + 1);
    }
    const sorted = [...new Set(ranks)].sort((a, b) => a - b);
    const values = this.valuesAtRanks(sorted);
    const at = new Map(sorted.map((r, i) => [r, values[i] as number]));
    return ps.map((p) => {
      const h = (n - 1) * clamp01(p);
      const i0 = Math.floor(h);
      const v0 = at.get(i0) as number;
      if (!(h > i0)) return v0;
      const v1 = at.get(i0 + 1) as number;
      return v0 + (v1 - v0) * (h - i0);
    });
  }

  /** Occupied buckets as (first bucket, counts from it on), without the empty ends: what a serialised sketch holds. */
  occupied(): { first: number; counts: Float64Array } {
    const counts = this.counts;
    let a = 0;
    while (a < counts.length && counts[a] === 0) a++;
    let b = counts.length;
    while (b > a && counts[b - 1] === 0) b--;
    return { first: this.offset + a, counts: counts.slice(a, b) };
  }

  /** A sketch from its parts (the inverse of reading `count`, `zeros`, `min`, `max` and `occupied()`). */
  static fromParts(parts: { count: number; zeros: number; min: number; max: number; first: number; counts: ArrayLike<number> }): QuantileSketch {
    const s = new QuantileSketch();
    for (let k = 0; k < parts.counts.length; k++) {
      const c = parts.counts[k] as number;
      if (c > 0) s.addCount(parts.first + k, c);
    }
    s.count = parts.count;
    s.zeros = parts.zeros;
    s.min = parts.min;
    s.max = parts.max;
    return s;
  }

  /**
   * The estimates of the order statistics of the given ranks (ascending,
   * 0-based): the smallest and largest exactly, zeros as 0, others as their
   * bucket's representative, each kept within [min, max].
   */
  private valuesAtRanks(ranks: readonly number[]): number[] {
    const n = this.count;
    const out: number[] = [];
    const counts = this.counts;
    let k = -1;
    let seen = this.zeros;
    for (const r of ranks) {
      if (r <= 0) out.push(this.min);
      else if (r >= n - 1) out.push(this.max);
      else if (r < this.zeros) out.push(Math.max(this.min, 0));
      else {
        // Walk on to the bucket holding rank r: the first where the running count passes r.
        while (seen <= r && k + 1 < counts.length) seen += counts[++k] as number;
        const value = k < 0 ? this.max : representative(this.offset + k);
        out.push(Math.min(this.max, Math.max(this.min, value)));
      }
    }
    return out;
  }

  private addCount(bucket: number, c: number): void {
    const k = bucket - this.offset;
    if (k >= 0 && k < this.counts.length) this.counts[k] = (this.counts[k] as number) + c;
    else this.addOutside(bucket, c);
  }

  /**
   * A bucket outside the array: reallocate to cover it, with room to grow
   * on both sides, within `maxBuckets`; past that, the lowest buckets
   * merge into the lowest one kept (and so does this one if it is below).
   */
  private addOutside(bucket: number, c: number): void {
    const old = this.counts;
    let lo = bucket;
    let hi = bucket;
    for (let k = 0; k < old.length; k++) {
      if (old[k] === 0) continue;
      lo = Math.min(lo, this.offset + k);
      hi = Math.max(hi, this.offset + k);
    }
    const max = QuantileSketch.maxBuckets;
    let collapsed = false;
    if (hi - lo + 1 > max) {
      lo = hi - max + 1;
      collapsed = true;
    }
    const span = hi - lo + 1;
    const length = Math.min(max, Math.max(64, span * 2));
    // When collapsed the array starts at the lowest bucket kept, so anything lower comes back here and joins it.
    const offset = collapsed ? lo : lo - ((length - span) >> 1);
    const counts = new Float64Array(length);
    for (let k = 0; k < old.length; k++) {
      const v = old[k] as number;
      if (v === 0) continue;
      const at = Math.max(this.offset + k, lo) - offset;
      counts[at] = (counts[at] as number) + v;
    }
    const at = Math.max(bucket, lo) - offset;
    counts[at] = (counts[at] as number) + c;
    this.counts = counts;
    this.offset = offset;
  }
}

/** The bucket of values counted as zero. */
export const ZERO_BUCKET = -0x7fffffff;

const GAMMA = (1 + QuantileSketch.relativeError) / (1 - QuantileSketch.relativeError);
const LN_GAMMA = Math.log(GAMMA);
const INV_LN_GAMMA = 1 / LN_GAMMA;
const MIN_NORMAL = 2.2250738585072014e-308;

/** 2γ^i/(γ + 1): within α of every value in bucket i. */
function representative(bucket: number): number {
  return (2 * Math.exp(bucket * LN_GAMMA)) / (GAMMA + 1);
}

function clamp01(p: number): number {
  return p <= 0 ? 0 : p >= 1 ? 1 : p;
}
