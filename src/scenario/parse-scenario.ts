import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkReferences } from './check-references.js';
import { InputError, type Problem } from './problem.js';
import { scenarioSchema, type ScenarioData } from './schema.js';
import { SourceDocument } from './source-document.js';
import { allowedKeysAt, describeIssue, valueAt } from './zod-messages.js';

/** A validated scenario, with defaults filled in, deeply frozen. */
export type Scenario = DeepReadonly<ScenarioData> & {
  /** Where the scenario came from, for messages. */
  readonly file: string;
  /** Directory that relative paths inside the scenario resolve against. */
  readonly baseDir: string;
};

export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** Files larger than this are refused before parsing: a scenario is a description, not data. */
export const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

/**
 * Parses and validates scenario text (YAML or JSON). Every problem in the
 * file is collected, each located at its line and column, and thrown at
 * once as an `InputError`.
 */
export function parseScenario(text: string, file = '<scenario>', baseDir = '.'): Scenario {
  const parsed = SourceDocument.parse(text, file);
  if ('problems' in parsed) throw new InputError(parsed.problems);
  const { source, data } = parsed;

  const result = scenarioSchema.safeParse(data);
  if (!result.success) {
    const problems: Problem[] = [];
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        const allowed = allowedKeysAt(scenarioSchema, data, issue.path);
        for (const key of issue.keys) {
          const hint = allowed === undefined ? '' : ` — allowed: ${allowed.join(', ')}`;
          problems.push(source.problemAt(issue.path, `unknown field "${key}"${hint}`, key));
        }
        continue;
      }
      problems.push(source.problemAt(issue.path, describeIssue(issue, valueAt(data, issue.path))));
    }
    throw new InputError(sortProblems(problems));
  }

  const references = checkReferences(result.data);
  if (references.length > 0) {
    throw new InputError(sortProblems(references.map((p) => source.problemAt(p.path, p.message, p.key))));
  }
  return deepFreeze({ ...result.data, file, baseDir }) as Scenario;
}

/** Reads and parses a scenario file; relative paths inside it resolve against its directory. */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    const buffer = readFileSync(path);
    if (buffer.length > MAX_SCENARIO_BYTES) {
      throw InputError.single(path, `file is ${buffer.length} bytes; a scenario may be at most ${MAX_SCENARIO_BYTES}`);
    }
    text = buffer.toString('utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw InputError.single(path, `cannot read scenario: ${reason}`);
  }
  return parseScenario(text, path, dirname(resolve(path)));
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
