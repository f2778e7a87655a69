// A user policy for manychip: send each job where it is expected to cost
// least, but never to a pool already more than 90% allocated, and break ties
// by the lower RTT.
//
//   manychip run scenarios/quickstart.yaml --policy examples/policies/cheap-not-full.js
//
// A policy is a default export of this shape (see docs/policies.md). Every
// hook is optional; manychip's built-in filters (the chip can run the job,
// its latency circle, its budget, room now) always apply first.

/** @type {import('manychip').Policy} */
export default {
  name: 'cheap-not-full',
  description: 'cheapest expected cost among pools below 90% load, then nearest',

  // A hard constraint: return why a pool is unfit, or nothing.
  filter(job, pool) {
    if (pool.load > 0.9) return { reason: 'pool over 90% allocated' };
    return undefined;
  },

  // Named score parts are each normalised to 0..100 over the pools that
  // passed the filters (inverted here: lower cost and RTT are better),
  // weighted and summed. The highest total wins; ties go to the pool
  // declared first.
  score(job, pool, ctx) {
    return { cost: ctx.expectedCost(job, pool), rtt: ctx.rttMs(job, pool) };
  },
  lowerIsBetter: ['cost', 'rtt'],
  weights: { cost: 3, rtt: 1 },
};
