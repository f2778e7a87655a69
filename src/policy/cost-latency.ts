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
export function costLatency(): Scheduler {
  let weights: Record<Part, number> = { cost: 1, latency: 1, time: 1 };
  let raw = new Float64Array(0);
  let fits = new Int32Array(0);
  const ranges = new Float64Array(6);

  /** Raw parts of every fitting pool in time, into `raw` (3 per pool); returns how many. */
  const gather = (job: number, ctx: SchedulingContext): number => {
    const pools = ctx.candidates(job);
    if (fits.length < pools.length) {
      fits = new Int32Array(pools.length);
      raw = new Float64Array(pools.length * 3);
    }
    const due = ctx.due(job);
    let n = 0;
    for (let i = 0; i < pools.length; i++) {
      const pool = pools[i] as number;
      if (!ctx.fitsNow(job, pool)) continue;
      const time = ctx.transferS(job, pool) + ctx.runtimeS(job, pool);
      if (ctx.now + time > due) continue;
      fits[n] = pool;
      raw[3 * n] = ctx.expectedCost(job, pool);
      raw[3 * n + 1] = ctx.rttMs(job, pool);
      raw[3 * n + 2] = time;
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
    return max > min ? (100 * (max - (raw[3 * k + part] as number))) / (max - min) : 100;
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
    },
    decide(job, ctx, out) {
      const n = gather(job, ctx);
      if (n === 0) {
        if (neverInTime(job, ctx)) out.reject('deadline-infeasible');
        else waitFor(job, ctx, out);
        return;
      }
      // Normalising needs each part's range first; the three ranges are found in one pass each.
      let best = -1;
      let bestTotal = -Infinity;
      const wc = weights.cost;
      const wl = weights.latency;
      const wt = weights.time;
      const total = wc + wl + wt;
      for (let part = 0; part < 3; part++) {
        let min = Infinity;
        let max = -Infinity;
        for (let i = 0; i < n; i++) {
          const v = raw[3 * i + part] as number;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        ranges[2 * part] = min;
        ranges[2 * part + 1] = max;
      }
      for (let i = 0; i < n; i++) {
        let score = 0;
        for (let part = 0; part < 3; part++) {
          const min = ranges[2 * part] as number;
          const max = ranges[2 * part + 1] as number;
          const s = max > min ? (100 * (max - (raw[3 * i + part] as number))) / (max - min) : 100;
          score += (part === 0 ? wc : part === 1 ? wl : wt) * s;
        }
        score /= total;
        if (score > bestTotal) {
          bestTotal = score;
          best = fits[i] as number;
        }
      }
      out.start(best);
    },
    explain(job, ctx) {
      const n = gather(job, ctx);
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
