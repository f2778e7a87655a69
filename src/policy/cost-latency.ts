import { definePolicy, type ChoiceMemo, type Gathered } from './framework.js';
import type { JobId, PoolId } from './ids.js';
import { PolicyError } from './policy-error.js';
import { costScore, deadlineFilter, latencyScore, timeScore } from './plugins.js';
import type { Scheduler } from './scheduler.js';
import type { SchedulingContext } from './scheduling-context.js';

/** Score parts of cost-latency, in plugin order: each a raw figure where lower is better. */
const PARTS = ['cost', 'latency', 'time'] as const;
type Part = (typeof PARTS)[number];

/**
 * Cost-latency, manychip's flagship policy, on the framework: the built-in
 * constraints (circle, budget, room), a deadline filter (a pool where the
 * job could not complete by its deadline even starting now is out; a job
 * that no pool could complete in time is rejected), and three score
 * plugins: expected cost (chips × price over the estimated run + data
 * fees), RTT from the job's origin, and time to complete once started
 * (transfer + estimated runtime), weighted by `policyOptions.weights`
 * (default 1 each).
 *
 * Two speed-ups, each held by a property test to the plain plugins: a
 * fused gather that reads the raw parts of a job shaped like its class
 * from per-(class, pool) tables, and a memo of choices per (class, origin)
 * that holds while the set of pools with room is unchanged.
 */
export function costLatency(options: { remember?: boolean; fused?: boolean } = {}): Scheduler {
  // Off only to check, in tests, that remembering choices or fusing the gather never changes one.
  const remember = options.remember ?? true;
  const fuse = options.fused ?? true;
  /** Choices remembered per (class, origin), with the room version they were made under; -1: none yet. */
  let memoVersion = new Int32Array(0);
  let memoPool = new Int32Array(0);
  // Whether the job last asked about is memoizable: recall, the fused gather and store each need it for one decision.
  let lastJob = -1;
  let lastMemoizable = false;
  const memoizableNow = (job: JobId, ctx: SchedulingContext): boolean => {
    if (job !== lastJob) {
      lastJob = job;
      lastMemoizable = memoizable(job, ctx);
    }
    return lastMemoizable;
  };

  const memo: ChoiceMemo = {
    recall(job, ctx) {
      if (!remember || !memoizableNow(job, ctx)) return undefined;
      const slot = memoSlot(job, ctx);
      return memoVersion[slot] === roomVersion(job, ctx) ? (memoPool[slot] as number) : undefined;
    },
    store(job, ctx, pool) {
      if (!memoizableNow(job, ctx)) return;
      const slot = memoSlot(job, ctx);
      memoVersion[slot] = roomVersion(job, ctx);
      memoPool[slot] = pool;
    },
  };

  return definePolicy({
    name: 'cost-latency',
    description: 'hard circle, budget and deadline; then weighted normalised cost, RTT and completion time',
    filters: [deadlineFilter],
    scores: [costScore, latencyScore, timeScore],
    weights: readWeights,
    ...(fuse ? { fused: (job: JobId, ctx: SchedulingContext, into: Gathered) => fusedGather(job, ctx, into, memoizableNow(job, ctx)) } : {}),
    memo,
    prepare(ctx) {
      lastJob = -1;
      const slots = ctx.model.classes.length * ctx.model.regions.length;
      memoVersion = new Int32Array(slots).fill(-1);
      memoPool = new Int32Array(slots);
    },
  });
}

/**
 * Whether the choice for this job depends on the set of pools with room
 * alone, so that it can be remembered per (class, origin). It does for a
 * job of its class's size with no budget, no bid, no input data and no deadline,
 * at constant prices, in a class whose room is read from chip maxima:
 * then RTT is fixed per pool, and cost and time are the job's estimate
 * times a fixed per-pool figure, and min-max normalisation cancels that
 * factor. Such jobs are scored per second of estimate (unit mode) by the
 * fused gather, remembered or not, so remembering never changes a choice.
 */
function memoizable(job: JobId, ctx: SchedulingContext): boolean {
  const jobs = ctx.jobs;
  return (
    (ctx.roomWatch[jobs.cls[job] as number] as number) >= 0 &&
    ctx.constantPrices &&
    jobs.budget[job] === Infinity &&
    jobs.bid[job] === Infinity &&
    jobs.inputGB[job] === 0 &&
    jobs.due[job] === Infinity &&
    ctx.typical(job)
  );
}

function memoSlot(job: JobId, ctx: SchedulingContext): number {
  return (ctx.jobs.cls[job] as number) * ctx.model.regions.length + (ctx.jobs.origin[job] as number);
}

function roomVersion(job: JobId, ctx: SchedulingContext): number {
  return ctx.state.roomVersion[ctx.roomWatch[ctx.jobs.cls[job] as number] as number] as number;
}

/**
 * The raw parts of every pool with room where a job shaped like its class
 * would finish in time, read from the per-(class, pool) and per-(origin,
 * pool) tables: the same arithmetic as the plugins, to the bit, except in
 * unit mode (see `memoizable`), where times and costs are per second of
 * estimate. Other jobs are left to the plugins.
 */
