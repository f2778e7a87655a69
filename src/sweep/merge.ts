import { existsSync } from 'node:fs';
import { OutputFile } from '../io/output-file.js';
import { SweepAggregator, type SweepSummary } from './aggregate.js';
import { readRows } from './jsonl.js';
import { SweepError } from './sweep-error.js';
import { RunLedger } from './run-ledger.js';

/** What a run given twice by one file means, and what to do. */
const TWICE_IN_A_FILE = 'the file holds that run twice (appended to itself, or a shard merged in twice?): keep one of the two rows';

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
  const ledger = new RunLedger(files.length === 1 ? TWICE_IN_A_FILE : 'the shards overlap');
  const aggregator = new SweepAggregator();
  // Written under a temporary name and renamed once every check passed: a failed merge leaves nothing half-made.
  const out = output === undefined ? undefined : OutputFile.open(output, '--output');
  try {
    for (const file of files) {
      const read = readRows(file, (row, line) => {
        ledger.add(row, `${file}:${line}`);
        aggregator.add(row);
        out?.write([`${JSON.stringify(row)}\n`]);
      });
      if (!read.complete) throw new SweepError(`${file}:${read.cutLine}: its last line was cut short (a run killed while writing): finish that shard with --resume first`);
    }
    const total = ledger.total;
    if (total === undefined) throw new SweepError(`${files.length === 1 ? `${files[0]} holds no` : `none of the ${files.length} files holds a`} sweep row: nothing to merge`);
    if (ledger.runs < total) {
      const missing = ledger.missing(10);
      throw new SweepError(`${total - ledger.runs} of the sweep's ${total} runs are missing (runs ${missing.join(', ')}${total - ledger.runs > missing.length ? ', …' : ''}): run the shards that hold them, or finish one with --resume`);
    }
    out?.commit();
  } finally {
    out?.abort();
  }
  return { summary: aggregator.summary(confidence), runs: ledger.runs, files: files.length };
}

/**
 * The aggregates of one JSONL file as it stands: all runs or not (a sweep
 * still running, or stopped part-way, shows the runs done so far). Refused,
 * as `mergeSweeps` refuses them: a file without a whole row, a row of
 * another sweep, a run twice. A last line cut short (a run killed while
 * writing it, or being written now) is left out, and `onWarning` told.
 * `metrics` as `--metric` names them (default: compare's).
 */
export function summarizeFile(file: string, confidence = 0.95, metrics?: readonly string[], onWarning?: (warning: string) => void): SweepSummary {
  const ledger = new RunLedger(TWICE_IN_A_FILE);
  const aggregator = new SweepAggregator(metrics);
  const read = readRows(file, (row, line) => {
    ledger.add(row, `${file}:${line}`);
    aggregator.add(row);
  });
  if (read.rows === 0) {
    const why = read.complete ? 'it is empty' : 'its only line was cut short (a run killed while writing)';
    throw new SweepError(`${file} holds no sweep row: ${why}; a sweep writes a row as each run finishes`);
  }
  if (!read.complete) onWarning?.(`${file}:${read.cutLine}: its last line was cut short (a run killed while writing, or one being written now): that run is left out of these figures; sweep --resume runs it again`);
  return aggregator.summary(confidence);
}
