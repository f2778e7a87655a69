import type { Rng } from '../engine/rng.js';
import type { ClusterModel } from '../model/cluster-model.js';
import type { JobTable } from '../model/job-table.js';
import type { Decision } from '../policy/decision.js';
import type { DecisionExplanation, JobExplanation } from '../model/explanation.js';
import type { SchedulingContext } from '../policy/scheduling-context.js';

/** Which jobs to explain: by id, and/or a uniform sample of so many. */
export interface ExplainRequest {
  /** Job ids as the user knows them: an explicit id, or the job's arrival index. */
  ids?: readonly string[];
  /** A uniform sample of this many jobs over the whole run (reservoir sampling). */
  sample?: number;
}

/** Decisions kept per job: the first ones, and always the latest. */
const MAX_DECISIONS = 50;

/**
 * Collects the explanations of the decisions about the jobs someone asked
 * about. The policy's own code fills each explanation while it decides (see
 * `SchedulingContext.explanation`); this only decides which jobs are
 * watched, keeps their records, and adds the requeues the simulation
 * causes. A sample is drawn by reservoir sampling from its own random
 * stream, so explaining never moves arrivals, sizes or decisions.
 */
export class ExplanationRecorder {
  /** By the job's serial (its place in arrival order), which outlives its slot in the table (issue 20). */
  private readonly byJob = new Map<number, JobExplanation>();
  private readonly ids: ReadonlySet<string>;
  private readonly sampleSize: number;
  /** The sample's jobs by serial (reservoir), in no particular order. */
  private readonly reservoir: number[] = [];
  private seen = 0;
  private current: DecisionExplanation | undefined;

  constructor(
    request: ExplainRequest,
    private readonly model: ClusterModel,
    private readonly jobs: JobTable,
    private readonly rng: Rng,
  ) {
    this.ids = new Set(request.ids ?? []);
    this.sampleSize = request.sample ?? 0;
  }

  /** A job arrived: watch it if it was asked for by id, or if the sample takes it. */
  arrived(job: number): void {
    if (this.ids.size > 0 && this.ids.has(this.jobs.idOf(job))) this.watch(job);
    if (this.sampleSize <= 0) return;
    this.seen++;
    if (this.reservoir.length < this.sampleSize) {
      this.reservoir.push(this.serialOf(job));
      this.watch(job);
      return;
    }
    const k = Math.floor(this.rng() * this.seen);
    if (k >= this.sampleSize) return;
    const out = this.reservoir[k] as number;
    this.reservoir[k] = this.serialOf(job);
    if (!this.ids.has(this.byJob.get(out)?.job ?? '')) this.byJob.delete(out);
    this.watch(job);
  }

  wants(job: number): boolean {
    return this.byJob.has(this.serialOf(job));
  }

  /** Starts the record of a decision about a watched job. */
  begin(job: number, time: number): DecisionExplanation {
    this.current = { time, kind: 'wait', candidates: [] };
    return this.current;
  }

  /** Completes the record with what was decided, and keeps it. */
  end(job: number, d: Decision, ctx: SchedulingContext): void {
    const ex = this.current;
    this.current = undefined;
    if (ex === undefined) return;
    ex.kind = d.kind;
    if (d.kind === 'start' || d.kind === 'enqueue') {
      ex.pool = ctx.pool(d.pool).name;
      if (d.node >= 0) ex.node = d.node;
    } else {
      ex.reason = d.reason;
    }
    this.keep(job, ex);
  }

  /** A decision recorded whole by its maker (a market's clearing), at `time`. */
  recorded(job: number, time: number, ex: DecisionExplanation): void {
    ex.time = time;
    this.keep(job, ex);
  }

  /** Keeps a decision recorded elsewhere (the brain's dispatch of the job). */
  record(job: number, ex: DecisionExplanation): void {
    this.keep(job, ex);
  }

  /** The job preempted others and, with their room, was started (or queued) after all. */
  preempted(job: number, time: number, d: Decision, ctx: SchedulingContext, victims: readonly string[]): void {
    if (d.kind !== 'start' && d.kind !== 'enqueue') return;
    const ex: DecisionExplanation = { time, kind: d.kind, pool: ctx.pool(d.pool).name, reason: `after preempting ${victims.join(', ')}`, candidates: [] };
    if (d.node >= 0) ex.node = d.node;
    this.keep(job, ex);
  }

  /** The job went back to the queue: preempted, or its node failed. */
  requeued(job: number, time: number, reason: string): void {
    if (this.wants(job)) this.keep(job, { time, kind: 'requeue', reason, candidates: [] });
  }

  /** Every watched job's explanation, in arrival order. */
  results(): JobExplanation[] {
    return [...this.byJob.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
  }

  private serialOf(job: number): number {
    return this.jobs.serial[job] as number;
  }

  private watch(job: number): void {
    if (this.wants(job)) return;
    const jobs = this.jobs;
    this.byJob.set(this.serialOf(job), {
      job: jobs.idOf(job),
      class: this.model.classes[jobs.cls[job] as number]?.name ?? '?',
      origin: this.model.regions[jobs.origin[job] as number]?.name ?? '?',
      arrival: jobs.arrival[job] as number,
      decisions: [],
    });
  }

  private keep(job: number, ex: DecisionExplanation): void {
    const record = this.byJob.get(this.serialOf(job));
    if (record === undefined) return;
    if (record.decisions.length < MAX_DECISIONS) {
      record.decisions.push(ex);
      return;
    }
    // Past the limit the latest decision replaces the one before it, so the last word is always there.
    record.decisions[MAX_DECISIONS - 1] = ex;
    record.droppedDecisions = (record.droppedDecisions ?? 0) + 1;
  }
}
