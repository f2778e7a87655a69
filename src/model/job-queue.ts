/**
 * The central queue of waiting jobs, as job indices in a growable ring
 * buffer: O(1) push at the back and shift at the front, no allocation per
 * job. Job indices follow arrival order, and the queue keeps them sorted:
 * new arrivals go to the back, and a job put back after a failure goes to
 * its place by arrival (`insertInOrder`, O(queue), rare).
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

  /** Inserts a job that arrived earlier than some waiting ones at its place in arrival order. */
  insertInOrder(job: number): void {
    this.push(job);
    const mask = this.items.length - 1;
    let i = this.count - 1;
    while (i > 0) {
      const prev = this.items[(this.head + i - 1) & mask] as number;
      if (prev < job) break;
      this.items[(this.head + i) & mask] = prev;
      i--;
    }
    this.items[(this.head + i) & mask] = job;
  }

  /** Removes and returns the head. The queue must not be empty. */
  shift(): number {
    const job = this.items[this.head] as number;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return job;
  }

  /**
   * Keeps, in order, the jobs for which `keep` returns true; `keep` sees
   * every job once, front to back.
   */
  retain(keep: (job: number) => boolean): void {
    const mask = this.items.length - 1;
    let w = 0;
    for (let r = 0; r < this.count; r++) {
      const job = this.items[(this.head + r) & mask] as number;
      if (keep(job)) this.items[(this.head + w++) & mask] = job;
    }
    this.count = w;
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
