import type { z } from 'zod';
import { formatPath, type Problem } from './problem.js';
import type { SourceDocument } from './source-document.js';
import { allowedKeysAt, describeIssue, valueAt } from './zod-messages.js';

/**
 * One problem per zod issue of `schema` on `data`, located in the source
 * the data came from; an unknown field is located at its key and names the
 * fields allowed there. In the order they stand in the file. For every
 * file described by a schema: scenarios, sweep files.
 */
export function structuralProblems(schema: z.core.$ZodType, issues: readonly z.core.$ZodIssue[], data: unknown, source: SourceDocument): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    if (repeatsABound(issue, issues)) continue;
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, data, issue.path);
      for (const key of issue.keys) {
        const hint = allowed === undefined ? '' : ` — allowed: ${allowed.join(', ')}`;
        problems.push(source.problemAt(issue.path, `unknown field "${key}"${hint}`, key));
      }
      continue;
    }
    problems.push(source.problemAt(issue.path, describeIssue(issue, valueAt(data, issue.path))));
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

/**
 * Whether an issue is the safe-integer range zod checks on every integer,
 * at a place where another bound fails too: one of the field's own (always
 * narrower), or the same safe range met again (a field whose own bound is
 * the safe range, like `seed`, fails it twice). One of them is reported,
 * never neither: dropping both would let the salvage put the default in
 * place of the user's value without a word.
 */
function repeatsABound(issue: z.core.$ZodIssue, issues: readonly z.core.$ZodIssue[]): boolean {
  if (!isSafeRange(issue)) return false;
  const here = formatPath(issue.path);
  const at = issues.indexOf(issue);
  return issues.some(
    (other, i) => i !== at && (other.code === 'too_big' || other.code === 'too_small') && formatPath(other.path) === here && (!isSafeRange(other) || i < at),
  );
}

function isSafeRange(issue: z.core.$ZodIssue): boolean {
  return (issue.code === 'too_big' && issue.maximum === Number.MAX_SAFE_INTEGER) || (issue.code === 'too_small' && issue.minimum === Number.MIN_SAFE_INTEGER);
}
