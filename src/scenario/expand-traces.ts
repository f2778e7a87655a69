import { readFailure } from '../io/input-file-error.js';
import { LineReader } from '../io/line-reader.js';
import type { ExpandContext } from './expand-scenario.js';
import type { Problem } from './problem.js';
import type { ScenarioData, TraceSpec } from './schema.js';

/** A trace with its file located: the absolute path to read, and the name messages show. */
export type ResolvedTrace = TraceSpec & { path: string; name: string };

export type WorkloadSpec = Omit<ScenarioData['workload'][number], 'trace'> & { trace?: ResolvedTrace };

/**
 * Locates every trace file the workload names and checks what can be
 * checked without reading it all: the file is a regular file whose first
 * line can be read (its gzip header and text encoding are sound). The
 * header and the rows are the trace reader's to check (workload/trace),
 * when the trace is opened: a trace is streamed, never loaded.
 */
export function resolveTraces(workload: ScenarioData['workload'], ctx: ExpandContext, problems: Problem[]): WorkloadSpec[] {
  return workload.map((w, i) => {
    if (w.trace === undefined) return { ...w, trace: undefined };
    const at = ['workload', i, 'trace', 'file'];
    const located = ctx.locate(w.trace.file);
    try {
      readFirstLine(located.path, located.name);
    } catch (e) {
      problems.push(ctx.at(at, `cannot read ${w.trace.file}: ${readFailure(e)}`));
      return { ...w, trace: undefined };
    }
    // Its columns are checked by the trace reader, which knows them, when the trace is opened (validate reads every trace through).
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
