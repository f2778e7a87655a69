/**
 * The set of running jobs, with O(1) add and remove (swap with the last),
 * so that a failing node can find its jobs without a table scan of every
 * job ever seen.
 */
export class RunningJobs {
  private list = new Int32Array(256);
  /** Position of each job in `list`, or -1. Indexed by job. */
  private position = new Int32Array(1024).fill(-1);
  private count = 0;

  get size(): number {
    return this.count;
  }

  at(i: number): number {
    return this.list[i] as number;
  }

  add(job: number): void {
    if (job >= this.position.length) {
      let n = this.position.length;
      while (n <= job) n *= 2;
      const grown = new Int32Array(n).fill(-1);
      grown.set(this.position);
      this.position = grown;
    }
    if (this.count === this.list.length) {
      const grown = new Int32Array(this.list.length * 2);
      grown.set(this.list);
      this.list = grown;
    }
    this.position[job] = this.count;
    this.list[this.count++] = job;
  }

  remove(job: number): void {
    const i = this.position[job] as number;
    if (i < 0) return;
    const last = this.list[--this.count] as number;
    this.list[i] = last;
    this.position[last] = i;
    this.position[job] = -1;
  }

  /** The running jobs, as a fresh array (for scans that may remove jobs while they go). */
  toArray(): number[] {
    return Array.from(this.list.subarray(0, this.count));
  }
}
