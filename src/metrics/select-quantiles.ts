/**
 * R-7 quantiles (the definition d3-array's `quantileSorted` uses) of the
 * first `n` values at each probability in `ps`, found by partial selection
 * instead of a full sort where that pays: the order statistics the
 * quantiles need are put in place by a recursive quickselect, O(n log k)
 * for k of them rather than O(n log n); constant data takes one scan; many
 * probabilities (a quantile function) take a sort. Summarising a
 * million-job run spent a fifth of its time sorting four arrays before
 * this.
 *
 * Permutes `values[0..n)`. Values must not be NaN. Returns NaN for every p
 * when n = 0.
 */
export function selectQuantiles(values: Float64Array, n: number, ps: readonly number[]): number[] {
  if (n === 0) return ps.map(() => NaN);
  // Constant data is common (every slowdown 1, one RTT for a one-site run): one scan settles it.
  let min = values[0] as number;
  let max = min;
  for (let i = 1; i < n; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  if (min === max) return ps.map(() => min);
  // Past a few dozen order statistics, selecting them one by one costs more than sorting.
  if (ps.length > 24) {
    const sorted = values.subarray(0, n);
    if (min >= 0) radixSortNonNegative(sorted);
    else sorted.sort();
    return ps.map((p) => quantileOfSorted(sorted, p));
  }
  const needed = new Set<number>();
  for (const p of ps) {
    const h = (n - 1) * clamp01(p);
    const i0 = Math.floor(h);
    needed.add(i0);
    if (i0 + 1 < n) needed.add(i0 + 1);
  }
  const ranks = Int32Array.from([...needed].sort((a, b) => a - b));
  multiSelect(values, 0, n - 1, ranks, 0, ranks.length - 1);
  // The order statistics each p needs are now in place, as in a sorted array.
  const partly = values.subarray(0, n);
  return ps.map((p) => quantileOfSorted(partly, p));
}

/** d3-array's R-7 interpolation, reading only ranks ⌊(n − 1)p⌋ and the one after. */
function quantileOfSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (!(p > 0) || n < 2) return sorted[0] as number;
  if (p >= 1) return sorted[n - 1] as number;
  const h = (n - 1) * p;
  const i0 = Math.floor(h);
  const v0 = sorted[i0] as number;
  const v1 = sorted[i0 + 1] as number;
  return v0 + (v1 - v0) * (h - i0);
}

function clamp01(p: number): number {
  return p <= 0 ? 0 : p >= 1 ? 1 : p;
}

/** Puts every rank in ranks[a..b] (sorted) at its sorted position within values[left..right]. */
function multiSelect(values: Float64Array, left: number, right: number, ranks: Int32Array, a: number, b: number): void {
  while (a <= b && left < right) {
    const mid = (a + b) >>> 1;
    const k = ranks[mid] as number;
    select(values, k, left, right);
    // Everything left of k is ≤ values[k], everything right ≥: the halves are independent.
    multiSelect(values, left, k - 1, ranks, a, mid - 1);
    left = k + 1;
    a = mid + 1;
  }
}

/**
 * Hoare-partition quickselect with a median-of-three pivot: after it,
 * values[k] is the k-th smallest of values[left..right], smaller ones
 * before it and larger ones after. Runs of equal values (many jobs wait
 * exactly 0 s) split evenly instead of degrading. If partitioning goes
 * badly for too long, it sorts the remaining range instead, which bounds
 * the worst case at O(n log n).
 */
function select(a: Float64Array, k: number, left: number, right: number): void {
  let budget = 2 * Math.ceil(Math.log2(right - left + 2)) + 16;
  while (right > left) {
    if (right - left < 16 || budget-- === 0) {
      a.subarray(left, right + 1).sort();
      return;
    }
    const mid = (left + right) >>> 1;
    const x = a[left] as number;
    const y = a[mid] as number;
    const z = a[right] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now values[left..j] ≤ pivot ≤ values[i..right], and values[j+1..i-1] equal the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/**
 * Sorts non-negative doubles (no NaN) in place by LSD radix sort on their
 * bit patterns, four passes of 16 bits: for non-negative IEEE 754 doubles
 * the unsigned 64-bit pattern orders like the value. About four times
 * faster than `Float64Array.prototype.sort` on a million values here.
 * Passes whose digit is the same for every value are skipped.
 */
export function radixSortNonNegative(values: Float64Array): void {
  const n = values.length;
  if (n < 2) return;
  let src: Float64Array = values;
  let dst: Float64Array = new Float64Array(n);
  const counts = new Uint32Array(65536);
  // Word w of element i in a Uint32Array view: little-endian, so i*2 is the low half.
  for (let pass = 0; pass < 4; pass++) {
    const words = new Uint32Array(src.buffer, src.byteOffset, n * 2);
    const word = pass < 2 ? 0 : 1;
    const shift = (pass & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const d = ((words[2 * i + word] as number) >>> shift) & 0xffff;
      counts[d] = (counts[d] as number) + 1;
    }
    if (counts[(((words[word] as number) >>> shift) & 0xffff) as number] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const d = ((words[2 * i + word] as number) >>> shift) & 0xffff;
      dst[counts[d] as number] = src[i] as number;
      counts[d] = (counts[d] as number) + 1;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== values) values.set(src);
}
