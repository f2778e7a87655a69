import type { ChipModel, PoolModel } from '../model/cluster-model.js';
import { JobState } from '../model/job-table.js';
import { checkBatch, checkFilter, checkOrder, checkPlace, checkPreempt, checkScore, jobIndex, type HookCall, type PlaceResult } from './check-hook-result.js';
import { describeThrown } from './describe-value.js';
import { currentHookTracker } from './hook-tracker.js';
import { WaitReason, type Decision } from './decision.js';
import type { CandidateExplanation } from '../model/explanation.js';
import { builtinRefusals, explainParts, foreverReason, partScales, rank, type FilterPlugin } from './framework.js';
import type { JobId, PoolId } from './ids.js';
import { hookNames, type HookName, type JobView, type Policy, type PolicyContext, type PoolView, type Unfit } from './policy.js';
import { PolicyError } from './policy-error.js';
import { readPolicy } from './read-policy.js';
import type { BatchPlacement, Scheduler } from './scheduler.js';
import type { SchedulingContext } from './scheduling-context.js';

/**
 * Compiles a user's `Policy` (hooks over views) onto the scheduling
 * framework. Per job: `place` if the policy has it; else the candidate
 * pools through the user's `filter` (as a filter plugin) and the built-in
 * room and budget filters, then the user's `score` (a number, or named
 * parts) through the framework's one normalisation, weights and
 * highest-total selection (ties to the pool declared first), or the first
 * pool that passed without a score. With no pool passing, the job is
 * rejected if the filter refused every candidate for good, and waits
 * otherwise.
 *
 * The policy object is read once (`readPolicy`). Anything a hook throws,
 * and anything it returns that it may not (`check-hook-result.ts`), stops
 * the run with a `PolicyError` naming the policy, the hook and the job it
 * was deciding. When the thread runs under a time limit (a `HookTracker`
 * is installed), each hook call is recorded on entry and exit, so that a
 * hook that never returns can be named.
 */
