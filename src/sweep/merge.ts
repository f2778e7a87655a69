import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { SweepAggregator, type SweepSummary } from './aggregate.js';
import { readRows } from './jsonl.js';
import { SweepError } from './run-sweep.js';
import type { SweepRow } from './sweep-row.js';

export interface MergeOutcome {
  summary: SweepSummary;
  runs: number;
  files: number;
}

/**
 * Combines the JSONL files of a sweep's shards (or of any runs of one
 * sweep): checks that they belong to one sweep, that no run appears twice
 * and none is missing, writes the rows to `output` (if given) and returns
 * the same aggregates as one unsharded sweep. Rows stream through; only
 * run keys and metric values are kept.
 */
export function mergeSweeps(files: readonly string[], output?: string, confidence = 0.95): MergeOutcome {
  if (files.length === 0) throw new SweepError('give the JSONL files to merge');
  const absent = files.filter((f) => !existsSync(f));
  if (absent.length > 0) throw new SweepError(`no such file: ${absent.join(', ')}`);
  const seen = new Map<number, string>();
  const keys = new Map<string, string>();
  const aggregator = new SweepAggregator();
  let first: SweepRow | undefined;
  let firstAt = '';
  // Written under a temporary name and renamed once every check passed: a failed merge leaves nothing half-made.
  const partial = output === undefined ? undefined : `${output}.partial-${process.pid}`;
  const fd = partial === undefined ? undefined : openSync(partial, 'w');
  let ok = false;
  try {
    for (const file of files) {
      const read = readRows(file, (row, line) => {
        const at = `${file}:${line}`;
        if (first === undefined) {
          first = row;
          firstAt = at;
        } else if (row.sweep !== first.sweep || row.total !== first.total) {
          throw new SweepError(`${at} is a run of another sweep (${row.sweep}, ${row.total} runs) than ${firstAt} (${first.sweep}, ${first.total} runs)`);
        }
        const twice = keys.get(row.key) ?? seen.get(row.index);
        if (twice !== undefined) throw new SweepError(`${at}: run ${row.index} (${row.key}) is also at ${twice}: the shards overlap`);
        keys.set(row.key, at);
        seen.set(row.index, at);
        aggregator.add(row);
        if (fd !== undefined) writeSync(fd, `${JSON.stringify(row)}\n`);
      });
      if (!read.complete) throw new SweepError(`${file}: its last line was cut short (a run killed while writing): finish that shard with --resume first`);
    }
    const total = (first as SweepRow | undefined)?.total ?? 0;
    if (seen.size < total) {
      const missing: number[] = [];
      for (let i = 0; i < total && missing.length < 10; i++) if (!seen.has(i)) missing.push(i);
      throw new SweepError(`${total - seen.size} of the sweep's ${total} runs are missing (runs ${missing.join(', ')}${total - seen.size > missing.length ? ', …' : ''}): run the shards that hold them, or finish one with --resume`);
    }
    ok = true;
  } finally {
    if (fd !== undefined) closeSync(fd);
    if (partial !== undefined && output !== undefined) {
      if (ok) renameSync(partial, output);
      else rmSync(partial, { force: true });
    }
  }
  return { summary: aggregator.summary(confidence), runs: seen.size, files: files.length };
}

/** The aggregates of one JSONL file as it stands (all runs or not). */
export function summarizeFile(file: string, confidence = 0.95): SweepSummary {
  const aggregator = new SweepAggregator();
  readRows(file, (row) => aggregator.add(row));
  return aggregator.summary(confidence);
}
