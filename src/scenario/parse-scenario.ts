import { dirname, relative, resolve } from 'node:path';
import { InputFileError } from '../io/input-file-error.js';
import { readInputText } from '../io/read-input-text.js';
import { checkReferences, type Locate } from './check-references.js';
import { readCsvFile, type CsvTable } from './csv.js';
import { expandScenario, type ExpandContext } from './expand-scenario.js';
import { formatProblem, InputError, type Problem } from './problem.js';
import type { Scenario } from './scenario.js';
import { scenarioSchema } from './schema.js';
import { SourceDocument } from './source-document.js';
import { allowedKeysAt, describeIssue, valueAt } from './zod-messages.js';

export type { Scenario } from './scenario.js';

/** Files larger than this are refused before parsing: a scenario is a description, not data. */
export const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

/** Data files a scenario names (node lists, RTT matrices, price series) may be larger than the scenario itself; they are read a line at a time. */
export const MAX_DATA_FILE_BYTES = 256 * 1024 * 1024;

/** A data file parsed whole (a JSON throughput table) is held as text and as data at once: a lower limit. */
export const MAX_WHOLE_DATA_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Parses and validates scenario text (YAML or JSON), then writes out what it
 * generates and reads the data files it names (relative to `baseDir`).
 * Every problem is collected, each located at its line and column (in the
 * scenario or in the data file), and thrown at once as an `InputError`.
 */
export interface ParseOptions {
  /** Built-in policy names the scenario's `policy` may take; when given, any other name (but a module path) is a problem located in the file. */
  policyNames?: readonly string[];
}

export function parseScenario(text: string, file = '<scenario>', baseDir = '.', options: ParseOptions = {}): Scenario {
  const parsed = SourceDocument.parse(text, file);
  if ('problems' in parsed) throw new InputError(parsed.problems);
  return scenarioFromData(parsed.data, parsed.source, baseDir, options);
}

/**
 * Validates and expands scenario data that came from `source` (or was
 * derived from it, as a sweep's variants are: problems at paths the
 * document has are located there, others at the top of the file).
 */
export function scenarioFromData(data: unknown, source: SourceDocument, baseDir = '.', options: ParseOptions = {}): Scenario {
  const file = source.file;
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

  const ctx: ExpandContext = {
    readTable: (relativePath) => readDataTable(baseDir, relativePath),
    readText: (relativePath) => readDataFile(baseDir, relativePath),
    locate: (relativePath) => locateDataFile(baseDir, relativePath),
    at: (path, message, key) => source.problemAt(path, message, key),
  };
  const expanded = expandScenario(result.data, ctx);
  if ('problems' in expanded) throw new InputError(uniqueProblems(expanded.problems));

  const locate: Locate = (where, field, message, key) =>
    'path' in where
      ? source.problemAt([...where.path, ...field], message, key)
      : { file: where.file, line: where.line, path: field.join('.'), message };
  const references = checkReferences(expanded.data, locate);
  const policies = options.policyNames;
  // A path to a policy module is loaded (and checked) when the run starts.
  const modulePath = /\.(m?js|ts|mts)$/.test(expanded.data.policy) || /[\\/]/.test(expanded.data.policy);
  if (policies !== undefined && !modulePath && !policies.includes(expanded.data.policy)) {
    references.push(source.problemAt(['policy'], `unknown policy "${expanded.data.policy}" — known: ${policies.join(', ')}`));
  }
  if (references.length > 0) throw new InputError(uniqueProblems(references));
  return deepFreeze({ ...expanded.data, file, baseDir }) as Scenario;
}

function locateDataFile(baseDir: string, relativePath: string): { path: string; name: string } {
  const path = resolve(baseDir, relativePath);
  return { path, name: relative(process.cwd(), path) || path };
}

function readDataTable(baseDir: string, relativePath: string): CsvTable {
  const { path, name } = locateDataFile(baseDir, relativePath);
  return readCsvFile(path, { what: 'data file', name, limitBytes: MAX_DATA_FILE_BYTES });
}

function readDataFile(baseDir: string, relativePath: string): { text: string; name: string } {
  const { path, name } = locateDataFile(baseDir, relativePath);
  return { text: readInputText(path, { what: 'data file', name, limitBytes: MAX_WHOLE_DATA_FILE_BYTES }), name };
}

/**
 * Reads and parses a scenario file (UTF-8, plain or gzip, at most
 * `MAX_SCENARIO_BYTES`); relative paths inside it resolve against its
 * directory.
 */
export function loadScenarioFile(path: string, options: ParseOptions = {}): Scenario {
  let text: string;
  try {
    text = readInputText(path, { what: 'scenario', limitBytes: MAX_SCENARIO_BYTES });
  } catch (e) {
    if (e instanceof InputFileError) throw InputError.single(path, `cannot read scenario: ${e.reason}`);
    throw e;
  }
  return parseScenario(text, path, dirname(resolve(path)), options);
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

/** Sorted by place, each reported once (a repeated site would otherwise repeat its problems). */
function uniqueProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return sortProblems(problems).filter((p) => {
    const key = formatProblem(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
