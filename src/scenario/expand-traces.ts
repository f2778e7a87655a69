import { statSync } from 'node:fs';
import type { ExpandContext } from './expand-scenario.js';
import type { Problem } from './problem.js';
import type { ScenarioData, TraceSpec } from './schema.js';
import { LineReader } from '../workload/trace/line-reader.js';
import { ALIBABA_DEMAND_COLUMNS, ALIBABA_POD_COLUMNS, headerCells } from '../workload/trace/alibaba-pods.js';

/** A trace with its file located: the absolute path to read, and the name messages show. */
export type ResolvedTrace = TraceSpec & { path: string; name: string };

export type WorkloadSpec = Omit<ScenarioData['workload'][number], 'trace'> & { trace?: ResolvedTrace };

/**
 * Locates every trace file the workload names and checks what can be
 * checked without reading it all: the file exists and, for a CSV format,
 * its header has the columns the reader needs. Rows are read (and their
 * problems reported) as the run goes: a trace is streamed, never loaded.
 */
export function resolveTraces(workload: ScenarioData['workload'], ctx: ExpandContext, problems: Problem[]): WorkloadSpec[] {
  return workload.map((w, i) => {
    if (w.trace === undefined) return { ...w, trace: undefined };
    const at = ['workload', i, 'trace', 'file'];
    let located: { path: string; name: string };
    try {
      located = ctx.locate(w.trace.file);
      if (!statSync(located.path).isFile()) throw Object.assign(new Error('is a directory, not a file'), { code: 'EISDIR' });
    } catch (e) {
      problems.push(ctx.at(at, `cannot read ${w.trace.file}: ${fileFailure(e)}`));
      return { ...w, trace: undefined };
    }
    if (w.trace.format === 'alibaba-pods') {
      // The protocol reads only the demand; a replay in time needs the times too.
      const needed = w.trace.order === 'shuffled' ? ALIBABA_DEMAND_COLUMNS : ALIBABA_POD_COLUMNS;
      const missing = missingColumns(located.path, needed);
      if (missing.length > 0) {
        problems.push({
          file: located.name,
          line: 1,
          path: '',
          message: `is not an Alibaba pod list${w.trace.order === 'shuffled' ? '' : ' with times'}: the header lacks ${missing.join(', ')} (needs ${needed.join(', ')})`,
        });
      }
    }
    return { ...w, trace: { ...w.trace, ...located } };
  });
}

function missingColumns(path: string, needed: readonly string[]): string[] {
  const reader = new LineReader(path);
  try {
    const header = headerCells(reader.next() ?? '', path);
    return needed.filter((c) => !header.includes(c));
  } finally {
    reader.close();
  }
}

function fileFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}