function fusedGather(job: JobId, ctx: SchedulingContext, into: Gathered, unit: boolean): boolean {
  if (!ctx.typical(job)) return false;
  const jobs = ctx.jobs;
  const P = ctx.poolCount;
  const cp = (jobs.cls[job] as number) * P;
  const { gang, chipsOnly, speed, transferPerGB, feePerGB, heldChips, pricePerSecond } = ctx;
  // Varying prices go through the price curve: the plugins do that.
  const pools = ctx.candidates(job);
  if (!ctx.constantPrices) for (let i = 0; i < pools.length; i++) if (Number.isNaN(pricePerSecond[pools[i] as number] as number)) return false;
  into.reserve(pools.length);
  const due = ctx.due(job);
  const op = (jobs.origin[job] as number) * P;
  const estimate = unit ? 1 : (jobs.estimate[job] as number);
  const gb = jobs.inputGB[job] as number;
  // Over a shared network a transfer depends on the flows under way: the plugins ask the network.
  if (gb > 0 && ctx.sharedNetwork) return false;
  // Room is read straight from the pools' root maxima for a job without a
  // budget or a bid on a pool that tracks only chips: one load each.
  const quickRoom = jobs.budget[job] === Infinity && jobs.bid[job] === Infinity;
  const milli = jobs.milli[job] as number;
  const whole = milli >= 1000;
  const { maxWholeChips, maxChipFree } = ctx.state;
  const out = into.pools;
  const raw = into.raw;
  const reservation = ctx.reservation;
  let n = 0;
  let costLo = Infinity;
  let costHi = -Infinity;
  let rttLo = Infinity;
  let rttHi = -Infinity;
  let timeLo = Infinity;
  let timeHi = -Infinity;
  for (let i = 0; i < pools.length; i++) {
    const pool = pools[i] as PoolId;
    const room =
      quickRoom && gang[cp + pool] === 0 && chipsOnly[cp + pool] === 1
        ? whole
          ? (maxWholeChips[pool] as number) * 1000 >= milli
          : (maxChipFree[pool] as number) >= milli
        : ctx.fitsNow(job, pool);
    if (!room) continue;
    if (reservation !== undefined && reservation.pool === pool) return false;
    const time = (gb === 0 ? 0 : gb * (transferPerGB[op + pool] as number)) + estimate / (speed[cp + pool] as number);
    const cost = (heldChips[cp + pool] as number) * (pricePerSecond[pool] as number) * time + (gb === 0 ? 0 : gb * (feePerGB[op + pool] as number));
    if (ctx.now + time > due) continue;
    const rtt = ctx.rtt[op + pool] as number;
    out[n] = pool;
    raw[3 * n] = cost;
    raw[3 * n + 1] = rtt;
    raw[3 * n + 2] = time;
    // Each part's range, for the normalisation, kept on the way.
    if (n === 0) {
      costLo = costHi = cost;
      rttLo = rttHi = rtt;
      timeLo = timeHi = time;
    } else {
      if (cost < costLo) costLo = cost;
      if (cost > costHi) costHi = cost;
      if (rtt < rttLo) rttLo = rtt;
      if (rtt > rttHi) rttHi = rtt;
      if (time < timeLo) timeLo = time;
      if (time > timeHi) timeHi = time;
    }
    n++;
  }
  into.n = n;
  const { lo, hi } = into;
  lo[0] = costLo;
  hi[0] = costHi;
  lo[1] = rttLo;
  hi[1] = rttHi;
  lo[2] = timeLo;
  hi[2] = timeHi;
  into.rangesKnown = true;
  return true;
}

function readWeights(options: Readonly<Record<string, unknown>>): number[] {
  return readPartWeights(options.weights, 'policyOptions.weights', (m) => new PolicyError('cost-latency', m));
}

/**
 * Weights of cost, latency and time, in that order, from an options value
 * (`{ cost?, latency?, time? }`, each a number >= 0, not all 0; default 1
 * each); `field` names it in messages and `fail` makes the error.
 */
export function readPartWeights(w: unknown, field: string, fail: (message: string) => Error): number[] {
  const weights: Record<Part, number> = { cost: 1, latency: 1, time: 1 };
  if (w === undefined) return PARTS.map((p) => weights[p]);
  if (w === null || typeof w !== 'object') throw fail(`${field} must map cost, latency and time to numbers`);
  for (const [k, v] of Object.entries(w)) {
    if (!(PARTS as readonly string[]).includes(k)) {
      throw fail(`${field}.${k} is not one of its parts — known: ${PARTS.join(', ')}`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw fail(`${field}.${k} must be a number >= 0`);
    weights[k as Part] = v;
  }
  if (PARTS.every((p) => weights[p] === 0)) throw fail(`${field} must not all be 0`);
  return PARTS.map((p) => weights[p]);
}
