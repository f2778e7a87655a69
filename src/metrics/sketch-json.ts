import { QuantileSketch } from './quantile-sketch.js';

/**
 * A `QuantileSketch` as JSON, for sweep rows that carry sketches instead of
 * quantile arrays (`sweep --lean`), so that runs can be merged afterwards.
 * `counts` holds the occupied buckets from `first` on as unsigned LEB128
 * varints in base64: a bucket of fewer than 128 values costs 1⅓
 * characters. A sketch of the JCTs of a 50,000-job M/M/16 run is about
 * 1 kB.
 */
export interface SketchJson {
  count: number;
  zeros: number;
  /** Null when the sketch is empty. */
  min: number | null;
  max: number | null;
  /** Bucket of the first count. */
  first: number;
  counts: string;
}

export function sketchToJson(s: QuantileSketch): SketchJson {
  const { first, counts } = s.occupied();
  const bytes: number[] = [];
  for (const c of counts) {
    let v = c;
    // Counts are whole numbers, possibly past 2^32 after merging: arithmetic, not bit operations.
    while (v >= 128) {
      bytes.push((v % 128) + 128);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
  }
  return {
    count: s.count,
    zeros: s.zeros,
    min: s.count > 0 ? s.min : null,
    max: s.count > 0 ? s.max : null,
    first,
    counts: Buffer.from(bytes).toString('base64'),
  };
}

/** The sketch a `SketchJson` holds, or a sentence saying what is wrong with it (it comes from a file). */
export function sketchFromJson(value: unknown): QuantileSketch | string {
  if (value === null || typeof value !== 'object') return 'is not a sketch (an object with count, zeros, min, max, first, counts)';
  const j = value as Record<string, unknown>;
  const whole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (!whole(j.count) || !whole(j.zeros) || !Number.isSafeInteger(j.first) || typeof j.counts !== 'string') return 'needs whole counts (count, zeros), a bucket number (first) and a string of counts';
  const empty = j.count === 0;
  if (empty ? j.min !== null || j.max !== null : typeof j.min !== 'number' || typeof j.max !== 'number' || !(j.min <= j.max) || j.min < 0) return 'has a min and max that do not fit its count';
  const bytes = Buffer.from(j.counts, 'base64');
  const counts: number[] = [];
  let v = 0;
  let scale = 1;
  for (const b of bytes) {
    v += (b % 128) * scale;
    if (b < 128) {
      counts.push(v);
      v = 0;
      scale = 1;
    } else scale *= 128;
  }
  const total = counts.reduce((a, c) => a + c, j.zeros);
  if (scale !== 1 || total !== j.count) return `holds counts that add up to ${total}, not its count ${j.count}`;
  return QuantileSketch.fromParts({ count: j.count, zeros: j.zeros, min: empty ? Infinity : (j.min as number), max: empty ? -Infinity : (j.max as number), first: j.first as number, counts });
}
