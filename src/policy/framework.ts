import type { Decision } from './decision.js';
import { WaitReason } from './decision.js';
import type { CandidateExplanation, DecisionExplanation } from '../model/explanation.js';
import type { IdList, JobId, PoolId } from './ids.js';
import { PolicyError } from './policy-error.js';
import { bidFilter } from './market/bid-filter.js';
import type { BatchPlacement, Ordering, Scheduler } from './scheduler.js';
import type { Reservation, SchedulingContext } from './scheduling-context.js';

/**
 * The scheduling framework: every policy, built-in or a user's, is a set of
 * plugins at fixed extension points, as in the Kubernetes scheduling
 * framework. For one job:
 *
 * 1. **Filter.** The built-in filters first (the job's candidate pools: a
 *    chip that runs it, inside its circle, nodes big enough; then room now
 *    and its budget, or only its budget when the policy binds jobs to local
 *    queues; and the pass's reservation, if any), then the policy's filter
 *    plugins. A refusal carries a reason and says whether the pool can
 *    never suit the job.
 * 2. **Score.** Each score plugin gives every pool that passed a raw figure
 *    in its own unit (dollars, ms, seconds).
 * 3. **Normalise, weight, sum** — written once, here (`normalisedTotals`):
 *    each part is mapped to 0..100 over the passing pools (100 for the best
 *    value; a part whose values all lie within a relative 1e-9 of each other,
 *    or less than 1e-290 apart, is flat and gives every pool 100), multiplied by its weight, summed,
 *    and divided by the sum of the weights.
 * 4. **Select.** The highest total wins; equal totals go to the policy's
 *    tie-break plugin (lowest raw value), then to the pool declared first.
 *    A policy may replace this step (random, round-robin).
 *
 * With no pool passing, the job is rejected if every candidate was refused
 * for good, and waits otherwise. When someone asked why (`--explain`), the
 * same code records every filter's reasons and every part's raw,
 * normalised and weighted value as it decides.
 */

/** Why a pool does not suit a job. */
export interface Unfit {
  readonly reason: string;
  /** True when the pool can never suit the job (time only moves on), not just now. */
  readonly never?: boolean;
}

/** A hard constraint beyond the built-in ones. */
export interface FilterPlugin {
  readonly name: string;
  /** Why the pool is unfit for the job now, or undefined. */
  filter(job: JobId, pool: PoolId, ctx: SchedulingContext): Unfit | undefined;
}

/** A figure to rank pools by, in its own unit. */
export interface ScorePlugin {
  readonly name: string;
  /** Which raw values are better: the normalisation gives them 100. */
  readonly better: 'lower' | 'higher';
  score(job: JobId, pool: PoolId, ctx: SchedulingContext): number;
}

/**
 * Chooses among the pools that passed, by index into `pools` (0..n-1);
 * `totals` holds each one's normalised, weighted total (empty without score
 * plugins).
 */
export interface Selector {
  /** How it chooses, for explanations. */
  readonly rule: string;
  select(job: JobId, pools: Int32Array, totals: Float64Array, n: number, ctx: SchedulingContext): number;
}

/**
 * Raw scores gathered in one fused pass instead of plugin by plugin, for
 * speed on the common path. It must give exactly the pools and raw values
 * the plugins give (a property test holds each one to that). Returns false
 * to leave this job to the plugins.
 */
export type FusedGather = (job: JobId, ctx: SchedulingContext, into: Gathered) => boolean;

/**
 * A policy's memory of choices that depend only on which pools have room:
 * `recall` gives the choice made last time for a job like this one (a pool,
 * or -1 for wait) while it still holds, or undefined to decide afresh;
 * `store` keeps the choice just made. A property test holds each memo to
 * never changing a decision.
 */
export interface ChoiceMemo {
  recall(job: JobId, ctx: SchedulingContext): number | undefined;
  store(job: JobId, ctx: SchedulingContext, pool: number): void;
}

