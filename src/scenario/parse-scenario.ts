import { dirname, relative, resolve } from 'node:path';
import { InputFileError } from '../io/input-file-error.js';
import { holdsSweepRows, notAScenario, outputKindOfText } from '../io/output-kind.js';
import { readInputText } from '../io/read-input-text.js';
import { checkPolicies, type PolicyNameLists } from './check-policies.js';
import { checkPolicyOptions, unreadOptionWarnings } from './check-policy-options.js';
import { checkReferences, type Locate } from './check-references.js';
import { readCsvFile, type CsvTable } from './csv.js';
import { checkDataShape } from './data-shape.js';
import { expandScenario, type ExpandContext } from './expand-scenario.js';
import { NOT_SURE, parseByPlan } from './parse-plan.js';
import { formatPath, formatProblem, InputError, type Problem } from './problem.js';
import { omitKeys, salvage, StandIns } from './salvage.js';
import type { Scenario } from './scenario.js';
import { scenarioPlan } from './scenario-plan.js';
import { scenarioSchema, type ScenarioData } from './schema.js';
import { SourceDocument } from './source-document.js';
import { staticWarnings } from './static-warnings.js';
import { structuralProblems } from './structural-problems.js';

export type { Scenario } from './scenario.js';

/** Files larger than this are refused before parsing: a scenario is a description, not data. */
export const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

/** Data files a scenario names (node lists, RTT matrices, price series) may be larger than the scenario itself; they are read a line at a time. */
export const MAX_DATA_FILE_BYTES = 256 * 1024 * 1024;

/** A data file parsed whole (a JSON throughput table) is held as text and as data at once: a lower limit. */
export const MAX_WHOLE_DATA_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Built-in policy names the scenario's `policy`, each site's and the
 * brain's may take; when given, any other name (but a module path) is a
 * problem located in the file.
 */
export type ParseOptions = PolicyNameLists;

/**
 * Parses and validates scenario text (YAML or JSON), then writes out what it
 * generates and reads the data files it names (relative to `baseDir`).
 * Every problem is collected, each located at its line and column (in the
 * scenario or in the data file), and thrown at once as an `InputError`.
 */
export function parseScenario(text: string, file = '<scenario>', baseDir = '.', options: ParseOptions = {}): Scenario {
  const parsed = SourceDocument.parse(text, file);
  // One of manychip's own outputs, given where a scenario belongs: one line that says so, not a problem per scenario field.
  const output = outputKindOfText(text, 'data' in parsed ? parsed.data : undefined);
  if (output !== undefined) throw InputError.single(file, notAScenario(output, file));
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
  const problems: Problem[] = [];

  // Shape first: nesting too deep for the recursive steps below, and names no object may hold.
  const shape = checkDataShape(data);
  for (const p of shape) problems.push(source.problemAt(p.path, p.message, p.key));
  if (shape.some((p) => p.key === undefined)) throw new InputError(sortProblems(problems));
  const clean = shape.reduce<unknown>((d, p) => omitKeys(d, p.path, [p.key as string]), data);

  // Structure. A valid scenario passes the schema's plan, and zod is not needed (schema.ts says why that matters).
  // Otherwise zod decides and words the problems; when it fails, the checks that follow still run on a salvaged
  // copy, so that one pass reports every kind of problem.
  let parsed: ScenarioData | undefined;
  let standIns: string[] = [];
  const planned = parseByPlan(scenarioPlan, clean);
  if (planned !== NOT_SURE) {
    parsed = planned as ScenarioData;
  } else {
    // jitless: a process parses a scenario or a few, and zod's compiled fast path (made with new Function on the first
    // parse) costs more to build than it saves (issue 20, goal 1). Per parse, so that a host's own zod is left as it is.
    const schema = scenarioSchema();
    const result = schema.safeParse(clean, { jitless: true });
    if (result.success) {
      parsed = result.data;
    } else {
      problems.push(...structuralProblems(schema, result.error.issues, clean, source));
      const salvaged = salvage(schema, clean);
      parsed = salvaged?.data;
      standIns = salvaged?.standIns.map(formatPath) ?? [];
    }
  }
  // A removed key (a reserved name) counts as a stand-in too: the table it was in may now look empty.
  standIns.push(...shape.map((p) => formatPath([...p.path, p.key as string])));
  const near = new StandIns(standIns);
  const keep = (p: Problem): boolean => !near.near(p.path);
  if (parsed === undefined) throw new InputError(uniqueProblems(problems));

  // Every data file goes through locateDataFile: noted here, so that no command's output may replace one.
  const dataFiles = new Set<string>();
  const noted = (relativePath: string): string => {
    dataFiles.add(resolve(baseDir, relativePath));
    return relativePath;
  };
  const ctx: ExpandContext = {
    readTable: (relativePath) => readDataTable(baseDir, noted(relativePath)),
    readText: (relativePath) => readDataFile(baseDir, noted(relativePath)),
    locate: (relativePath) => locateDataFile(baseDir, noted(relativePath)),
    at: (path, message, key) => source.problemAt(path, message, key),
  };
  const expanded = expandScenario(parsed, ctx);
  if ('problems' in expanded) throw new InputError(uniqueProblems([...problems, ...expanded.problems.filter(keep)]));

  const locate: Locate = (where, field, message, key) =>
    'path' in where
      ? source.problemAt([...where.path, ...field], message, key)
      : { file: where.file, line: where.line, path: field.join('.'), message };
  const references = checkReferences(expanded.data, locate);
  // A path to a policy module is loaded (and checked) when the run starts.
  references.push(...checkPolicies(expanded.data, locate, options));
  references.push(...checkPolicyOptions(expanded.data.policy, expanded.data.policyOptions, (path, message) => source.problemAt(path, message)));
  problems.push(...references.filter(keep));
  if (problems.length > 0) throw new InputError(uniqueProblems(problems));
  const warnings = sortProblems([...staticWarnings(expanded.data, locate), ...unreadOptionWarnings(expanded.data, options, (path, message, key) => source.problemAt(path, message, key))]);
  return deepFreeze({ ...expanded.data, file, baseDir, dataFiles: [...dataFiles], warnings }) as Scenario;
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
    // A sweep's rows outgrow the scenario size limit: they are named by their first line.
    if (e instanceof InputFileError && holdsSweepRows(path)) throw InputError.single(path, notAScenario('sweep-rows', path));
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
