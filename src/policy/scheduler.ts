import type { Decision } from './decision.js';
import type { JobId, PoolId } from './ids.js';
import type { Reservation, SchedulingContext } from './scheduling-context.js';

/** One placement of a batch decision: a job and where it goes. */
export interface BatchPlacement {
  job: JobId;
  pool: PoolId;
  mode: 'now' | 'enqueue';
}

/** Whether later jobs may start before earlier ones (in queue order). */
export type Ordering = 'strict' | 'open';

/**
 * A policy as the simulation runs it: decisions over job and pool indices,
 * with no object per job or per decision. Every built-in policy is defined
 * on the scheduling framework (`framework.ts`), and a user's `Policy` is
 * compiled onto it (`adapt-policy.ts`); both end up as one of these.
 *
 * A policy says what; the dispatcher decides how. It declares its queue
 * `ordering` and its capabilities (`batch`, `preempt`, `reserve`) and
 * answers one job at a time; the dispatcher runs the passes, works out
 * which waiting jobs need asking again, and carries decisions out.
 */
export interface Scheduler {
  readonly name: string;
  readonly description: string;
  /** 'strict': no job starts before one ahead of it in queue order (head-of-line blocking); 'open': later jobs may go first. */
  readonly ordering: Ordering;
  /** Queue order over jobs (negative: a first); default arrival order. */
  readonly compare?: ((a: JobId, b: JobId, ctx: SchedulingContext) => number) | undefined;
  /** One decision for one job, written into `out`. */
  decide(job: JobId, ctx: SchedulingContext, out: Decision): void;
  /** Called once before the run, to read options and set up per-run state. */
  readonly prepare?: ((ctx: SchedulingContext) => void) | undefined;
  /**
   * Batch capability: called instead of `decide` once per scheduling pass
   * with every job of the central queue (in queue order); returns
   * placements, which the dispatcher applies in order, re-checking each.
   */
  readonly batch?: ((jobs: readonly JobId[], ctx: SchedulingContext) => BatchPlacement[]) | undefined;
  /**
   * Preemption capability: for a job that must wait, running jobs to
   * preempt so that it can start now on `pool` (-1: let `decide` choose),
   * or undefined for none.
   */
  readonly preempt?: ((job: JobId, ctx: SchedulingContext) => { victims: JobId[]; pool: PoolId } | undefined) | undefined;
  /**
   * Reservation capability (EASY backfilling): for the first job of a pass
   * that must wait, where and when it should start. The dispatcher keeps
   * the reservation for the rest of the pass; no later job may delay it.
   */
  readonly reserve?: ((job: JobId, ctx: SchedulingContext) => Reservation) | undefined;
}
