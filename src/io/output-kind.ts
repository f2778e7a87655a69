import { LineReader } from './line-reader.js';

/**
 * The files manychip writes that a command reading a scenario may be handed
 * by mistake, told apart by what they hold, whatever their names:
 * - `results`: one run's results (`run --format json`);
 * - `comparison`: `compare --format json`;
 * - `sweep-summary`: a sweep's aggregates (`sweep`, `merge` or `compare
 *   <runs.jsonl>` with `--format json`);
 * - `sweep-rows`: a sweep's JSONL output, a run a line.
 */
export type OutputKind = 'results' | 'comparison' | 'sweep-summary' | 'sweep-rows';

/**
 * Whether a value has the shape of one row of a sweep's JSONL output: what
 * identifies the run, and either its results or how it timed out. The one
 * definition of a row's shape, for the reader of those files too.
 */
export function looksLikeSweepRow(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  const identified = typeof r.sweep === 'string' && typeof r.index === 'number' && typeof r.total === 'number' && typeof r.key === 'string' && typeof r.policy === 'string' && typeof r.seed === 'number';
  // Either results, or (a run stopped by --timeout) how it timed out.
  return identified && (isObject(r.results) || isObject(r.timedOut));
}

/**
 * Which of manychip's outputs `data` (a parsed document) is, or undefined
 * for anything else. A scenario is never taken for one: each output has a
 * `schemaVersion` or a row's `sweep`, `index` and `key`, fields no scenario
 * may have.
 */
export function outputKindOf(data: unknown): OutputKind | undefined {
  if (looksLikeSweepRow(data)) return 'sweep-rows';
  if (!isObject(data) || typeof data.schemaVersion !== 'number') return undefined;
  if (isObject(data.jobs) && isObject(data.utilization)) return 'results';
  if (Array.isArray(data.summaries) && Array.isArray(data.policies)) return 'comparison';
  if (typeof data.sweep === 'string' && Array.isArray(data.points)) return 'sweep-summary';
  return undefined;
}

/**
 * Which of manychip's outputs a file's `text` is: from `data`, the
 * document parsed from it, or (when it could not be parsed as one
 * document: a sweep's JSONL has a document a line) from its first line.
 */
export function outputKindOfText(text: string, data: unknown): OutputKind | undefined {
  if (data !== undefined) return outputKindOf(data);
  const first = text.split('\n', 8).find((line) => line.trim() !== '');
  return first === undefined ? undefined : outputKindOf(parseJson(first));
}

/**
 * Whether the file at `path` is a sweep's JSONL output, by its first line;
 * false for anything that cannot be read as lines, which the reader the
 * file is then given will name.
 */
export function holdsSweepRows(path: string): boolean {
  let reader: LineReader | undefined;
  try {
    reader = new LineReader(path, { what: 'file' });
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      if (line.trim() !== '') return looksLikeSweepRow(parseJson(line));
    }
    return false;
  } catch {
    return false;
  } finally {
    reader?.close();
  }
}

/**
 * What to say after the name of `file`, one of manychip's outputs given
 * where a scenario belongs: `is …, not a scenario: …`, with where it came
 * from and what to give instead.
 */
export function notAScenario(kind: OutputKind, file: string): string {
  switch (kind) {
    case 'results':
      return `is a manychip results file (from run --format json), not a scenario: give the scenario file the run read`;
    case 'comparison':
      return `is a manychip comparison (from compare --format json), not a scenario: give the scenario file it compared runs of`;
    case 'sweep-summary':
      return `is a sweep's aggregates (from sweep, merge or compare --format json), not a scenario: give the scenario file, or read the sweep's rows with manychip compare <runs.jsonl>`;
    case 'sweep-rows':
      return `is a sweep's output (its JSONL rows, from manychip sweep), not a scenario: read its aggregates with manychip compare ${file}, or give the scenario file`;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
