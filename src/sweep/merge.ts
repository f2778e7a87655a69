import { existsSync } from 'node:fs';
import { OutputFile } from '../io/output-file.js';
import { SweepAggregator, type SweepSummary } from './aggregate.js';
import { readRows } from './jsonl.js';
import { SweepError } from './sweep-error.js';
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
  const out = output === undefined ? undefined : OutputFile.open(output, '--output');
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
        out?.write([`${JSON.stringify(row)}\n`]);
      });
      if (!read.complete) throw new SweepError(`${file}: its last line was cut short (a run killed while writing): finish that shard with --resume first`);
    }
    // Assigned in the callback, which the compiler does not follow.
    const firstRow = first as SweepRow | undefined;
    if (firstRow === undefined) throw new SweepError(`${files.length === 1 ? `${files[0]} holds no` : `none of the ${files.length} files holds a`} sweep row: nothing to merge`);
    const total = firstRow.total;
    if (seen.size < total) {
      const missing: number[] = [];
      for (let i = 0; i < total && missing.length < 10; i++) if (!seen.has(i)) missing.push(i);
      throw new SweepError(`${total - seen.size} of the sweep's ${total} runs are missing (runs ${missing.join(', ')}${total - seen.size > missing.length ? ', …' : ''}): run the shards that hold them, or finish one with --resume`);
    }
    out?.commit();
  } finally {
    out?.abort();
  }
  return { summary: aggregator.summary(confidence), runs: seen.size, files: files.length };
}

/** The aggregates of one JSONL file as it stands (all runs or not); a file without a whole row is refused. `metrics` as `--metric` names them (default: compare's). */
export function summarizeFile(file: string, confidence = 0.95, metrics?: readonly string[]): SweepSummary {
  const aggregator = new SweepAggregator(metrics);
  const read = readRows(file, (row) => aggregator.add(row));
  if (read.rows === 0) {
    const why = read.complete ? 'it is empty' : 'its only line was cut short (a run killed while writing)';
    throw new SweepError(`${file} holds no sweep row: ${why}; a sweep writes a row as each run finishes`);
  }
  return aggregator.summary(confidence);
}
