/** A job of a finished run by its id, with its JCT. */
export interface JobTime {
  id: string;
  jctS: number;
}

/**
 * The `limit` completed jobs with the longest JCT, kept as jobs complete
 * (what the run report explains), longest first; equal JCTs go to the
 * earlier arrival. O(limit) memory; a job that does not make the list
 * costs one comparison.
 */
export class SlowestJobs {
  private readonly jct: number[] = [];
  private readonly serial: number[] = [];
  private readonly ids: string[] = [];

  constructor(readonly limit = 10) {}

  /** Whether a completed job with this JCT and place in arrival order makes the list (one comparison; no id needed to ask). */
  qualifies(jctS: number, serial: number): boolean {
    const n = this.jct.length;
    return n < this.limit || this.before(jctS, serial, n - 1);
  }

  /** A completed job: its JCT, its place in arrival order, and its id. */
  add(jctS: number, serial: number, id: string): void {
    if (!this.qualifies(jctS, serial)) return;
    const n = this.jct.length;
    let at = n === this.limit ? n - 1 : n;
    // Insertion into the short sorted list, dropping the last when full.
    while (at > 0 && this.before(jctS, serial, at - 1)) at--;
    if (n === this.limit) {
      this.jct.pop();
      this.serial.pop();
      this.ids.pop();
    }
    this.jct.splice(at, 0, jctS);
    this.serial.splice(at, 0, serial);
    this.ids.splice(at, 0, id);
  }

  /** The list, longest first. */
  list(): JobTime[] {
    return this.ids.map((id, i) => ({ id, jctS: this.jct[i] as number }));
  }

  /** Whether (jct, serial) goes before entry i: longer first, then earlier. */
  private before(jctS: number, serial: number, i: number): boolean {
    const other = this.jct[i] as number;
    return jctS > other || (jctS === other && serial < (this.serial[i] as number));
  }
}