export function adaptPolicy(given: Policy): Scheduler {
  const policy = readPolicy(given, 'user-policy');
  const name = policy.name;
  let views: Views | undefined;
  const viewsOf = (ctx: SchedulingContext): Views => (views ??= new Views(ctx));
  const tracker = currentHookTracker();
  const slot = tracker?.slotOf(name) ?? -1;
  // One description per hook, reused call after call: the job's id is looked up only for a message.
  const calls = new Map(hookNames.map((hook) => [hook, new CallOf(name, hook)]));
  const callOf = (hook: HookName, job: JobId | undefined, ctx: SchedulingContext): HookCall => (calls.get(hook) as CallOf).about(job, ctx);

  const guard = <T>(hook: HookName, job: JobId | undefined, ctx: SchedulingContext, call: () => T): T => {
    tracker?.enter(slot, hook);
    try {
      return call();
    } catch (e) {
      const about = job === undefined ? '' : ` deciding job ${ctx.idOf(job)}`;
      throw new PolicyError(name, `${hook} threw${about}: ${describeThrown(e)}`, { cause: e });
    } finally {
      tracker?.leave();
    }
  };

  const userFilter: FilterPlugin | undefined =
    policy.filter === undefined
      ? undefined
      : {
          name: 'filter',
          filter(job, pool, ctx) {
            const v = viewsOf(ctx);
            const verdict = checkFilter(
              guard('filter', job, ctx, () => policy.filter?.(v.job(job), v.pool(pool), v.context)),
              callOf('filter', job, ctx),
            );
            return verdict === undefined ? undefined : { reason: `filter: ${String(verdict.reason)}`, never: verdict.never === true };
          },
        };
  const filters = userFilter === undefined ? [] : [userFilter];

  let fitting = new Int32Array(16);
  let totals = new Float64Array(16);

  /** Candidates that pass the user's filter and have room now, into `fitting`; returns how many. */
  const gather = (job: JobId, ctx: SchedulingContext, rows: CandidateExplanation[] | undefined): number => {
    const candidates = ctx.candidates(job);
    if (fitting.length < candidates.length) fitting = new Int32Array(candidates.length * 2);
    let n = 0;
    for (let i = 0; i < candidates.length; i++) {
      const pool = candidates[i] as PoolId;
      const unfit: Unfit | undefined = userFilter?.filter(job, pool, ctx);
      const refused: string[] = [];
      if (unfit !== undefined) refused.push(`${unfit.reason}${unfit.never === true ? ' (never)' : ''}`);
      if (rows !== undefined) {
        builtinRefusals(job, pool, ctx, true, refused);
        rows.push({ pool: ctx.pool(pool).name, refused, parts: [] });
        if (refused.length > 0) continue;
      } else if (unfit !== undefined || !ctx.fitsNow(job, pool)) continue;
      fitting[n++] = pool;
    }
    return n;
  };

  /** The user's scores of the pools that passed, normalised, weighted and summed; returns the winner's index. */
  const scoreAndSelect = (job: JobId, n: number, ctx: SchedulingContext, rows: CandidateExplanation[] | undefined): number => {
    const v = viewsOf(ctx);
    const jobView = v.job(job);
    const given = Array.from(fitting.subarray(0, n), (pool) => {
      const s = checkScore(
        guard('score', job, ctx, () => policy.score?.(jobView, v.pool(pool as PoolId), v.context)),
        callOf('score', job, ctx),
      );
      return typeof s === 'number' ? { score: s } : s;
    });
    const parts = [...new Set(given.flatMap((r) => Object.keys(r)))];
    const lower = new Set(policy.lowerIsBetter ?? []);
    const raw = new Float64Array(n * parts.length);
    given.forEach((r, i) => parts.forEach((p, s) => (raw[i * parts.length + s] = Number(r[p] ?? 0))));
    const scales = partScales(parts.length);
    parts.forEach((p, s) => {
      scales.weights[s] = policy.weights?.[p] ?? 1;
      scales.higher[s] = lower.has(p) ? 0 : 1;
    });
    if (totals.length < n) totals = new Float64Array(n * 2);
    const k = rank(raw, n, scales, totals, rows !== undefined);
    if (rows !== undefined) {
      let passed = 0;
      for (const row of rows) {
        if (row.refused.length > 0) continue;
        row.parts = explainParts(parts, raw, passed, scales);
        row.total = totals[passed] as number;
        passed++;
      }
    }
    // Totals that are all NaN leave the first pool that passed.
    return k < 0 ? 0 : k;
  };

  const decide = (job: JobId, ctx: SchedulingContext, out: Decision): void => {
    const v = viewsOf(ctx);
    const ex = ctx.explanation;
    if (policy.place !== undefined) {
      const placed = checkPlace(
        guard('place', job, ctx, () => policy.place?.(v.job(job), v.context)),
        callOf('place', job, ctx),
        ctx.model.pools.length,
      );
      applyPlacement(placed, job, ctx, out, name);
      if (ex !== undefined) ex.rule = 'the policy’s place hook';
      return;
    }
    const rows = ex?.candidates;
    const n = gather(job, ctx, rows);
    if (n === 0) {
      const reason = foreverReason(job, ctx, ctx.candidates(job), filters);
      if (reason !== undefined) out.reject(reason);
      else out.wait(WaitReason.noPool);
      return;
    }
    const k = policy.score === undefined ? 0 : scoreAndSelect(job, n, ctx, rows);
    if (ex !== undefined) {
      ex.rule = policy.score === undefined ? 'the first pool that passed, in declaration order' : 'highest total; ties to the pool declared first';
      let passed = 0;
      ex.candidates.forEach((row, index) => {
        if (row.refused.length > 0) return;
        if (passed === k) ex.winner = index;
        passed++;
      });
    }
    out.start(fitting[k] as PoolId);
  };

  const batch =
    policy.batch === undefined
      ? undefined
      : (jobs: readonly JobId[], ctx: SchedulingContext): BatchPlacement[] => {
          const v = viewsOf(ctx);
          const placements = guard('batch', undefined, ctx, () => policy.batch?.(jobs.map((j) => v.job(j)), v.context));
          return checkBatch(placements, callOf('batch', undefined, ctx), jobs, ctx.model.pools.length, slotOfEntry).map((p) => ({ job: p.job as JobId, pool: p.pool as PoolId, mode: p.mode }));
        };

  const preempt =
    policy.preempt === undefined
      ? undefined
      : (job: JobId, ctx: SchedulingContext): { victims: JobId[]; pool: PoolId } | undefined => {
          const v = viewsOf(ctx);
          const chosen = guard('preempt', job, ctx, () => policy.preempt?.(v.job(job), v.context));
          const victims = checkPreempt(chosen, callOf('preempt', job, ctx), (j) => ctx.jobs.state[j] === JobState.Running, slotOfEntry);
          return victims.length === 0 ? undefined : { victims: victims as JobId[], pool: -1 as PoolId };
        };

  const order = policy.order;
  return {
    name,
    description: policy.description ?? 'a user policy',
    ordering: policy.strictOrder === true ? 'strict' : 'open',
    compare:
      order === undefined
        ? undefined
        : (a, b, ctx) => {
            const v = viewsOf(ctx);
            return checkOrder(
              guard('order', a, ctx, () => order(v.job(a), v.job(b))),
              callOf('order', a, ctx),
            );
          },
    decide,
    batch,
    preempt,
  };
}

