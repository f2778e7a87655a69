import type { LeanResults } from '../metrics/lean-results.js';
import type { Results } from '../metrics/results.js';
import type { HookName } from '../policy/policy.js';

/** What identifies one run of a sweep, on each of its rows. */
export interface RunIdentity {
  /** The sweep's fingerprint: rows of one sweep share it (shards, resumed runs). */
  sweep: string;
  name: string;
  index: number;
  /** Runs in the whole sweep. */
  total: number;
  /** Stable run key: overrides, policy and seed. */
  key: string;
  /** The overrides of this run's variant: field path → value. */
  set: Record<string, unknown>;
  policy: string;
  seed: number;
}

/** A run that finished: its results in the results contract; lean (`sweep --lean`) without time series and quantile arrays, with sketches. */
export interface CompletedRow extends RunIdentity {
  results: Results | LeanResults;
}

/** A run stopped by `--timeout`: no results, and where it was when stopped. */
export interface TimedOutRow extends RunIdentity {
  timedOut: {
    /** The limit it exceeded, seconds. */
    limitS: number;
    /** The user policy that was deciding (its own name), if a user policy had started deciding. */
    policyName: string | null;
    /** The hook it was inside when stopped; null when not inside one. */
    hook: HookName | null;
  };
}

/**
 * One line of a sweep's JSONL output: one run, with what identifies it, and
 * either its results or how it timed out. Rows are written as runs finish
 * (so in no particular order); `index` is the run's place in the whole
 * sweep.
 */
export type SweepRow = CompletedRow | TimedOutRow;

/** Whether the row is of a run that timed out. */
export function isTimedOut(row: SweepRow): row is TimedOutRow {
  return 'timedOut' in row;
}

/** A row's content without what varies from machine to machine (`results.perf`). */
export function comparableRow(row: SweepRow): unknown {
  if (isTimedOut(row)) return row;
  const { perf: _perf, ...results } = row.results;
  return { ...row, results };
}
