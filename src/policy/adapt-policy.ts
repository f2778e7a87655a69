import type { ChipModel, PoolModel } from '../model/cluster-model.js';
import { JobState } from '../model/job-table.js';
import { checkBatch, checkFilter, checkOrder, checkPlace, checkPreempt, checkScore, type HookCall, type PlaceResult } from './check-hook-result.js';
import { describeThrown } from './describe-value.js';
import { currentHookTracker } from './hook-tracker.js';
import { hookNames, type HookName, type JobView, type Policy, type PolicyContext, type PoolView, type Unfit } from './policy.js';
import { PolicyError } from './policy-error.js';
import { readPolicy } from './read-policy.js';
import type { BatchPlacement, Decision, PoolScore, Scheduler, SchedulingContext } from './scheduler.js';

/**
 * Turns a user's `Policy` (hooks over views) into a `Scheduler` (decisions
 * over indices). The pipeline, per job: `place` if the policy has it; else
 * the candidate pools that pass the built-in filters and fit now, then the
 * policy's `filter`, then `score` (normalised per part over the remaining
 * pools to 0..100, weighted and summed; ties to the pool declared first),
 * or the first remaining pool without a score.
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
  const callOf = (hook: HookName, job: number | undefined, ctx: SchedulingContext): HookCall => (calls.get(hook) as CallOf).about(job, ctx);

  const guard = <T>(hook: HookName, job: number | undefined, ctx: SchedulingContext, call: () => T): T => {
    tracker?.enter(slot, hook);
    try {
      return call();
    } catch (e) {
      const about = job === undefined ? '' : ` deciding job ${ctx.jobs.idOf(job)}`;
      throw new PolicyError(name, `${hook} threw${about}: ${describeThrown(e)}`, { cause: e });
    } finally {
      tracker?.leave();
    }
  };

  const scoreOf = (job: number, fitting: number[], ctx: SchedulingContext): PoolScore[] => {
    const v = viewsOf(ctx);
    const jobView = v.job(job);
    const raw = fitting.map((pool) => {
      const s = checkScore(
        guard('score', job, ctx, () => policy.score?.(jobView, v.pool(pool), v.context)),
        callOf('score', job, ctx),
      );
      return typeof s === 'number' ? { score: s } : s;
    });
    const parts = [...new Set(raw.flatMap((r) => Object.keys(r)))];
    const lower = new Set(policy.lowerIsBetter ?? []);
    const weights = parts.map((p) => policy.weights?.[p] ?? 1);
    const totalWeight = weights.reduce((a, b) => a + b, 0) || 1;
    const ranges = parts.map((p) => {
      const values = raw.map((r) => r[p] ?? 0);
      return { min: Math.min(...values), max: Math.max(...values) };
    });
    return fitting.map((pool, i) => {
      const named: Record<string, number> = {};
      let total = 0;
      parts.forEach((p, k) => {
        const { min, max } = ranges[k] as { min: number; max: number };
        const value = raw[i]?.[p] ?? 0;
        const s = max > min ? (100 * (lower.has(p) ? max - value : value - min)) / (max - min) : 100;
        named[p] = s;
        total += (weights[k] as number) * s;
      });
      return { pool, parts: named, total: total / totalWeight };
    });
  };

  /** Candidate pools that fit now and pass the policy's filter; and whether a filter held any back for now only. */
  const fittingPools = (job: number, ctx: SchedulingContext): { fitting: number[]; heldByFilter: boolean; unfit: string[]; never: number } => {
    const v = viewsOf(ctx);
    const fitting: number[] = [];
    const unfit: string[] = [];
    let heldByFilter = false;
    let never = 0;
    const candidates = ctx.candidates(job);
    for (let i = 0; i < candidates.length; i++) {
      const pool = candidates[i] as number;
      const verdict: Unfit | undefined =
        policy.filter === undefined
          ? undefined
          : checkFilter(
              guard('filter', job, ctx, () => policy.filter?.(v.job(job), v.pool(pool), v.context)),
              callOf('filter', job, ctx),
            );
      if (verdict !== undefined) {
        unfit.push(verdict.reason);
        if (verdict.never === true) never++;
        else heldByFilter = true;
        continue;
      }
      if (ctx.fitsNow(job, pool)) fitting.push(pool);
    }
    return { fitting, heldByFilter, unfit, never };
  };

  const decide = (job: number, ctx: SchedulingContext, out: Decision): void => {
    const v = viewsOf(ctx);
    if (policy.place !== undefined) {
      const placed = checkPlace(
        guard('place', job, ctx, () => policy.place?.(v.job(job), v.context)),
        callOf('place', job, ctx),
        ctx.model.pools.length,
      );
      applyPlacement(placed, job, ctx, out, name);
      return;
    }
    const { fitting, heldByFilter, unfit, never } = fittingPools(job, ctx);
    if (fitting.length === 0) {
      const candidates = ctx.candidates(job).length;
      if (candidates > 0 && never === candidates) out.reject(`filter: ${[...new Set(unfit)].join('; ')}`);
      // Only a wait for room alone may mark the pools full: a filter that held any pool back says nothing about room.
      else out.wait(!heldByFilter && never === 0 && ctx.jobs.budget[job] === Infinity);
      return;
    }
    if (policy.score === undefined) {
      out.start(fitting[0] as number);
      return;
    }
    let best = -1;
    let bestTotal = -Infinity;
    for (const s of scoreOf(job, fitting, ctx)) {
      if (s.total > bestTotal) {
        bestTotal = s.total;
        best = s.pool;
      }
    }
    out.start(best);
  };

  const batch =
    policy.batch === undefined
      ? undefined
      : (jobs: readonly number[], ctx: SchedulingContext): BatchPlacement[] => {
          const v = viewsOf(ctx);
          const placements = guard('batch', undefined, ctx, () => policy.batch?.(jobs.map((j) => v.job(j)), v.context));
          return checkBatch(placements, callOf('batch', undefined, ctx), jobs, ctx.model.pools.length);
        };

  const preempt =
    policy.preempt === undefined
      ? undefined
      : (job: number, ctx: SchedulingContext): { victims: number[]; pool: number } | undefined => {
          const v = viewsOf(ctx);
          const chosen = guard('preempt', job, ctx, () => policy.preempt?.(v.job(job), v.context));
          const victims = checkPreempt(chosen, callOf('preempt', job, ctx), (j) => ctx.jobs.state[j] === JobState.Running);
          return victims.length === 0 ? undefined : { victims, pool: -1 };
        };

  const order = policy.order;
  return {
    name,
    description: policy.description ?? 'a user policy',
    strictOrder: policy.strictOrder === true,
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
    explain: (job, ctx) => scoreOf(job, fittingPools(job, ctx).fitting, ctx),
  };
}

