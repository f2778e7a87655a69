import { dbcDeadlineFilter } from './dbc-deadline.js';
import { definePolicy } from './framework.js';
import { completionScore, costScore } from './plugins.js';
import type { Scheduler } from './scheduler.js';

/**
 * DBC cost-time optimisation (Buyya, Murshed, Abramson and Venugopal,
 * "Scheduling parameter sweep applications on global Grids: a deadline
 * and budget constrained cost–time optimization algorithm", 2005): cost
 * optimisation, except that among pools of the same expected cost the
 * work goes to the one expected to complete it soonest (time optimisation
 * within each cost group), rather than filling them one after the other.
 * On the framework: dbc-cost with completion as the tie-break.
 */
export function dbcCostTime(): Scheduler {
  return definePolicy({
    name: 'dbc-cost-time',
    description: 'DBC cost-time optimisation: cheapest within the deadline; equal cost to the earliest completion',
    placement: 'bind',
    filters: [dbcDeadlineFilter],
    scores: [costScore],
    tieBreak: completionScore,
  });
}