/** Which call a hook's answer came from (`HookCall`), for the checks' messages; the job's id is read only when asked. */
class CallOf implements HookCall {
  private jobIndex: JobId | undefined;
  private ctx: SchedulingContext | undefined;

  constructor(
    readonly policy: string,
    readonly hook: HookName,
  ) {}

  about(job: JobId | undefined, ctx: SchedulingContext): this {
    this.jobIndex = job;
    this.ctx = ctx;
    return this;
  }

  get job(): string | undefined {
    return this.jobIndex === undefined ? undefined : this.ctx?.idOf(this.jobIndex);
  }
}

function applyPlacement(placed: PlaceResult, job: JobId, ctx: SchedulingContext, out: Decision, name: string): void {
  if (placed.kind === 'wait') {
    out.wait('the policy’s place hook said wait');
    return;
  }
  if (placed.kind === 'reject') {
    out.reject(placed.reason);
    return;
  }
  const pool = placed.pool as PoolId;
  if (!ctx.candidates(job).includes(pool)) throw new PolicyError(name, `placed job ${ctx.idOf(job)} on pool ${ctx.pool(pool).name}, which it may not use (chip or latency circle)`);
  if (placed.mode === 'enqueue') out.enqueue(pool);
  else if (ctx.fitsNow(job, pool)) out.start(pool);
  else out.wait(`the policy placed it on ${ctx.pool(pool).name}, which has no room now`);
}

/** Views over the live state: one per pool, made once; one per job, made when asked (cheap, read-through). */
class Views {
  readonly pools: PoolView[];
  readonly context: PolicyContext;

  constructor(private readonly ctx: SchedulingContext) {
    this.pools = ctx.model.pools.map((p) => poolView(p, ctx));
    const views = this;
    this.context = {
      get now() {
        return ctx.now;
      },
      pools: this.pools,
      options: ctx.options,
      random: () => ctx.random(),
      rttMs: (job, pool) => ctx.rttMs(slotOf(job), pool.index as PoolId),
      transferS: (job, pool) => ctx.transferS(slotOf(job), pool.index as PoolId),
      outputTransferS: (job, pool) => ctx.outputTransferS(slotOf(job), pool.index as PoolId),
      runtimeS: (job, pool) => ctx.runtimeS(slotOf(job), pool.index as PoolId),
      expectedWaitS: (pool) => ctx.expectedWaitS(pool.index as PoolId),
      completionS: (job, pool) => ctx.completionS(slotOf(job), pool.index as PoolId),
      expectedCost: (job, pool) => ctx.expectedCost(slotOf(job), pool.index as PoolId),
      fitsNow: (job, pool) => ctx.fitsNow(slotOf(job), pool.index as PoolId),
      candidates: (job) => Array.from(ctx.candidates(slotOf(job)), (p) => views.pools[p] as PoolView),
      running: () => Array.from({ length: ctx.running.size }, (_, i) => views.job(ctx.running.at(i))),
    };
  }

