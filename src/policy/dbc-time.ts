import { dbcDeadlineFilter } from './dbc-deadline.js';
import { definePolicy } from './framework.js';
import { completionScore, costScore } from './plugins.js';
import type { Scheduler } from './scheduler.js';

/**
 * DBC time optimisation (Buyya et al., Nimrod-G and GridSim's economic
 * broker): each job is bound to the pool where it is expected to complete
 * soonest — after the pool's expected wait, the move of its input and its
 * run — among those within its budget and its deadline; equal completion
 * goes to the cheaper. On the framework: bind placement, the DBC deadline
 * filter, one score plugin, completion, with cost as the tie-break.
 */
export function dbcTime(): Scheduler {
  return definePolicy({
    name: 'dbc-time',
    description: 'DBC time optimisation: the earliest expected completion within budget and deadline',
    placement: 'bind',
    filters: [dbcDeadlineFilter],
    scores: [completionScore],
    tieBreak: costScore,
  });
}
