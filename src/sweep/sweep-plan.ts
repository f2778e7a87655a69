import { createHash } from 'node:crypto';
import { basename, dirname, extname, resolve } from 'node:path';
import * as z from 'zod';
import { UsageError } from '../errors.js';
import { readFailure } from '../io/input-file-error.js';
import { notAScenario, outputKindOfText } from '../io/output-kind.js';
import { replaceUnprintable } from '../io/unprintable.js';
import { readInputText } from '../io/read-input-text.js';
import { policyNameLists } from '../policy/brain/brain-policy-names.js';
import { policyNames } from '../policy/registry.js';
import { isModulePath } from '../scenario/module-path.js';
import { MAX_SCENARIO_BYTES, scenarioFromData } from '../scenario/parse-scenario.js';
import { checkDataShape } from '../scenario/data-shape.js';
import { InputError, type Problem } from '../scenario/problem.js';
import type { Scenario } from '../scenario/scenario.js';
import { SourceDocument } from '../scenario/source-document.js';
import { structuralProblems } from '../scenario/structural-problems.js';
import { seedRangeProblem } from '../compare/seed-range.js';
import { formatSteps, parsePath, parseSetArgument, withValueAt, type PathStep } from './override-path.js';

/**
 * Most variants a sweep's matrix may make. Every variant is validated
 * before any run (about a millisecond each), and runs policies × seeds
 * times: ten thousand is hours of simulation already. A larger design
 * belongs in several sweeps.
 */
export const MAX_SWEEP_VARIANTS = 10_000;

/** Most seeds a sweep may run each variant with. */
export const MAX_SWEEP_SEEDS = 10_000;

/**
 * A sweep file: a base scenario, a matrix of overrides (every combination of
 * the values is one variant), crossed with policies and seeds.
 *
 * ```yaml
 * scenario: ../scenarios/edge-inference.yaml
 * matrix:
 *   workload[0].arrivals.rate: [100, 200, 400]
 * policies: [fifo, cost-latency]
 * seeds: 10
 * ```
 */
export const sweepSchema = z.strictObject({
  name: z.string().min(1).optional().describe('names the sweep in outputs; default: the file name'),
  scenario: z.string().min(1).describe('the base scenario, relative to this file'),
  matrix: z
    .record(z.string(), z.array(z.unknown()).min(1, 'give at least one value'))
    .default({})
    .describe('field path → values; every combination is one variant'),
  policies: z.array(z.string().min(1)).min(1).optional().describe('built-in names or module paths (relative to this file); default: the scenario’s policy'),
  seeds: z
    .union([z.number().int().positive().max(MAX_SWEEP_SEEDS), z.array(z.number().int().nonnegative()).min(1).max(MAX_SWEEP_SEEDS)])
    .optional()
    .describe('a count of seeds from the scenario’s seed on, or the seeds themselves; default 10'),
});

/** What the command line adds to or changes in a sweep file. */
export interface SweepOverrides {
  /** `path=v1,v2,…`: a matrix entry, replacing the file's for the same path. */
  set?: readonly string[];
  policies?: readonly string[];
  /** Number of seeds, from `seed` (default the scenario's). */
  seeds?: number;
  seed?: number;
}

/** One run of a sweep, by its place in the whole sweep. */
export interface SweepRun {
  index: number;
  variant: number;
  /** The policy as the sweep names it (a built-in name or a module path as written). */
  policy: string;
  seed: number;
  /** Stable across machines, shards and restarts: what identifies the run in JSONL files. */
  key: string;
}

export interface SweepVariant {
  /** Field path → value, in matrix order. */
  set: Record<string, unknown>;
  scenario: Scenario;
}

export interface SweepPlan {
  name: string;
  /** The file the sweep was read from. */
  file: string;
  /** Identifies the sweep (base scenario, matrix, policies, seeds): shards of one sweep share it. */
  fingerprint: string;
  parameters: string[];
  variants: SweepVariant[];
  policies: string[];
  /** Where each policy loads from: a built-in name, or an absolute module path. */
  policySources: string[];
  seeds: number[];
  total: number;
  run(index: number): SweepRun;
}

interface Entry {
  path: string;
  steps: PathStep[];
  values: unknown[];
  /** Given with --set, not in the sweep file. */
  fromCli: boolean;
}

/**
 * Reads a sweep file (or a scenario file, swept by `--set` alone), applies
 * the command line's changes, and builds and validates every variant's
 * scenario before any run, collecting every problem: an override path that
 * the scenario does not have is named with the path.
 */
