import type { LeanResults } from '../metrics/lean-results.js';
import type { Results } from '../metrics/results.js';

/**
 * One line of a sweep's JSONL output: one run, in the results contract,
 * with what identifies it. Rows are written as runs finish (so in no
 * particular order); `index` is the run's place in the whole sweep.
 */
export interface SweepRow {
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
  /** The run's results; lean (`sweep --lean`) without time series and quantile arrays, with sketches. */
  results: Results | LeanResults;
}

/** A row's content without what varies from machine to machine (`results.perf`). */
export function comparableRow(row: SweepRow): unknown {
  const { perf: _perf, ...results } = row.results;
  return { ...row, results };
}
