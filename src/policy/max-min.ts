import { batchHeuristic } from './batch-heuristic.js';
import type { Scheduler } from './scheduler.js';

/** Max-min (batch mode): map first the job whose best completion is latest, so long jobs are not left for last. See `batchHeuristic`. */
export function maxMin(): Scheduler {
  return batchHeuristic('max-min', 'batch: map first the job whose best completion is latest');
}
