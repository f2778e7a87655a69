import { waitFor } from './choose.js';
import { PolicyError } from './policy-error.js';
import type { PoolScore, Scheduler, SchedulingContext } from './scheduler.js';

/** Score parts of cost-latency: each a raw figure where lower is better. */
const PARTS = ['cost', 'latency', 'time'] as const;
type Part = (typeof PARTS)[number];

/**
 * Cost-latency, manychip's flagship policy. Hard constraints first: the
 * job's latency circle and budget (built in), then its deadline: a pool
 * where the job could not complete by its deadline even starting now is
 * out, and a job that no pool could complete in time is rejected. Among the
 * pools with room, each is scored on three parts, as in the Kubernetes
 * scheduling framework: expected cost (chips × price over the estimated run
 * + data fees), RTT from the job's origin, and expected completion time
 * (transfer + estimated runtime). Each part is normalised over the
 * candidates to 0..100 (100 for the best), weighted by
 * `policyOptions.weights` (default 1 each) and summed; the best total wins,
 * ties to the pool declared first. `explain` gives the breakdown.
 */
export function costLatency(options: { remember?: boolean } = {}): Scheduler {
  // Off only to check, in tests, that remembering choices never changes one.
  const remember = options.remember ?? true;
  let weights: Record<Part, number> = { cost: 1, latency: 1, time: 1 };
  let raw = new Float64Array(0);
  let fits = new Int32Array(0);
  const ranges = new Float64Array(6);

  /** Whether the last `gather` left out a pool with room only because of the deadline. */
  let heldByDeadline = false;

  /**
   * Choices remembered per (class, origin), with the room version they
   * were made under (see `memoizable`); -1: none yet.
   */
  let memoVersion = new Int32Array(0);
  let memoPool = new Int32Array(0);

  /**
   * Raw parts of every pool with room where the job would finish in time,
   * into `raw` (3 per pool); returns how many. A job shaped like its class
   * reads the per-(class, pool) and per-(origin, pool) tables; others go
   * through the general estimates.
   */
  const gather = (job: number, ctx: SchedulingContext, unit: boolean): number => {
    const pools = ctx.candidates(job);
    if (fits.length < pools.length) {
      fits = new Int32Array(pools.length);
      raw = new Float64Array(pools.length * 3);
    }
    const jobs = ctx.jobs;
    const due = ctx.due(job);
    const typical = ctx.typical(job);
    const P = ctx.poolCount;
    const cp = (jobs.cls[job] as number) * P;
    const op = (jobs.origin[job] as number) * P;
    // In unit mode times and costs are per second of estimate: the normalised
    // scores do not change with the scale (see `memoizable`).
    const estimate = unit ? 1 : (jobs.estimate[job] as number);
    const gb = jobs.inputGB[job] as number;
    // Room is read straight from the pools' root maxima for a typical job
    // without a budget on a pool that tracks only chips: one load each.
    const quickRoom = typical && jobs.budget[job] === Infinity;
    const milli = jobs.milli[job] as number;
    const whole = milli >= 1000;
    const { maxWholeChips, maxChipFree } = ctx.state;
    const { gang, chipsOnly, speed, transferPerGB, feePerGB, heldChips, pricePerSecond } = ctx;
    heldByDeadline = false;
    let n = 0;
    for (let i = 0; i < pools.length; i++) {
      const pool = pools[i] as number;
      const room =
        quickRoom && gang[cp + pool] === 0 && chipsOnly[cp + pool] === 1
          ? whole
            ? (maxWholeChips[pool] as number) * 1000 >= milli
            : (maxChipFree[pool] as number) >= milli
          : ctx.fitsNow(job, pool);
      if (!room) continue;
      let time: number;
      let cost: number;
      const perSecond = pricePerSecond[pool] as number;
      if (typical && perSecond === perSecond) {
        // The same arithmetic as the general path (BuiltinFilters.expectedCost), to the bit.
        time = (gb === 0 ? 0 : gb * (transferPerGB[op + pool] as number)) + estimate / (speed[cp + pool] as number);
        cost = (heldChips[cp + pool] as number) * perSecond * time + (gb === 0 ? 0 : gb * (feePerGB[op + pool] as number));
      } else {
        time = ctx.transferS(job, pool) + ctx.runtimeS(job, pool);
        cost = ctx.expectedCost(job, pool);
      }
      if (ctx.now + time > due) {
        heldByDeadline = true;
        continue;
      }
      const rtt = ctx.rtt[op + pool] as number;
      fits[n] = pool;
      raw[3 * n] = cost;
      raw[3 * n + 1] = rtt;
      raw[3 * n + 2] = time;
      // Each part's range, for the normalisation, gathered on the way.
      if (n === 0) {
        ranges[0] = ranges[1] = cost;
        ranges[2] = ranges[3] = rtt;
        ranges[4] = ranges[5] = time;
      } else {
        if (cost < (ranges[0] as number)) ranges[0] = cost;
        if (cost > (ranges[1] as number)) ranges[1] = cost;
        if (rtt < (ranges[2] as number)) ranges[2] = rtt;
        if (rtt > (ranges[3] as number)) ranges[3] = rtt;
        if (time < (ranges[4] as number)) ranges[4] = time;
        if (time > (ranges[5] as number)) ranges[5] = time;
      }
      n++;
    }
    return n;
  };

  /** Min-max normalised score, 100 for the lowest raw value; all equal → 100. */
  const normalised = (part: number, k: number, n: number): number => {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = raw[3 * i + part] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return flatRange(min, max) ? 100 : (100 * (max - (raw[3 * k + part] as number))) / (max - min);
  };

  /**
   * Whether the choice for this job depends on the set of pools with room
   * alone, so that it can be remembered per (class, origin). It does for a
   * job of its class's size with no budget, no input data and no deadline,
   * at constant prices, in a class whose room is read from chip maxima:
   * then RTT is fixed per pool, and cost and time are the job's estimate
   * times a fixed per-pool figure, and min-max normalisation cancels that
   * factor. Such jobs are scored per second of estimate (unit mode),
   * remembered or not, so remembering never changes a choice.
   */
  const memoizable = (job: number, ctx: SchedulingContext): boolean => {
    const jobs = ctx.jobs;
    return (
      (ctx.roomWatch[jobs.cls[job] as number] as number) >= 0 &&
      ctx.constantPrices &&
      jobs.budget[job] === Infinity &&
      jobs.inputGB[job] === 0 &&
      jobs.due[job] === Infinity &&
      ctx.typical(job)
    );
  };

  const neverInTime = (job: number, ctx: SchedulingContext): boolean => {
    const due = ctx.due(job);
    if (due === Infinity) return false;
    const pools = ctx.candidates(job);
    for (let i = 0; i < pools.length; i++) {
      const pool = pools[i] as number;
      if (ctx.now + ctx.transferS(job, pool) + ctx.runtimeS(job, pool) <= due) return false;
    }
    return true;
  };

  return {
    name: 'cost-latency',
    description: 'hard circle, budget and deadline; then weighted normalised cost, RTT and completion time',
    strictOrder: false,
    prepare(ctx) {
      const w = ctx.options.weights;
      if (w !== undefined) weights = { ...weights, ...readWeights(w) };
      const slots = ctx.model.classes.length * ctx.model.regions.length;
      memoVersion = new Int32Array(slots).fill(-1);
      memoPool = new Int32Array(slots);
    },
    decide(job, ctx, out) {
      const unit = memoizable(job, ctx);
      let slot = -1;
      let version = 0;
      if (unit) {
        const jobs = ctx.jobs;
        slot = (jobs.cls[job] as number) * ctx.model.regions.length + (jobs.origin[job] as number);
        version = ctx.state.roomVersion[ctx.roomWatch[jobs.cls[job] as number] as number] as number;
        if (remember && memoVersion[slot] === version) {
          const pool = memoPool[slot] as number;
          if (pool >= 0) out.start(pool);
          else waitFor(job, ctx, out);
          return;
        }
      }
      const n = gather(job, ctx, unit);
      if (n === 0) {
        if (unit) {
          memoVersion[slot] = version;
          memoPool[slot] = -1;
        }
        if (neverInTime(job, ctx)) out.reject('deadline-infeasible');
        else if (heldByDeadline) out.wait(false);
        else waitFor(job, ctx, out);
        return;
      }
      // Each part normalised over the candidates to 0..100 (100 for the lowest), weighted, summed.
      let best = -1;
      let bestTotal = -Infinity;
      const total = weights.cost + weights.latency + weights.time;
      const kc = scale(ranges[0] as number, ranges[1] as number, weights.cost);
      const kl = scale(ranges[2] as number, ranges[3] as number, weights.latency);
      const kt = scale(ranges[4] as number, ranges[5] as number, weights.time);
      // A part with a single value gives every candidate 100.
      const flat =
        (flatRange(ranges[0] as number, ranges[1] as number) ? 100 * weights.cost : 0) +
        (flatRange(ranges[2] as number, ranges[3] as number) ? 100 * weights.latency : 0) +
        (flatRange(ranges[4] as number, ranges[5] as number) ? 100 * weights.time : 0);
      const hc = ranges[1] as number;
      const hl = ranges[3] as number;
      const ht = ranges[5] as number;
      for (let i = 0; i < n; i++) {
        const score =
          (flat + kc * (hc - (raw[3 * i] as number)) + kl * (hl - (raw[3 * i + 1] as number)) + kt * (ht - (raw[3 * i + 2] as number))) / total;
        if (score > bestTotal) {
          bestTotal = score;
          best = fits[i] as number;
        }
      }
      // Scores that are all NaN (endless work: an infinite time and cost everywhere) leave the first pool with room.
      if (best < 0) best = fits[0] as number;
      if (unit) {
        memoVersion[slot] = version;
        memoPool[slot] = best;
      }
      out.start(best);
    },
    explain(job, ctx) {
      const n = gather(job, ctx, memoizable(job, ctx));
      const total = weights.cost + weights.latency + weights.time;
      const scores: PoolScore[] = [];
      for (let k = 0; k < n; k++) {
        const parts: Record<string, number> = {};
        let sum = 0;
        PARTS.forEach((part, p) => {
          const s = normalised(p, k, n);
          parts[part] = s;
          sum += weights[part] * s;
        });
        scores.push({ pool: fits[k] as number, parts, total: sum / total });
      }
      return scores;
    },
  };
}

