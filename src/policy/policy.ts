/**
 * A scheduling policy. This is the first slice of the interface in
 * DESIGN.md: queue order is first-come first-served and a job goes to the
 * first pool, in declaration order, whose chip can run it and which has room
 * for it now. The filter/score/place/batch/preempt extension points extend
 * this interface as they are built.
 */
export interface Policy {
  readonly name: string;
  /** One line for `--help` and reports. */
  readonly description: string;
  /**
   * When true, the queue's head blocks everyone behind it: no job starts
   * before an earlier one (strict FCFS). When false, a pass tries every
   * waiting job in queue order.
   */
  readonly strictOrder: boolean;
}
