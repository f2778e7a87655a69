import type { FilterPlugin, Unfit } from '../framework.js';

const ASK_ABOVE_BID: Unfit = { reason: 'ask-above-bid' };
const ASK_NEVER_UNDER_BID: Unfit = { reason: 'ask-never-under-bid', never: true };

/**
 * The market's one rule for every policy and mechanism: a job never
 * starts where the pool's ask (its price per chip-hour now) exceeds the
 * job's bid. A pool whose lowest possible ask is above the bid is unfit for
 * good. Jobs without a bid take any ask.
 *
 * It is a built-in filter: the scheduling context applies it with the
 * budget (`affordable`, `fitsNow`), so that no policy — built-in, a user's
 * module, a batch mapping or a node-level packer — can start a job above
 * its bid; the framework records its reason when someone asks why, and the
 * call market's matching (`clearing.ts`) applies the same rule.
 */
export const bidFilter: FilterPlugin = {
  name: 'bid',
  filter(job, pool, ctx) {
    const bid = ctx.jobs.bid[job] as number;
    if (bid === Infinity) return undefined;
    if (ctx.pool(pool).price.minPrice > bid) return ASK_NEVER_UNDER_BID;
    return ctx.withinBid(job, pool) ? undefined : ASK_ABOVE_BID;
  },
};
