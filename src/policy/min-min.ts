import { batchHeuristic } from './batch-heuristic.js';
import type { Scheduler } from './scheduler.js';

/** Min-min (batch mode): map first the job that can complete soonest. See `batchHeuristic`. */
export function minMin(): Scheduler {
  return batchHeuristic('min-min', 'batch: map first the job that can complete soonest, on its best pool');
}
