import type { BatchPlacement, Decision, Scheduler, SchedulingContext } from '../policy/scheduler.js';

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
    strictOrder: inner.strictOrder,
    seesHead: inner.seesHead,
    compare: inner.compare?.bind(inner),
    decide(job: number, ctx: SchedulingContext, out: Decision): void {
      decisions++;
      inner.decide(job, ctx, out);
    },
    batch:
      innerBatch === undefined
        ? undefined
        : (jobs: readonly number[], ctx: SchedulingContext): BatchPlacement[] => {
            decisions += jobs.length;
            return innerBatch.call(inner, jobs, ctx);
          },
    preempt: inner.preempt?.bind(inner),
    prepare: inner.prepare?.bind(inner),
    beginPass: inner.beginPass?.bind(inner),
    explain: inner.explain?.bind(inner),
  };
  return { scheduler, decisions: () => decisions };
}
