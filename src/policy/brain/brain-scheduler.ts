import type { IdList, JobId, SiteId } from '../ids.js';
import type { BrainContext } from './brain-context.js';

/**
 * A brain policy as the brain stage runs it: for each arriving job, the
 * site it goes to (`send`), or the sites where it reserves a place, the
 * first whose scheduler takes it getting it (`probe`, Sparrow's late
 * binding). Every built-in is one of these, and a user's `BrainPolicy` is
 * compiled into one (`adapt-brain-policy.ts`).
 */
export type BrainScheduler = SendingBrain | ProbingBrain;

interface BrainSchedulerBase {
  readonly name: string;
  readonly description: string;
  /** Called once before the run, to read options and set up per-run state. */
  readonly prepare?: ((ctx: BrainContext) => void) | undefined;
}

export interface SendingBrain extends BrainSchedulerBase {
  readonly kind: 'send';
  /** The site for the job: one of `ctx.eligible(job)`, which is never empty. */
  choose(job: JobId, ctx: BrainContext): SiteId;
}

export interface ProbingBrain extends BrainSchedulerBase {
  readonly kind: 'probe';
  /** Distinct sites of `ctx.eligible(job)` to reserve a place at (at least one). */
  probe(job: JobId, ctx: BrainContext): IdList<SiteId>;
}
