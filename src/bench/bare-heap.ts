/**
 * The reference the engine is measured against: the fastest plain
 * JavaScript event loop we know how to write by hand. A binary min-heap on
 * a Float64Array of times and an Int32Array of kinds, sift loops inlined,
 * keyed by time alone (no tie-break, no clock checks, no dispatch, no
 * hooks). Everything the engine adds on top of this is overhead to justify.
 */
export class BareHeap {
  times: Float64Array;
  kinds: Int32Array;
  size = 0;
  topTime = 0;
  topKind = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
    this.kinds = new Int32Array(capacity);
  }

  push(time: number, kind: number): void {
    if (this.size === this.times.length) {
      const t = new Float64Array(this.size * 2);
      const k = new Int32Array(this.size * 2);
      t.set(this.times);
      k.set(this.kinds);
      this.times = t;
      this.kinds = k;
    }
    const times = this.times;
    const kinds = this.kinds;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt <= time) break;
      times[i] = pt;
      kinds[i] = kinds[parent] as number;
      i = parent;
    }
    times[i] = time;
    kinds[i] = kind;
  }

  pop(): void {
    const times = this.times;
    const kinds = this.kinds;
    this.topTime = times[0] as number;
    this.topKind = kinds[0] as number;
    const last = --this.size;
    const t = times[last] as number;
    const k = kinds[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && (times[right] as number) < (times[child] as number)) child = right;
      const ct = times[child] as number;
      if (t <= ct) break;
      times[i] = ct;
      kinds[i] = kinds[child] as number;
      i = child;
    }
    times[i] = t;
    kinds[i] = k;
  }
}