export function planSweep(file: string, overrides: SweepOverrides = {}): SweepPlan {
  const problems: Problem[] = [];
  const parsed = readDocument(file);
  const fileDir = dirname(resolve(file));
  const isSweepFile = isSweepData(parsed.data);

  let def: z.output<typeof sweepSchema> = { matrix: {}, scenario: file };
  if (isSweepFile) {
    // A matrix key such as __proto__ must never reach a plain object.
    const shape = checkDataShape(parsed.data);
    if (shape.length > 0) throw new InputError(shape.map((p) => parsed.source.problemAt(p.path, p.message, p.key)));
    const result = sweepSchema.safeParse(parsed.data);
    if (!result.success) {
      throw new InputError(structuralProblems(sweepSchema, result.error.issues, parsed.data, parsed.source));
    }
    def = result.data;
  }
  const scenarioFile = isSweepFile ? resolve(fileDir, def.scenario) : file;
  const base = isSweepFile ? readDocument(scenarioFile, parsed.source, ['scenario']) : parsed;
  // A sweep of a sweep (or of itself) would be read as a scenario missing every field: say what it is.
  if (isSweepFile && isSweepData(base.data)) throw new InputError([parsed.source.problemAt(['scenario'], `${scenarioFile} is a sweep file, not a scenario: name the scenario to sweep`)]);

  // The matrix: the file's entries, then --set (replacing an entry of the same path).
  const entries = new Map<string, Entry>();
  for (const [path, values] of Object.entries(def.matrix)) {
    const steps = parsePath(path);
    if ('error' in steps) problems.push(parsed.source.problemAt(['matrix'], steps.error, path));
    else entries.set(formatSteps(steps), { path: formatSteps(steps), steps, values, fromCli: false });
  }
  const setArgs = new Map<string, string>();
  for (const arg of overrides.set ?? []) {
    const set = parseSetArgument(arg);
    if ('error' in set) {
      problems.push({ file: '--set', path: '', message: set.error });
      continue;
    }
    // A JSON value is checked as a file would be: nesting and names, before anything recursive reads it.
    const shape = checkDataShape(set.values);
    if (shape.length > 0) {
      for (const p of shape) problems.push({ file: '--set', path: '', message: `${set.path}: ${p.key === undefined ? 'a value ' : ''}${p.message}` });
      continue;
    }
    const steps = parsePath(set.path);
    if ('error' in steps) {
      problems.push({ file: '--set', path: '', message: steps.error });
      continue;
    }
    const path = formatSteps(steps);
    // A second --set of one path would silently drop the first: the values belong in one list.
    const earlier = setArgs.get(path);
    if (earlier !== undefined) {
      problems.push({ file: '--set', path: '', message: `${path} is given twice (${earlier} and ${arg}): list its values in one --set, e.g. ${path}=${valuesText(earlier)},${valuesText(arg)}` });
      continue;
    }
    setArgs.set(path, arg);
    entries.set(path, { path, steps, values: set.values, fromCli: true });
  }
  const matrix = [...entries.values()];
  const variantCount = matrix.reduce((n, e) => n * e.values.length, 1);
  if (variantCount > MAX_SWEEP_VARIANTS) {
    const sizes = matrix.map((e) => e.values.length).join(' × ');
    const message = `the matrix makes ${variantCount.toLocaleString('en-US')} variants (${sizes}); at most ${MAX_SWEEP_VARIANTS.toLocaleString('en-US')} are allowed, since each is validated before any run: split it into several sweeps`;
    throw new InputError([isSweepFile ? parsed.source.problemAt(['matrix'], message) : { file: '--set', path: '', message }]);
  }
  const seedCount = overrides.seeds ?? 0;
  if (seedCount > MAX_SWEEP_SEEDS) throw new InputError([{ file: '--seeds', path: '', message: `${seedCount.toLocaleString('en-US')} seeds; at most ${MAX_SWEEP_SEEDS.toLocaleString('en-US')} are allowed` }]);
  // The same value twice would be the same run twice, under one key.
  for (const e of matrix) {
    const twice = repeated(e.values.map((v) => JSON.stringify(v)));
    if (twice !== undefined) problems.push(pathProblem(parsed.source, isSweepFile && !e.fromCli, e.path, `${e.path}: the value ${twice} is given twice`));
  }

  // A path that leaves the document fails for every value: report it once, by path.
  for (const e of matrix) {
    const probe = withValueAt(base.data, e.steps, e.values[0]);
    if ('error' in probe) problems.push(pathProblem(parsed.source, isSweepFile && !e.fromCli, e.path, `${e.path}: ${probe.error}`));
  }
  if (problems.length > 0) throw new InputError(problems);

  const baseDir = dirname(resolve(scenarioFile));
  const variants: SweepVariant[] = [];
  for (const combo of combinations(matrix)) {
    let data: unknown = base.data;
    const set: Record<string, unknown> = {};
    combo.forEach((value, i) => {
      const e = matrix[i] as Entry;
      set[e.path] = value;
      const next = withValueAt(data, e.steps, value);
      if ('doc' in next) data = next.doc;
    });
    try {
      variants.push({ set, scenario: scenarioFromData(data, base.source, baseDir, policyNameLists()) });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const where = describeSet(set);
      for (const p of e.problems) problems.push({ ...p, message: where === '' ? p.message : `${p.message} (with ${where})` });
    }
  }
  if (problems.length > 0) throw new InputError(dedupe(problems));

  const first = variants[0]?.scenario as Scenario;
  const policies = overrides.policies !== undefined ? [...overrides.policies] : (def.policies ?? [first.policy]);
  const policyDir = overrides.policies !== undefined ? process.cwd() : isSweepFile ? fileDir : baseDir;
  const policySources = policies.map((p) => (isModulePath(p) ? resolve(policyDir, p) : p));
  const policyTwice = repeated(policies);
  if (policyTwice !== undefined) problems.push({ file: overrides.policies !== undefined ? '--policies' : parsed.source.file, path: 'policies', message: `policy ${policyTwice} is given twice` });
  for (const p of policies) {
    if (!isModulePath(p) && !policyNames().includes(p)) problems.push({ file: overrides.policies !== undefined ? '--policies' : parsed.source.file, path: 'policies', message: `unknown policy "${p}" — known: ${policyNames().join(', ')}` });
  }
  if (problems.length > 0) throw new InputError(problems);

  const seeds = seedList(def.seeds, overrides, first.seed, { sweep: isSweepFile ? parsed.source : undefined, scenario: base.source });
  const seedTwice = repeated(seeds.map(String));
  if (seedTwice !== undefined) throw new InputError([parsed.source.problemAt(['seeds'], `seed ${seedTwice} is given twice`)]);
  const name = def.name ?? basename(file, extname(file));
  const fingerprint = createHash('sha256')
    .update(canonicalJson({ base: base.data, matrix: matrix.map((e) => [e.path, e.values]), policies, seeds }))
    .digest('hex')
    .slice(0, 16);
  const P = policies.length;
  const S = seeds.length;
  return {
    name,
    file,
    fingerprint,
    parameters: matrix.map((e) => e.path),
    variants,
    policies,
    policySources,
    seeds,
    total: variants.length * P * S,
    run(index: number): SweepRun {
      const s = index % S;
      const p = Math.floor(index / S) % P;
      const variant = Math.floor(index / (S * P));
      const policy = policies[p] as string;
      const seed = seeds[s] as number;
      return { index, variant, policy, seed, key: runKey((variants[variant] as SweepVariant).set, policy, seed) };
    },
  };
}

