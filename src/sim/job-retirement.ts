import type { JobTable } from '../model/job-table.js';
import type { JobStatistics } from '../metrics/job-statistics.js';

/**
 * Ended jobs go to the statistics in batches of this many (or sooner, see
 * `JobRetirement.settle`).
 */
const SETTLE_BATCH = 256;

/** Called once per job, in arrival order, when its life is over and before its slot is given back (the per-job CSV). */
export type RetiredJobSink = (jobs: JobTable, job: number) => void;

/**
 * What happens when a job's life is over (completed, rejected, failed, or
 * cut at the end of the run): its figures go to the run's statistics, to
 * the per-job sink if one listens (in arrival order), and, unless the run
 * keeps every job, its slot in the job table goes back for a later
 * arrival. Memory then follows the jobs alive, not every job seen.
 *
 * A slot is given back only once nothing refers to it: a job preempted or
 * evicted leaves its planned finish event in the queue (events cannot be
 * taken back), so the slot waits until every such event has popped; and
 * with a sink, a job that ends before an earlier arrival waits for it, so
 * that rows come out in arrival order.
 *
 * Without a sink, ended jobs reach the statistics in batches, in the order
 * they ended, and their slots go back with them. Why: called once per job
 * from the run loop, the statistics' code is inlined by V8 into the loop's
 * optimised code, which makes that code larger and its compile longer (and
 * the run goes on unoptimised until it is done); called from `settle`'s
 * own small loop, it is compiled apart, and early. On a million-job M/M/16
 * run from the command line that is 70-80 ms of about 920 (BENCHMARKS.md,
 * goal 2, seventh pass). The results are the same, byte for byte: the
 * statistics get the same jobs in the same order, and read nothing the
 * batch has not kept (a slot goes back only after its job is counted).
 */
export class JobRetirement {
  /** Per slot: finish events scheduled and not yet popped. */
  private finishEvents = new Int32Array(1024);
  /** Per slot: 1 when the job is over and only its finish events hold the slot. */
  private waitingForEvents = new Uint8Array(1024);
  private sink: RetiredJobSink | undefined;
  /** The serial of the next job the sink should get, and the slots of later ones already over (a ring by serial). */
  private nextSerial = 0;
  private held = new Int32Array(0);
  private ended = 0;
  /** Ended jobs (slots) not yet counted by the statistics, in the order they ended (no sink only). */
  private readonly unsettled = new Int32Array(SETTLE_BATCH);
  private unsettledCount = 0;

  constructor(
    private readonly jobs: JobTable,
    private readonly statistics: JobStatistics,
    private readonly keepJobs: boolean,
  ) {
    // A new arrival that finds no free slot takes one from the batch rather than grow the table.
    if (!keepJobs) jobs.onNoFreeSlot(() => this.settle());
  }

  /** Jobs whose life is over. */
  get retired(): number {
    return this.ended;
  }

  /** Sends every job to `sink`, in arrival order, as jobs end (attach before the run). */
  streamTo(sink: RetiredJobSink): void {
    if (this.sink !== undefined) throw new Error('a run streams its jobs to one sink');
    this.sink = sink;
    this.held = new Int32Array(1024).fill(-1);
  }

  /** A job's life is over: its state, times, cost and energy are final. */
  end(job: number): void {
    this.ended++;
    if (this.sink === undefined) {
      const n = this.unsettledCount;
      this.unsettled[n] = job;
      this.unsettledCount = n + 1;
      if (n + 1 === SETTLE_BATCH) this.settle();
      return;
    }
    this.statistics.add(this.jobs, job);
    const serial = this.jobs.serial[job] as number;
    if (serial !== this.nextSerial) {
      this.hold(job, serial);
      return;
    }
    this.emit(job);
    // Later jobs that ended first follow it now.
    for (;;) {
      const at = this.nextSerial % this.held.length;
      const next = this.held[at] as number;
      if (next < 0) return;
      this.held[at] = -1;
      this.emit(next);
    }
  }

  /**
   * Counts every ended job not yet counted, in the order they ended, and
   * gives its slot back (or marks it to go when its last finish event
   * pops). Called when a batch is full, when the job table needs a slot,
   * and by the run at its end, before anything reads the statistics.
   */
  settle(): void {
    const n = this.unsettledCount;
    this.unsettledCount = 0;
    const unsettled = this.unsettled;
    for (let k = 0; k < n; k++) {
      const job = unsettled[k] as number;
      this.statistics.add(this.jobs, job);
      this.giveBack(job);
    }
  }

  /** A finish event for the job was scheduled. */
  finishScheduled(job: number): void {
    if (this.keepJobs) return;
    if (job >= this.finishEvents.length) this.growTo(job);
    this.finishEvents[job] = (this.finishEvents[job] as number) + 1;
  }

  /** A finish event for the job popped (current or stale): call before acting on it. */
  finishPopped(job: number): void {
    if (this.keepJobs) return;
    const left = (this.finishEvents[job] as number) - 1;
    this.finishEvents[job] = left;
    if (left === 0 && this.waitingForEvents[job] === 1) {
      this.waitingForEvents[job] = 0;
      this.jobs.release(job);
    }
  }

  private emit(job: number): void {
    (this.sink as RetiredJobSink)(this.jobs, job);
    this.nextSerial++;
    this.giveBack(job);
  }

  private giveBack(job: number): void {
    if (this.keepJobs) return;
    if (job < this.finishEvents.length && (this.finishEvents[job] as number) > 0) {
      this.waitingForEvents[job] = 1;
      return;
    }
    this.jobs.release(job);
  }

  /** Keeps an ended job's slot until the sink has had every earlier arrival. */
  private hold(job: number, serial: number): void {
    if (serial - this.nextSerial >= this.held.length) {
      // Grow the ring: every held serial lies in [nextSerial, serial).
      const old = this.held;
      let size = old.length * 2;
      while (serial - this.nextSerial >= size) size *= 2;
      this.held = new Int32Array(size).fill(-1);
      for (let s = this.nextSerial; s < this.nextSerial + old.length; s++) this.held[s % size] = old[s % old.length] as number;
    }
    this.held[serial % this.held.length] = job;
  }

  private growTo(job: number): void {
    let n = this.finishEvents.length;
    while (n <= job) n *= 2;
    const events = new Int32Array(n);
    events.set(this.finishEvents);
    this.finishEvents = events;
    const waiting = new Uint8Array(n);
    waiting.set(this.waitingForEvents);
    this.waitingForEvents = waiting;
  }
}
