import type { FilterPlugin, ScorePlugin } from './framework.js';

/**
 * The built-in policies' plugins. Score plugins give raw figures in their
 * own units; the framework normalises them. Each reads only estimates and
 * public facts through the scheduling context.
 */

/** Expected cost, $: chips held × the price over the estimated run, plus data fees. */
export const costScore: ScorePlugin = { name: 'cost', better: 'lower', score: (job, pool, ctx) => ctx.expectedCost(job, pool) };

/** Round-trip time from the job's origin to the pool's site, ms. */
export const latencyScore: ScorePlugin = { name: 'latency', better: 'lower', score: (job, pool, ctx) => ctx.rttMs(job, pool) };

/** Seconds from start to completion on the pool: moving the input, then the estimated runtime. */
export const timeScore: ScorePlugin = { name: 'time', better: 'lower', score: (job, pool, ctx) => ctx.transferS(job, pool) + ctx.runtimeS(job, pool) };

/** Seconds from now to completion: the pool's expected wait (none if the job fits now and nobody is queued), transfer, runtime. */
export const completionScore: ScorePlugin = { name: 'completion', better: 'lower', score: (job, pool, ctx) => ctx.completionS(job, pool) };

/** Seconds from now until the job's result is back at its origin: its completion (wait, input transfer, runtime), then its output's way back. */
export const deliveryScore: ScorePlugin = { name: 'delivery', better: 'lower', score: (job, pool, ctx) => ctx.completionS(job, pool) + ctx.outputTransferS(job, pool) };

/** Estimated runtime on the pool's chip, s. */
export const runtimeScore: ScorePlugin = { name: 'runtime', better: 'lower', score: (job, pool, ctx) => ctx.runtimeS(job, pool) };

/** Seconds until the pool is expected to be ready for more work (its ready time, from estimates). */
export const readinessScore: ScorePlugin = { name: 'ready-in', better: 'lower', score: (_job, pool, ctx) => ctx.expectedWaitS(pool) };

/** Fraction of the pool's chips allocated now. */
export const loadScore: ScorePlugin = { name: 'load', better: 'lower', score: (_job, pool, ctx) => ctx.load(pool) };

/**
 * The job's deadline: a pool where it could not complete by its deadline
 * even starting now is out, for good (time only moves on).
 */
export const deadlineFilter: FilterPlugin = {
  name: 'deadline',
  filter(job, pool, ctx) {
    const due = ctx.due(job);
    if (due === Infinity) return undefined;
    return ctx.now + ctx.transferS(job, pool) + ctx.runtimeS(job, pool) > due ? DEADLINE_INFEASIBLE : undefined;
  },
};

const DEADLINE_INFEASIBLE = { reason: 'deadline-infeasible', never: true } as const;
