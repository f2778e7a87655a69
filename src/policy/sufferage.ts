import { batchHeuristic } from './batch-heuristic.js';
import type { Scheduler } from './scheduler.js';

/** Sufferage (batch mode): map first the job that would lose most if denied its best pool. See `batchHeuristic`. */
export function sufferage(): Scheduler {
  return batchHeuristic('sufferage', 'batch: map first the job that would suffer most without its best pool');
}
