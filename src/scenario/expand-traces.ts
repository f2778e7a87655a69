import { readFailure } from '../io/input-file-error.js';
import { LineReader } from '../io/line-reader.js';
import type { ExpandContext } from './expand-scenario.js';
import type { Problem } from './problem.js';
import type { ScenarioData, TraceSpec } from './schema.js';
import { ALIBABA_DEMAND_COLUMNS, ALIBABA_POD_COLUMNS, headerCells } from '../workload/trace/alibaba-pods.js';

/** A trace with its file located: the absolute path to read, and the name messages show. */
export type ResolvedTrace = TraceSpec & { path: string; name: string };

export type WorkloadSpec = Omit<ScenarioData['workload'][number], 'trace'> & { trace?: ResolvedTrace };

/**
 * Locates every trace file the workload names and checks what can be
 * checked without reading it all: the file is a regular file whose first
 * line can be read (its gzip header and text encoding are sound) and, for
 * a CSV format, that line has the columns the reader needs. Rows are read
 * (and their problems reported) as the run goes: a trace is streamed,
 * never loaded.
 */
export function resolveTraces(workload: ScenarioData['workload'], ctx: ExpandContext, problems: Problem[]): WorkloadSpec[] {
  return workload.map((w, i) => {
    if (w.trace === undefined) return { ...w, trace: undefined };
    const at = ['workload', i, 'trace', 'file'];
    const located = ctx.locate(w.trace.file);
    let firstLine: string;
    try {
      firstLine = readFirstLine(located.path, located.name);
    } catch (e) {
      problems.push(ctx.at(at, `cannot read ${w.trace.file}: ${readFailure(e)}`));
      return { ...w, trace: undefined };
    }
    if (w.trace.format === 'alibaba-pods') {
      // The protocol reads only the demand; a replay in time needs the times too.
      const needed = w.trace.order === 'shuffled' ? ALIBABA_DEMAND_COLUMNS : ALIBABA_POD_COLUMNS;
      const header = headerCells(firstLine, located.path);
      const missing = needed.filter((c) => !header.includes(c));
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

/** The first line of a trace ('' for an empty file): opening and reading it checks what can be checked at once. */
function readFirstLine(path: string, name: string): string {
  const reader = new LineReader(path, { what: 'trace', name });
  try {
    return reader.next() ?? '';
  } finally {
    reader.close();
  }
}