/** What a policy is made of. */
export interface PolicySpec {
  readonly name: string;
  readonly description: string;
  /** 'strict': head-of-line blocking (FCFS); default 'open'. */
  readonly ordering?: Ordering;
  /** Queue order (negative: a first); default arrival order. */
  readonly order?: (a: JobId, b: JobId, ctx: SchedulingContext) => number;
  /**
   * 'start' (default): only pools with room now pass, and the job starts on
   * the winner. 'bind': every pool within budget passes, and the job starts
   * on the winner if it has room and nobody is queued there, else joins its
   * local queue (immediate-mode heuristics: MET, MCT, OLB).
   */
  readonly placement?: 'start' | 'bind';
  readonly filters?: readonly FilterPlugin[];
  readonly scores?: readonly ScorePlugin[];
  /** Weights of the score plugins, in their order, from the scenario's `policyOptions`; default 1 each. */
  readonly weights?: (options: Readonly<Record<string, unknown>>) => readonly number[];
  /** Settles equal totals before declaration order does: the lowest raw value wins. */
  readonly tieBreak?: ScorePlugin;
  /** Replaces the highest-total selection. */
  readonly select?: () => Selector;
  readonly fused?: FusedGather;
  readonly memo?: ChoiceMemo;
  /** Per-run set-up beyond weights (read options, make per-run state). */
  readonly prepare?: (ctx: SchedulingContext) => void;
  readonly batch?: (jobs: readonly JobId[], ctx: SchedulingContext) => BatchPlacement[];
  readonly preempt?: (job: JobId, ctx: SchedulingContext) => { victims: JobId[]; pool: PoolId } | undefined;
  readonly reserve?: (job: JobId, ctx: SchedulingContext) => Reservation;
}

/** The pools that passed the filters and their raw scores (part-major per pool: `raw[i * parts + s]`). */
export class Gathered {
  pools = new Int32Array(16);
  raw = new Float64Array(16);
  n = 0;
  /**
   * Each part's least and greatest raw value over the `n` pools, when the
   * gatherer kept them on the way (a fused gather does, saving the
   * normalisation a pass); `rangesKnown` says whether it did.
   */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  rangesKnown = false;

  constructor(readonly parts: number) {
    this.lo = new Float64Array(parts);
    this.hi = new Float64Array(parts);
  }

  /** Makes room for `count` pools. */
  reserve(count: number): void {
    if (this.pools.length < count) this.pools = new Int32Array(count);
    if (this.raw.length < count * this.parts) this.raw = new Float64Array(count * Math.max(this.parts, 1));
  }
}

/** The normalised parts of the last `normalisedTotals` call, for explanations. */
interface PartScales {
  lo: Float64Array;
  hi: Float64Array;
  scale: Float64Array;
  weights: Float64Array;
  higher: Uint8Array;
}

/**
 * The one normalisation: each part min–max normalised over the `n` pools to
 * 0..100 (100 for the best), weighted, summed, divided by the sum of the
 * weights, into `totals`. A part whose values lie within a relative 1e-9 of
 * each other (or less than 1e-290 apart) is flat: every pool gets 100 for it, so that a rounding error
 * never swings a part by 100 points. Infinite values (endless work) stand
 * outside the range of the finite ones: the worse infinity gets 0 points,
 * the better 100, and a part infinite everywhere is flat. Written as points
 * per unit times the distance from the worst value, so that fused paths can
 * match it bit for bit.
 */