/** Which call a hook's answer came from (`HookCall`), for the checks' messages; the job's id is read only when asked. */
class CallOf implements HookCall {
  private jobIndex: number | undefined;
  private ctx: SchedulingContext | undefined;

  constructor(
    readonly policy: string,
    readonly hook: HookName,
  ) {}

  about(job: number | undefined, ctx: SchedulingContext): this {
    this.jobIndex = job;
    this.ctx = ctx;
    return this;
  }

  get job(): string | undefined {
    return this.jobIndex === undefined ? undefined : this.ctx?.jobs.idOf(this.jobIndex);
  }
}

function applyPlacement(placed: PlaceResult, job: number, ctx: SchedulingContext, out: Decision, name: string): void {
  if (placed.kind === 'wait') {
    out.wait(false);
    return;
  }
  if (placed.kind === 'reject') {
    out.reject(placed.reason);
    return;
  }
  const pool = placed.pool;
  if (!ctx.candidates(job).includes(pool)) throw new PolicyError(name, `placed job ${ctx.jobs.idOf(job)} on pool ${ctx.pool(pool).name}, which it may not use (chip or latency circle)`);
  if (placed.mode === 'enqueue') out.enqueue(pool);
  else if (ctx.fitsNow(job, pool)) out.start(pool);
  else out.wait(false);
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
      rttMs: (job, pool) => ctx.rttMs(job.index, pool.index),
      transferS: (job, pool) => ctx.transferS(job.index, pool.index),
      runtimeS: (job, pool) => ctx.runtimeS(job.index, pool.index),
      expectedWaitS: (pool) => ctx.expectedWaitS(pool.index),
      completionS: (job, pool) => ctx.completionS(job.index, pool.index),
      expectedCost: (job, pool) => ctx.expectedCost(job.index, pool.index),
      fitsNow: (job, pool) => ctx.fitsNow(job.index, pool.index),
      candidates: (job) => Array.from(ctx.candidates(job.index), (p) => views.pools[p] as PoolView),
      running: () => Array.from({ length: ctx.running.size }, (_, i) => views.job(ctx.running.at(i))),
    };
  }

  pool(index: number): PoolView {
    return this.pools[index] as PoolView;
  }

  job(index: number): JobView {
    return jobView(index, this.ctx);
  }
}

function jobView(index: number, ctx: SchedulingContext): JobView {
  const jobs = ctx.jobs;
  const cls = ctx.model.classes[jobs.cls[index] as number];
  const running = jobs.state[index] === JobState.Running;
  return {
    index,
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
    inputGB: jobs.inputGB[index] as number,
    // Only a running job has a pool and a start: one put back in the queue (preempted, its node failed) keeps stale ones in the table.
    pool: running ? ctx.model.pools[jobs.pool[index] as number]?.name : undefined,
    start: running ? (jobs.start[index] as number) : Number.NaN,
  };
}

function poolView(p: PoolModel, ctx: SchedulingContext): PoolView {
  const chip = ctx.model.chips[p.chip] as ChipModel;
  const site = ctx.model.sites[p.site];
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
      return (ctx.state.capacity[p.index]?.freeMilli ?? 0) / 1000;
    },
    get freeWholeNodes() {
      return ctx.state.capacity[p.index]?.freeWholeNodes ?? 0;
    },
    get load() {
      return ctx.load(p.index);
    },
    get pricePerChipHour() {
      return p.price.priceAt(ctx.now);
    },
    get localQueueLength() {
      return ctx.queues.localLength(p.index);
    },
  };
}