function readWeights(w: unknown): Partial<Record<Part, number>> {
  const out: Partial<Record<Part, number>> = {};
  if (w === null || typeof w !== 'object') throw new PolicyError('cost-latency', 'policyOptions.weights must map cost, latency and time to numbers');
  for (const [k, v] of Object.entries(w)) {
    if (!(PARTS as readonly string[]).includes(k)) {
      throw new PolicyError('cost-latency', `policyOptions.weights.${k} is not one of its parts — known: ${PARTS.join(', ')}`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new PolicyError('cost-latency', `policyOptions.weights.${k} must be a number >= 0`);
    out[k as Part] = v;
  }
  if (PARTS.every((p) => out[p] === 0)) throw new PolicyError('cost-latency', 'policyOptions.weights must not all be 0');
  return out;
}

/**
 * Points per unit of a raw part: 100 · weight over the part's range, or 0
 * when the candidates' values are all the same. Values a rounding error
 * apart count as the same, so that an ulp of difference never swings a
 * part by 100 points.
 */
function scale(lo: number, hi: number, weight: number): number {
  return flatRange(lo, hi) ? 0 : (100 * weight) / (hi - lo);
}

function flatRange(lo: number, hi: number): boolean {
  return hi - lo <= 1e-9 * Math.max(Math.abs(lo), Math.abs(hi));
}
