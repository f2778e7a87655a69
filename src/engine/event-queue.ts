/**
 * A binary min-heap of events keyed by (time, sequence), stored in parallel
 * typed arrays so that pushing and popping allocate nothing.
 *
 * Every event is three numbers: a time in simulated seconds, a small integer
 * `kind` and an integer `payload` (an index into some table the caller owns).
 * The sequence number is assigned on push; two events at the same time pop in
 * the order they were pushed, which makes runs deterministic by construction.
 *
 * `pop()` does not return an object: it copies the popped event into
 * `topTime`, `topKind` and `topPayload`, which stay valid until the next pop.
 */
export class EventQueue {
  private times: Float64Array;
  /** Float64 so that sequence numbers stay exact far beyond 2^32 events. */
  private seqs: Float64Array;
  private kinds: Int32Array;
  private payloads: Int32Array;
  private count = 0;
  private nextSeq = 0;

  /** Time of the last popped event. */
  topTime = 0;
  /** Kind of the last popped event. */
  topKind = 0;
  /** Payload of the last popped event. */
  topPayload = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity | 0);
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.kinds = new Int32Array(capacity);
    this.payloads = new Int32Array(capacity);
  }

  /** Number of pending events. */
  get size(): number {
    return this.count;
  }

  /** Time of the earliest pending event, or `Infinity` when empty. */
  peekTime(): number {
    return this.count > 0 ? (this.times[0] as number) : Infinity;
  }

  /** Adds an event. `kind` and `payload` must be 32-bit integers. */
  push(time: number, kind: number, payload: number): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const kinds = this.kinds;
    const payloads = this.payloads;
    const seq = this.nextSeq++;
    // Sift the hole up from the end, moving parents down until the new
    // event's key is no smaller than its parent's. The new event has the
    // largest sequence number of all, so on equal times it is never the
    // smaller: comparing times alone is exact here.
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt <= time) break;
      times[i] = pt;
      seqs[i] = seqs[parent] as number;
      kinds[i] = kinds[parent] as number;
      payloads[i] = payloads[parent] as number;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    kinds[i] = kind;
    payloads[i] = payload;
  }

  /**
   * Removes the earliest event and copies it into `topTime`, `topKind` and
   * `topPayload`. Returns false (and changes nothing) when the queue is empty.
   */
  pop(): boolean {
    const n = this.count;
    if (n === 0) return false;
    const times = this.times;
    const seqs = this.seqs;
    const kinds = this.kinds;
    const payloads = this.payloads;
    this.topTime = times[0] as number;
    this.topKind = kinds[0] as number;
    this.topPayload = payloads[0] as number;
    const last = n - 1;
    this.count = last;
    if (last === 0) return true;
    // Move the last event into the root hole and sift it down.
    const t = times[last] as number;
    const s = seqs[last] as number;
    const k = kinds[last] as number;
    const p = payloads[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      let ct = times[child] as number;
      const right = child + 1;
      if (right < last) {
        const rt = times[right] as number;
        if (rt < ct || (rt === ct && (seqs[right] as number) < (seqs[child] as number))) {
          child = right;
          ct = rt;
        }
      }
      if (t < ct || (t === ct && s < (seqs[child] as number))) break;
      times[i] = ct;
      seqs[i] = seqs[child] as number;
      kinds[i] = kinds[child] as number;
      payloads[i] = payloads[child] as number;
      i = child;
    }
    times[i] = t;
    seqs[i] = s;
    kinds[i] = k;
    payloads[i] = p;
    return true;
  }

  /** Removes every pending event; sequence numbers keep increasing. */
  clear(): void {
    this.count = 0;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const kinds = new Int32Array(capacity);
    const payloads = new Int32Array(capacity);
    times.set(this.times);
    seqs.set(this.seqs);
    kinds.set(this.kinds);
    payloads.set(this.payloads);
    this.times = times;
    this.seqs = seqs;
    this.kinds = kinds;
    this.payloads = payloads;
  }
}
