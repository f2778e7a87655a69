import type { FilterPlugin, Unfit } from './framework.js';

const MISSES_DEADLINE: Unfit = { reason: 'expected-to-miss-deadline' };
const DEADLINE_INFEASIBLE: Unfit = { reason: 'deadline-infeasible', never: true };

/**
 * The deadline of deadline- and budget-constrained (DBC) scheduling
 * (Buyya et al.): a pool is out when the job, by its estimate, would not
 * complete there by its deadline — after the pool's expected wait (its
 * ready time), the move of its input and its run. It is out for good when
 * even starting now, with no wait, it would be late (time only moves on).
 */
export const dbcDeadlineFilter: FilterPlugin = {
  name: 'deadline',
  filter(job, pool, ctx) {
    const due = ctx.due(job);
    if (due === Infinity) return undefined;
    if (ctx.now + ctx.transferS(job, pool) + ctx.runtimeS(job, pool) > due) return DEADLINE_INFEASIBLE;
    return ctx.now + ctx.completionS(job, pool) > due ? MISSES_DEADLINE : undefined;
  },
};