  pool(index: PoolId): PoolView {
    return this.pools[index] as PoolView;
  }

  job(index: JobId): JobView {
    return jobView(index, this.ctx);
  }
}

/**
 * The job table slot behind each view handed to a user policy (issue 20):
 * a view's `index` is the job's place in arrival order, which stays the
 * job's own in a run that recycles the slots of finished jobs.
 */
const slots = new WeakMap<JobView, JobId>();

/** The slot of a job view; an object the policy made itself is taken at its `index` (the slot, in a run that keeps its jobs). */
function slotOf(view: JobView): JobId {
  return slots.get(view) ?? (view.index as JobId);
}

/** The slot of what a hook returned as a job (checked: a view it was given, or an object with a whole-number index); undefined if it is none. */
function slotOfEntry(entry: unknown): number | undefined {
  const known = entry !== null && typeof entry === 'object' ? slots.get(entry as JobView) : undefined;
  return known ?? jobIndex(entry);
}

/** A job as user policies see it (estimates, never the true work). */
export function jobView(index: JobId, ctx: SchedulingContext): JobView {
  const jobs = ctx.jobs;
  const cls = ctx.model.classes[jobs.cls[index] as number];
  const running = jobs.state[index] === JobState.Running;
  const view: JobView = {
    index: jobs.serial[index] as number,
    id: jobs.idOf(index),
    class: cls?.name ?? '?',
    origin: ctx.model.regions[jobs.origin[index] as number]?.name ?? '?',
    arrival: jobs.arrival[index] as number,
    chips: (jobs.milli[index] as number) / 1000,
    estimate: jobs.estimate[index] as number,
    priority: cls?.priority ?? 0,
    preemptible: cls?.preemptible ?? false,
    due: jobs.due[index] as number,
    budget: jobs.budget[index] as number,
    bid: jobs.bid[index] as number,
    spot: jobs.spot[index] === 1,
    inputGB: jobs.inputGB[index] as number,
    // Only a running job has a pool and a start: one put back in the queue (preempted, its node failed) keeps stale ones in the table.
    pool: running ? ctx.model.pools[jobs.pool[index] as number]?.name : undefined,
    start: running ? (jobs.start[index] as number) : Number.NaN,
  };
  slots.set(view, index);
  return view;
}

function poolView(p: PoolModel, ctx: SchedulingContext): PoolView {
  const chip = ctx.model.chips[p.chip] as ChipModel;
  const site = ctx.model.sites[p.site];
  const pool = p.index as PoolId;
  return {
    index: p.index,
    name: p.name,
    site: site?.name ?? '?',
    provider: site?.provider ?? 'default',
    chip: chip.name,
    chipKind: chip.kind,
    nodes: p.nodes,
    chipsPerNode: p.chipsPerNode,
    get freeChips() {
      return ctx.capacity(pool).freeMilli / 1000;
    },
    get freeWholeNodes() {
      return ctx.capacity(pool).freeWholeNodes;
    },
    get load() {
      return ctx.load(pool);
    },
    get pricePerChipHour() {
      return p.price.priceAt(ctx.now);
    },
    get localQueueLength() {
      return ctx.localQueueLength(pool);
    },
    elastic: ctx.elastic(pool),
  };
}