/** Whether a document is a sweep file rather than a scenario: it names the scenario it sweeps. */
function isSweepData(data: unknown): boolean {
  return data !== null && typeof data === 'object' && Object.hasOwn(data, 'scenario');
}

/**
 * The stem of a sweep's default output files (`<stem>.jsonl`,
 * `<stem>.shard-<i>-of-<n>.jsonl`): its name, which like a scenario's may be
 * any text, made a plain file name in the current directory. A path
 * separator, a control character or one of `<>:"|?*` (which some file
 * systems and most shells trip on) becomes `_`, so that a name such as
 * `../results/x` or `/tmp/x` never sends the output elsewhere; `-o` writes
 * anywhere.
 */
export function outputStem(name: string): string {
  return replaceUnprintable(name.replace(/[\\/<>:"|?*\u2028\u2029]/g, '_'), '_');
}

/** The stable key of a run: its overrides, policy and seed, e.g. `workload[0].arrivals.rate=100 | fifo | seed 42`. */
export function runKey(set: Readonly<Record<string, unknown>>, policy: string, seed: number): string {
  const parts = Object.entries(set).map(([path, value]) => `${path}=${JSON.stringify(value)}`);
  return [...parts, policy, `seed ${seed}`].join(' | ');
}

function describeSet(set: Readonly<Record<string, unknown>>): string {
  return Object.entries(set)
    .map(([path, value]) => `${path}=${JSON.stringify(value)}`)
    .join(', ');
}

/** The documents a sweep's seeds may come from, to locate a problem with them: the sweep file (none when sweeping a scenario with --set) and the scenario. */
interface SeedSources {
  sweep: SourceDocument | undefined;
  scenario: SourceDocument;
}

/**
 * The seeds of a sweep: the file's list, or a count of consecutive seeds
 * from a first one, each of which the command line may replace. A count
 * that would run past the largest seed is refused before any run, naming
 * where the first seed and the count came from.
 */
function seedList(given: number | number[] | undefined, o: SweepOverrides, scenarioSeed: number, sources: SeedSources): number[] {
  if (o.seeds === undefined && o.seed === undefined && Array.isArray(given)) return [...given];
  const fileList = Array.isArray(given);
  const first = o.seed ?? (Array.isArray(given) ? (given[0] as number) : scenarioSeed);
  const count = o.seeds ?? (Array.isArray(given) ? given.length : (given ?? 10));
  const firstName = o.seed !== undefined ? '--seed' : fileList ? 'the first of its seeds' : `the seed of ${sources.scenario.file}`;
  const countName = o.seeds !== undefined ? '--seeds' : fileList ? 'the number of its seeds' : given !== undefined ? 'seeds' : '--seeds (default 10)';
  const problem = seedRangeProblem(first, firstName, count, countName);
  if (problem !== undefined) {
    const at = seedProblemAt(problem, o, given, sources);
    throw at === undefined ? new UsageError(problem) : new InputError([at]);
  }
  return Array.from({ length: count }, (_, i) => first + i);
}

/** Where a seed problem is shown: at the sweep file's `seeds` when they had a part in it, else at the scenario's `seed`; undefined when the command line alone made it. */
function seedProblemAt(message: string, o: SweepOverrides, given: number | number[] | undefined, sources: SeedSources): Problem | undefined {
  const fileCount = given !== undefined && (o.seeds === undefined || (o.seed === undefined && Array.isArray(given)));
  if (fileCount && sources.sweep !== undefined) return sources.sweep.problemAt(['seeds'], message);
  if (o.seed === undefined) return sources.scenario.problemAt(['seed'], message);
  return undefined;
}

/** Every combination of the entries' values, the first entry varying slowest. */
function* combinations(entries: readonly Entry[]): Generator<unknown[]> {
  const index = entries.map(() => 0);
  for (;;) {
    yield entries.map((e, i) => e.values[index[i] as number]);
    let k = entries.length - 1;
    while (k >= 0) {
      index[k] = (index[k] as number) + 1;
      if ((index[k] as number) < (entries[k] as Entry).values.length) break;
      index[k] = 0;
      k--;
    }
    if (k < 0) return;
  }
}

function readDocument(path: string, from?: SourceDocument, at: PropertyKey[] = []): { source: SourceDocument; data: unknown } {
  let text: string;
  try {
    // A sweep file and the scenario it names are descriptions: the scenario's size limit holds for both.
    text = readInputText(path, { what: from === undefined ? 'sweep' : 'scenario', limitBytes: MAX_SCENARIO_BYTES });
  } catch (e) {
    const reason = readFailure(e);
    if (from !== undefined) throw new InputError([from.problemAt(at, `cannot read ${path}: ${reason}`)]);
    throw InputError.single(path, `cannot read sweep: ${reason}`);
  }
  const parsed = SourceDocument.parse(text, path);
  // One of manychip's outputs (a results file has a "scenario" too): one line that says so.
  const output = outputKindOfText(text, 'data' in parsed ? parsed.data : undefined);
  if (output !== undefined) throw new InputError([from === undefined ? { file: path, path: '', message: notAScenario(output, path) } : from.problemAt(at, `${path} ${notAScenario(output, path)}`)]);
  if ('problems' in parsed) throw new InputError(parsed.problems);
  return parsed;
}

function pathProblem(source: SourceDocument, inFile: boolean, path: string, message: string): Problem {
  return inFile ? source.problemAt(['matrix'], message, path) : { file: '--set', path: '', message };
}

/** The values of a `--set path=values` argument, as written. */
function valuesText(arg: string): string {
  return arg.slice(arg.indexOf('=') + 1).trim();
}

/** The first value that appears twice, or undefined. */
function repeated(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return undefined;
}

/** JSON with object keys sorted: the same data gives the same text, however its file orders the keys. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.path}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