export function normalisedTotals(raw: Float64Array, n: number, scales: PartScales, totals: Float64Array, known?: Gathered): void {
  const parts = scales.weights.length;
  const { lo, hi, scale, weights, higher } = scales;
  let weightSum = 0;
  let flat = 0;
  let infinite = false;
  const ranges = known !== undefined && known.rangesKnown ? known : undefined;
  for (let s = 0; s < parts; s++) {
    weightSum += weights[s] as number;
    let min = Infinity;
    let max = -Infinity;
    if (ranges !== undefined) {
      min = ranges.lo[s] as number;
      max = ranges.hi[s] as number;
    } else {
      for (let k = s; k < n * parts; k += parts) {
        const v = raw[k] as number;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    // Infinities (rare: endless work) stand outside the range: take it again over the finite values.
    if (min === -Infinity || max === Infinity) {
      infinite = true;
      min = Infinity;
      max = -Infinity;
      for (let k = s; k < n * parts; k += parts) {
        const v = raw[k] as number;
        if (v === Infinity || v === -Infinity) continue;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    lo[s] = min;
    hi[s] = max;
    const w = weights[s] as number;
    // No finite value at all: every pool is as good as the others on this part.
    const isFlat = min > max || flatRange(min, max);
    flat += isFlat ? 100 * w : 0;
    scale[s] = isFlat ? 0 : (100 * w) / (max - min);
  }
  if (parts === 3 && !infinite) {
    // The three-part case (cost-latency) with its scales in locals: the same sums, in the same order.
    const s0 = scale[0] as number, s1 = scale[1] as number, s2 = scale[2] as number;
    const l0 = lo[0] as number, l1 = lo[1] as number, l2 = lo[2] as number;
    const h0 = hi[0] as number, h1 = hi[1] as number, h2 = hi[2] as number;
    const u0 = higher[0] === 1, u1 = higher[1] === 1, u2 = higher[2] === 1;
    for (let i = 0, k = 0; i < n; i++, k += 3) {
      const v0 = raw[k] as number;
      const v1 = raw[k + 1] as number;
      const v2 = raw[k + 2] as number;
      totals[i] = (flat + s0 * (u0 ? v0 - l0 : h0 - v0) + s1 * (u1 ? v1 - l1 : h1 - v1) + s2 * (u2 ? v2 - l2 : h2 - v2)) / weightSum;
    }
    return;
  }
  totals.fill(flat, 0, n);
  // Part by part, in part order: each total is the same sum, in the same order, as adding a pool's parts in turn.
  for (let s = 0; s < parts; s++) {
    const sc = scale[s] as number;
    const l = lo[s] as number;
    const h = hi[s] as number;
    const up = higher[s] === 1;
    for (let i = 0, k = s; i < n; i++, k += parts) {
      const v = raw[k] as number;
      if (infinite && (v === Infinity || v === -Infinity)) totals[i] = (totals[i] as number) + infinitePoints(v, s, scales);
      else totals[i] = (totals[i] as number) + sc * (up ? v - l : h - v);
    }
  }
  for (let i = 0; i < n; i++) totals[i] = (totals[i] as number) / weightSum;
}

/** What an infinite value adds on top of the flat share: the worse infinity 0 points, the better 100. */
function infinitePoints(v: number, s: number, scales: PartScales): number {
  const w = scales.weights[s] as number;
  const noFinite = (scales.lo[s] as number) > (scales.hi[s] as number);
  if (noFinite) return 0;
  const best = (v === Infinity) === (scales.higher[s] === 1);
  const flatShare = scales.scale[s] === 0 ? 100 * w : 0;
  return best ? 100 * w - flatShare : -flatShare;
}

/**
 * Ranks the `n` pools and returns the winner's index (-1 when every total is
 * NaN), with `totals` filled for explanations. With one part the
 * normalisation is monotone, so the raw values are compared directly: the
 * same order without the normalisation's rounding, and ties are exact
 * equalities. With several, the highest normalised total wins. Ties go to
 * the lowest index (the pool declared first).
 */
export function rank(raw: Float64Array, n: number, scales: PartScales, totals: Float64Array, explaining: boolean, known?: Gathered): number {
  if (scales.weights.length !== 1) {
    normalisedTotals(raw, n, scales, totals, known);
    return highestTotal(totals, n);
  }
  if (explaining) normalisedTotals(raw, n, scales, totals);
  const higher = scales.higher[0] === 1;
  let best = 0;
  let bestValue = raw[0] as number;
  for (let i = 1; i < n; i++) {
    const v = raw[i] as number;
    if (higher ? v > bestValue : v < bestValue) {
      best = i;
      bestValue = v;
    }
  }
  return n === 0 ? -1 : best;
}

/**
 * Whether values from `lo` to `hi` are one value up to rounding (relative
 * 1e-9), or lie so close together (less than 1e-290 apart, subnormal
 * territory) that points per unit of the part would overflow to infinity.
 */
export function flatRange(lo: number, hi: number): boolean {
  const width = hi - lo;
  return width <= 1e-9 * Math.max(Math.abs(lo), Math.abs(hi)) || width < 1e-290;
}

/** The highest total, ties to the lowest index; -1 when every total is NaN. */
export function highestTotal(totals: Float64Array, n: number): number {
  let best = -1;
  let bestTotal = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = totals[i] as number;
    if (t > bestTotal) {
      bestTotal = t;
      best = i;
    }
  }
  return best;
}

/** Makes the scratch tables of a policy with `parts` score parts. */
export function partScales(parts: number): PartScales {
  return {
    lo: new Float64Array(parts),
    hi: new Float64Array(parts),
    scale: new Float64Array(parts),
    weights: new Float64Array(parts).fill(1),
    higher: new Uint8Array(parts),
  };
}

/** Records one candidate's parts into an explanation, as `normalisedTotals` weighed them. */
export function explainParts(names: readonly string[], raw: Float64Array, i: number, scales: PartScales): CandidateExplanation['parts'] {
  const parts = names.length;
  return names.map((name, s) => {
    const v = raw[i * parts + s] as number;
    const lo = scales.lo[s] as number;
    const hi = scales.hi[s] as number;
    const w = scales.weights[s] as number;
    const isFlat = flatRange(lo, hi);
    const fromWorst = scales.higher[s] === 1 ? v - lo : hi - v;
    return {
      name,
      raw: v,
      normalised: isFlat ? 100 : (100 * fromWorst) / (hi - lo),
      weighted: isFlat ? 100 * w : (scales.scale[s] as number) * fromWorst,
    };
  });
}

/**
 * The built-in selection: the best by `rank`, ties to the tie-break plugin
 * (lowest raw value), then to the pool declared first. Ties are equal
 * totals, or with one part, equal raw values.
 */
function highestSelector(tieBreak: ScorePlugin | undefined, ranked: () => number, parts: number, raw: () => Float64Array): Selector {
  return {
    rule: tieBreak === undefined ? 'highest total; ties to the pool declared first' : `highest total; ties to the lowest ${tieBreak.name}, then the pool declared first`,
    select(job, pools, totals, n, ctx) {
      const best = ranked();
      if (best < 0 || tieBreak === undefined) return best;
      const values = parts === 1 ? raw() : totals;
      const top = values[best] as number;
      let chosen = best;
      let key = tieBreak.score(job, pools[best] as PoolId, ctx);
      for (let i = best + 1; i < n; i++) {
        if (values[i] !== top) continue;
        const k = tieBreak.score(job, pools[i] as PoolId, ctx);
        if (k < key) {
          key = k;
          chosen = i;
        }
      }
      return chosen;
    },
  };
}

/** Turns a policy's plugins into the scheduler the simulation runs. */
export function definePolicy(spec: PolicySpec): Scheduler {
  const filters = spec.filters ?? [];
  const scores = spec.scores ?? [];
  const names = scores.map((s) => s.name);
  const placement = spec.placement ?? 'start';
  const gathered = new Gathered(scores.length);
  const scales = partScales(scores.length);
  scores.forEach((s, i) => (scales.higher[i] = s.better === 'higher' ? 1 : 0));
  let totals = new Float64Array(16);
  let explaining = false;
  const ranked = (): number => (scores.length === 0 ? (gathered.n > 0 ? 0 : -1) : rank(gathered.raw, gathered.n, scales, totals, explaining, gathered));
  const defaultSelector = (): Selector => highestSelector(spec.tieBreak, ranked, scores.length, () => gathered.raw);
  let selector = spec.select?.() ?? defaultSelector();
  const plainRank = spec.select === undefined && spec.tieBreak === undefined;

  // Without scores or a selector of its own, the first pool that passes wins: no need to look further.
  const firstWins = scores.length === 0 && spec.select === undefined;

  /** Every candidate through the built-in and plugin filters; the survivors' raw scores into `gathered`. */
  const gather = (job: JobId, ctx: SchedulingContext, candidates: IdList<PoolId>): void => {
    gathered.reserve(candidates.length);
    const { pools, raw } = gathered;
    const parts = scores.length;
    let n = 0;
    for (let i = 0; i < candidates.length && !(firstWins && n > 0); i++) {
      const pool = candidates[i] as PoolId;
      if (placement === 'start' ? !ctx.fitsNow(job, pool) : !ctx.affordable(job, pool)) continue;
      if (ctx.reservation !== undefined && delaysReservation(job, pool, ctx, ctx.reservation)) continue;
      let unfit = false;
      for (let f = 0; f < filters.length && !unfit; f++) unfit = (filters[f] as FilterPlugin).filter(job, pool, ctx) !== undefined;
      if (unfit) continue;
      pools[n] = pool;
      for (let s = 0; s < parts; s++) raw[n * parts + s] = (scores[s] as ScorePlugin).score(job, pool, ctx);
      n++;
    }
    gathered.n = n;
    gathered.rangesKnown = false;
  };

  /** The same as `gather`, with every reason of every refusal and every part recorded. */
  const gatherExplained = (job: JobId, ctx: SchedulingContext, candidates: IdList<PoolId>, ex: DecisionExplanation): void => {
    gathered.reserve(candidates.length);
    const { pools, raw } = gathered;
    const parts = scores.length;
    let n = 0;
    for (let i = 0; i < candidates.length; i++) {
      const pool = candidates[i] as PoolId;
      const refused: string[] = [];
      builtinRefusals(job, pool, ctx, placement === 'start', refused);
      if (ctx.reservation !== undefined && delaysReservation(job, pool, ctx, ctx.reservation)) refused.push(`would delay job ${ctx.idOf(ctx.reservation.job)}, reserved to start at ${ctx.reservation.at}`);
      for (const f of filters) {
        const u = f.filter(job, pool, ctx);
        if (u !== undefined) refused.push(`${f.name}: ${u.reason}${u.never === true ? ' (never)' : ''}`);
      }
      ex.candidates.push({ pool: ctx.pool(pool).name, refused, parts: [] });
      if (refused.length > 0) continue;
      pools[n] = pool;
      for (let s = 0; s < parts; s++) raw[n * parts + s] = (scores[s] as ScorePlugin).score(job, pool, ctx);
      n++;
    }
    gathered.n = n;
    gathered.rangesKnown = false;
  };

  /** No pool passed: reject if every candidate is refused for good, else wait. */
  const none = (job: JobId, ctx: SchedulingContext, candidates: IdList<PoolId>, out: Decision): void => {
    const reason = foreverReason(job, ctx, candidates, filters);
    if (reason !== undefined) out.reject(reason);
    // The precise reason costs a scan: worked out only when someone asks why.
    else out.wait(ctx.explanation === undefined ? WaitReason.noPool : waitReason(job, ctx, candidates, placement));
  };

  const choose = (job: JobId, ctx: SchedulingContext): number => {
    const n = gathered.n;
    if (totals.length < n) totals = new Float64Array(Math.max(n, totals.length * 2));
    if (scores.length === 0) totals.fill(0, 0, n);
    explaining = ctx.explanation !== undefined;
    // The built-in selection without a tie-break is `rank` itself: called directly on the hot path.
    const k = plainRank && scores.length > 0 ? rank(gathered.raw, n, scales, totals, explaining, gathered) : selector.select(job, gathered.pools, totals, n, ctx);
    // Totals that are all NaN (endless work: infinite times and costs everywhere) leave the first pool that passed.
    return k < 0 ? 0 : k;
  };

  const carry = (job: JobId, pool: PoolId, ctx: SchedulingContext, out: Decision): void => {
    if (placement === 'bind' && !(ctx.localQueueLength(pool) === 0 && ctx.fitsNow(job, pool))) out.enqueue(pool);
    else out.start(pool);
  };

  const decideExplained = (job: JobId, ctx: SchedulingContext, out: Decision, ex: DecisionExplanation): void => {
    const candidates = ctx.candidates(job);
    gatherExplained(job, ctx, candidates, ex);
    if (gathered.n === 0) {
      none(job, ctx, candidates, out);
      return;
    }
    const k = choose(job, ctx);
    const pools = gathered.pools;
    // Candidates that passed, in order, are the explanation's entries without refusals.
    let passed = 0;
    ex.candidates.forEach((c, index) => {
      if (c.refused.length > 0) return;
      if (scores.length > 0) {
        c.parts = explainParts(names, gathered.raw, passed, scales);
        c.total = totals[passed] as number;
      }
      if (passed === k) ex.winner = index;
      passed++;
    });
    ex.rule = scores.length === 0 && spec.select === undefined ? 'the first pool that passed, in declaration order' : selector.rule;
    carry(job, pools[k] as PoolId, ctx, out);
  };

  const decide = (job: JobId, ctx: SchedulingContext, out: Decision): void => {
    const ex = ctx.explanation;
    if (ex !== undefined) {
      decideExplained(job, ctx, out, ex);
      return;
    }
    const memo = spec.memo;
    if (memo !== undefined) {
      const remembered = memo.recall(job, ctx);
      if (remembered !== undefined) {
        if (remembered >= 0) carry(job, remembered as PoolId, ctx, out);
        else out.wait(WaitReason.noPool);
        return;
      }
    }
    if (spec.fused === undefined || !spec.fused(job, ctx, gathered)) gather(job, ctx, ctx.candidates(job));
    if (gathered.n === 0) {
      none(job, ctx, ctx.candidates(job), out);
      if (memo !== undefined && out.kind === 'wait') memo.store(job, ctx, -1);
      return;
    }
    // Without scores the first pool that passed wins: nothing to rank.
    const pool = (firstWins ? gathered.pools[0] : gathered.pools[choose(job, ctx)]) as PoolId;
    memo?.store(job, ctx, pool);
    carry(job, pool, ctx, out);
  };

  return {
    name: spec.name,
    description: spec.description,
    ordering: spec.ordering ?? 'open',
    compare: spec.order,
    decide,
    prepare(ctx) {
      selector = spec.select?.() ?? defaultSelector();
      if (spec.weights !== undefined) {
        const w = spec.weights(ctx.options);
        if (w.length !== scores.length) throw new PolicyError(spec.name, `expected ${scores.length} weights, got ${w.length}`);
        scales.weights.set(w);
      }
      spec.prepare?.(ctx);
    },
    batch: spec.batch,
    preempt: spec.preempt,
    reserve: spec.reserve,
  };
}

/**
 * Why the built-in filters refuse the pool now, in the words explanations
 * use, into `into`: no room (when `room` is asked about), over budget, the
 * ask above the bid.
 */
export function builtinRefusals(job: JobId, pool: PoolId, ctx: SchedulingContext, room: boolean, into: string[]): void {
  if (room && !ctx.hasRoom(job, pool)) into.push(WaitReason.noRoom);
  if (!ctx.withinBudget(job, pool)) into.push(WaitReason.overBudget);
  const bid = bidFilter.filter(job, pool, ctx);
  if (bid !== undefined) into.push(`${bidFilter.name}: ${bid.reason}${bid.never === true ? ' (never)' : ''}`);
}

/**
 * Whether starting the job on the pool now would delay the reserved job:
 * on the reserved pool, ending (by its estimate) after the reserved start,
 * and taking more chips than the reservation leaves spare.
 */
export function delaysReservation(job: JobId, pool: PoolId, ctx: SchedulingContext, r: Reservation): boolean {
  if (pool !== r.pool) return false;
  if (ctx.now + ctx.transferS(job, pool) + ctx.runtimeS(job, pool) <= r.at) return false;
  return ctx.heldMilli(job, pool) > r.spareMilli;
}

/**
 * Why the job can never start on any of its candidates, when each is
 * refused for good by some filter; undefined when one might suit it later.
 * Every filter is asked (not only the first that refused): a pool full now
 * may still be unfit for ever.
 */
export function foreverReason(job: JobId, ctx: SchedulingContext, candidates: IdList<PoolId>, filters: readonly FilterPlugin[]): string | undefined {
  if (candidates.length === 0 || filters.length === 0) return undefined;
  let reasons: string[] | undefined;
  for (let i = 0; i < candidates.length; i++) {
    const pool = candidates[i] as PoolId;
    let never: string | undefined;
    for (let f = 0; f < filters.length && never === undefined; f++) {
      const u = (filters[f] as FilterPlugin).filter(job, pool, ctx);
      if (u !== undefined && u.never === true) never = u.reason;
    }
    if (never === undefined) return undefined;
    if (reasons === undefined) reasons = [never];
    else if (!reasons.includes(never)) reasons.push(never);
  }
  return reasons?.join('; ');
}

/** Why a job that found no pool waits: no room anywhere, or its budget, or a filter. */
function waitReason(job: JobId, ctx: SchedulingContext, candidates: IdList<PoolId>, placement: 'start' | 'bind'): string {
  if (placement === 'bind') return ctx.jobs.bid[job] === Infinity ? WaitReason.overBudget : `${WaitReason.overBudget} or ${WaitReason.askAboveBid}`;
  for (let i = 0; i < candidates.length; i++) {
    const pool = candidates[i] as PoolId;
    if (!ctx.hasRoom(job, pool)) continue;
    if (!ctx.withinBid(job, pool)) return WaitReason.askAboveBid;
    return ctx.withinBudget(job, pool) ? 'held back by a filter' : WaitReason.overBudget;
  }
  return WaitReason.noRoom;
}
