import type { BrainRecord } from '../metrics/brain-record.js';
import type { WaitingJobs } from '../metrics/fragmentation.js';
import type { CentralQueue } from './central-queue.js';
import type { DispatchHost } from './dispatcher.js';

/** Jobs waiting to be placed, as fragmentation and tests read them. */
export interface WaitingQueue extends WaitingJobs {
  /** Every waiting job, in queue order. */
  all(): number[];
}

/**
 * What the simulation asks of whatever places its jobs: the central
 * `Dispatcher` (one scheduler over every pool), or under a brain the
 * `BrainStage` (a brain that sends each job to a site, and a dispatcher
 * per site). The simulation owns events and the life of jobs; the stage
 * owns the queues and decides when jobs start.
 */
export interface DispatchStage {
  /** Jobs waiting in the central queue (under a brain, in the sites' queues). */
  readonly central: WaitingQueue;
  /** The one central queue (elastic pools read their demand from it); undefined under a brain, whose sites queue apart. */
  readonly soleCentral: CentralQueue | undefined;
  /** Before the run: policies read their options and set up per-run state. */
  prepare(): void;
  /** A job arrives, or comes back from a failure or preemption. */
  submit(job: number, time: number): void;
  capacityFreed(pool: number, time: number): void;
  /** Prices changed (or anything else every decision depends on). */
  everythingChanged(): void;
  /** A market's asks changed on these pools (market runs, which are never under a brain). */
  pricesChanged(time: number, pools: readonly number[]): void;
  /** The end of a simulated instant: the scheduling pass. */
  runPass(time: number): void;
  /** Jobs waiting anywhere (queues, local queues, on their way to a site). */
  waitingCount(): number;
  /** Every waiting job, each once. */
  allWaiting(): number[];
  /** The pools a waiting job may be placed on (under a brain, those of its site). */
  candidatesOf(job: number): ArrayLike<number>;
  /** An event the stage asked for (`StageHost.scheduleWake`) is due. */
  wake(payload: number, time: number): void;
  /** What the brain measured, for the run record; undefined without a brain. */
  brainRecord(): BrainRecord | undefined;
}

/** What the simulation offers a stage beyond a dispatcher's host: events of its own. */
export interface StageHost extends DispatchHost {
  /** Calls `wake(payload, at)` at simulated time `at` (payload: a 32-bit integer). */
  scheduleWake(at: number, payload: number): void;
  /** Whether arrivals are still to come. */
  arrivalsPending(): boolean;
}
