import type { Decision } from '../policy/decision.js';
import type { JobId } from '../policy/ids.js';
import type { BatchPlacement, Scheduler } from '../policy/scheduler.js';
import type { SchedulingContext } from '../policy/scheduling-context.js';

/** A scheduler that counts the decisions it is asked for, and the count. */
export interface CountingScheduler {
  scheduler: Scheduler;
  /** Decisions so far: `decide` calls, plus the jobs handed to each `batch` call. */
  decisions(): number;
}

/**
 * Wraps a scheduler so that its decisions are counted, without changing
 * them: every hook is the inner scheduler's, called on it. A decision is
 * one `decide` call (one job asked about, whatever the answer: start,
 * enqueue, wait or reject, including the second ask after a preemption) or,
 * for a batch policy, one job of the queue handed to `batch` (each gets a
 * placement or stays). The wrapper costs one call and one increment per
 * decision.
 */
export function countingScheduler(inner: Scheduler): CountingScheduler {
  let decisions = 0;
  const innerBatch = inner.batch;
  const scheduler: Scheduler = {
    name: inner.name,
    description: inner.description,
    ordering: inner.ordering,
    compare: inner.compare?.bind(inner),
    decide(job: JobId, ctx: SchedulingContext, out: Decision): void {
      decisions++;
      inner.decide(job, ctx, out);
    },
    batch:
      innerBatch === undefined
        ? undefined
        : (jobs: readonly JobId[], ctx: SchedulingContext): BatchPlacement[] => {
            decisions += jobs.length;
            return innerBatch.call(inner, jobs, ctx);
          },
    preempt: inner.preempt?.bind(inner),
    prepare: inner.prepare?.bind(inner),
    reserve: inner.reserve?.bind(inner),
  };
  return { scheduler, decisions: () => decisions };
}
