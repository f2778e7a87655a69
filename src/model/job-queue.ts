/**
 * A FIFO queue of job indices (a pool's local queue) in a growable ring
 * buffer: O(1) push at the back and shift at the front, no allocation per
 * job.
 */
export class JobQueue {
  private items: Int32Array;
  private head = 0;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.items = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(job: number): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = job;
    this.count++;
  }

  /** The job at position `i` from the front (0 is the head). */
  at(i: number): number {
    return this.items[(this.head + i) & (this.items.length - 1)] as number;
  }

  /** Removes and returns the head. The queue must not be empty. */
  shift(): number {
    const job = this.items[this.head] as number;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return job;
  }

  /** The waiting jobs, front to back. */
  toArray(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.at(i));
    return out;
  }

  private grow(): void {
    const items = new Int32Array(this.items.length * 2);
    for (let i = 0; i < this.count; i++) items[i] = this.at(i);
    this.items = items;
    this.head = 0;
  }
}
