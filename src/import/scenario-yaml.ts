import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { Document, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { InputFileError } from '../io/input-file-error.js';
import { openInput } from '../io/open-input.js';
import { nameProblem } from '../scenario/data-shape.js';
import { InputError } from '../scenario/problem.js';
import type { ScenarioInput } from '../scenario/schema.js';

/** Where the skeleton goes and how it is headed; shared by every importer. */
export interface SkeletonOptions {
  /**
   * Directory the scenario will be written to: file paths in it are
   * relative to this. Without one (a scenario written to standard output,
   * whose place is unknown) file paths are absolute, so that the scenario
   * works wherever it is saved.
   */
  baseDir?: string | undefined;
  /** Path of `schema/scenario.schema.json` as seen from `baseDir`, for the `yaml-language-server` line; none leaves the line out. */
  schema?: string | undefined;
  /** Scenario name. Default: from the trace's file name. */
  name?: string | undefined;
}

/** A comment to attach: before the key at `path` (`before`), or after its value on the same line (`after`). */
export interface NodeComment {
  path: readonly (string | number)[];
  before?: string;
  after?: string;
}

/** The region every imported workload comes from: one, with no coordinates, so the RTT to its site is the fixed overhead. */
export const IMPORT_REGION = 'local';

/**
 * A name for the skeleton from text a trace gives (a header line, a file
 * name, a table's key): lower-case words joined by `-` (`IBM SP2` →
 * `ibm-sp2`), `fallback` when nothing is left. Every name an importer
 * writes comes from here, so that the skeleton passes `validate`: a word
 * the scenario check refuses as a name (`constructor`, `prototype`; see
 * `nameProblem`) gets `-<fallback>` after it, which no reserved
 * name has.
 */
export function importName(text: string, fallback: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '') return fallback;
  return nameProblem(slug) === undefined ? slug : `${slug}-${fallback}`;
}

/**
 * Names for several texts at once (`importName` of each), kept apart: a
 * text whose name an earlier one already took gets `-2`, `-3`, … after it.
 */
export function importNames(texts: readonly string[], fallback: string): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const text of texts) {
    const base = importName(text, fallback);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    names.set(text, name);
  }
  return names;
}

/** A scenario name from a file name, without its extensions (`KTH-SP2-1996-2.1-cln.swf` → `kth-sp2-1996-2-1-cln`). */
export function nameFromFile(file: string, extensions: readonly string[]): string {
  let stem = basename(file).replace(/\.gz$/i, '');
  const ext = extensions.find((e) => stem.toLowerCase().endsWith(e));
  if (ext !== undefined) stem = stem.slice(0, -ext.length);
  return importName(stem, 'imported');
}

/**
 * A data file's path as the scenario names it, with forward slashes:
 * relative to the scenario's directory, or absolute when that is not known.
 */
export function pathFromScenario(file: string, baseDir: string | undefined): string {
  const to = resolve(file);
  if (baseDir === undefined) return sep === '\\' ? to.split(sep).join('/') : to;
  const from = resolve(baseDir);
  const rel = relative(from, to);
  // A path that climbs all the way to the root shares nothing with the scenario's place: absolute reads better.
  const climbs = rel.split(sep).filter((p) => p === '..').length;
  const depth = from.split(sep).filter((p) => p !== '').length;
  const chosen = climbs > 0 && climbs >= depth && !isAbsolute(rel) ? to : rel;
  return sep === '\\' ? chosen.split(sep).join('/') : chosen;
}

/**
 * Checks that a trace file can be opened before anything parses it, so
 * that a missing file, a directory or a pipe gets one plain sentence as an
 * `InputError` (gzip is fine: every reader inflates it).
 */
export function checkReadable(file: string, what: string): void {
  try {
    openInput(file, { what }).close();
  } catch (e) {
    if (e instanceof InputFileError) throw InputError.single(file, `cannot read ${what}: ${e.reason}`);
    throw e;
  }
}

/**
 * Renders a scenario as YAML in its own key order, led by comment lines:
 * small maps of plain values are written in flow style (`{ chip: a, nodes: 4 }`)
 * so that the file reads like a hand-written one.
 */
export function scenarioYaml(scenario: ScenarioInput, header: readonly string[], schema: string | undefined, comments: readonly NodeComment[] = []): string {
  const doc = new Document(scenario);
  flowSmallMaps(doc.contents);
  for (const c of comments) {
    const parentPath = c.path.slice(0, -1);
    const key = c.path[c.path.length - 1];
    const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
    if (key === undefined || !(isMap(parent) || isSeq(parent))) throw new Error(`no node at ${c.path.join('.')}`);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair === undefined || !isScalar(pair.key)) throw new Error(`no key at ${c.path.join('.')}`);
      if (c.before !== undefined) pair.key.commentBefore = prefixed(c.before);
      if (c.after !== undefined && pair.value !== null && typeof pair.value === 'object') (pair.value as Node).comment = ` ${c.after}`;
    } else {
      const item = parent.items[Number(key)];
      if (item === undefined || item === null || typeof item !== 'object') throw new Error(`no item at ${c.path.join('.')}`);
      if (c.before !== undefined) (item as Node).commentBefore = prefixed(c.before);
      if (c.after !== undefined) (item as Node).comment = ` ${c.after}`;
    }
  }
  const lines = [...(schema === undefined ? [] : [`yaml-language-server: $schema=${schema}`]), ...header];
  const body = doc.toString({ lineWidth: 0 });
  return `${lines.map((l) => (l === '' ? '#' : `# ${l}`)).join('\n')}\n${body}`;
}

function prefixed(text: string): string {
  return text
    .split('\n')
    .map((l) => ` ${l}`)
    .join('\n');
}

/** Maps of at most eight plain values become flow maps, at any depth but the top. */
function flowSmallMaps(node: unknown, depth = 0): void {
  if (isSeq(node)) {
    for (const item of node.items) flowSmallMaps(item, depth + 1);
    return;
  }
  if (!isMap(node)) return;
  const plain = node.items.every((p) => isScalar(p.value));
  if (depth > 0 && plain && node.items.length <= 8) {
    node.flow = true;
    return;
  }
  for (const p of node.items) flowSmallMaps(p.value, depth + 1);
}

/** `12345` → `12,345`. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `n noun(s)` with thousands separators. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${count(n)} ${n === 1 ? noun : nouns}`;
}

/** Days with one decimal: `332.9`. */
export function days(seconds: number): string {
  return (seconds / 86400).toFixed(1);
}
