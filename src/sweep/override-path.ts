import { reservedNameProblem } from '../scenario/data-shape.js';
import { scenarioSchema } from '../scenario/schema.js';
import { allowedKeysAt } from '../scenario/zod-messages.js';

/** One step of a path into a scenario document: a field name or an array index. */
export type PathStep = string | number;

/**
 * Parses a scenario field path as users write it — `workload[0].arrivals.rate`,
 * `sites[2].pools[0].nodes`, `horizon` — into steps, or says what is wrong.
 */
export function parsePath(path: string): PathStep[] | { error: string } {
  const steps: PathStep[] = [];
  const re = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|(\.)/y;
  let expectName = true;
  let i = 0;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (m === null) return { error: `"${path}" is not a field path (at "${path.slice(i)}"); write it like workload[0].arrivals.rate` };
    if (m[1] !== undefined) {
      if (!expectName) return { error: `"${path}" is not a field path: a "." is missing before "${m[1]}"` };
      // A path through __proto__ or constructor could reach Object.prototype: refused by name, never followed.
      if (reservedNameProblem(m[1]) !== undefined) return { error: `"${path}" is not a field path: no scenario has a field "${m[1]}" (names every JavaScript object has are refused)` };
      steps.push(m[1]);
      expectName = false;
    } else if (m[2] !== undefined) {
      if (steps.length === 0) return { error: `"${path}" is not a field path: it starts with an index` };
      steps.push(Number(m[2]));
    } else {
      if (expectName) return { error: `"${path}" is not a field path: an empty name` };
      expectName = true;
    }
    i = re.lastIndex;
  }
  if (steps.length === 0 || expectName) return { error: `"${path}" is not a field path` };
  return steps;
}

/** A path back in its written form. */
export function formatSteps(steps: readonly PathStep[]): string {
  return steps.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * A copy of `doc` with the value at `steps` replaced (objects and arrays
 * along the path are copied, nothing else). Every step but the last must
 * exist; the last may name a field the document leaves out, if the
 * scenario format has it there (such as `horizon`). Otherwise says, by
 * path, where the path leaves the document.
 */
export function withValueAt(doc: unknown, steps: readonly PathStep[], value: unknown): { doc: unknown } | { error: string } {
  const root = clone(doc);
  let node: unknown = root;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as PathStep;
    const here = formatSteps(steps.slice(0, i)) || 'the scenario';
    const last = i === steps.length - 1;
    if (typeof step === 'number') {
      if (!Array.isArray(node)) return { error: `${here} is not a list, so it has no [${step}]` };
      if (step >= node.length) return { error: `${here} has ${node.length} entr${node.length === 1 ? 'y' : 'ies'}; [${step}] is not one of them` };
      if (last) node[step] = value;
      else node = node[step] = clone(node[step]);
      continue;
    }
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return { error: `${here} is not a map of fields, so it has no "${step}"` };
    const map = node as Record<string, unknown>;
    if (!Object.hasOwn(map, step)) {
      const allowed = allowedKeysAt(scenarioSchema(), root, steps.slice(0, i)) ?? [];
      if (!last || !allowed.includes(step)) {
        const hint = allowed.length > 0 ? ` — fields there: ${allowed.join(', ')}` : '';
        return { error: `${here} has no field "${step}"${hint}` };
      }
    }
    if (last) map[step] = value;
    else node = map[step] = clone(map[step]);
  }
  return { doc: root };
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return [...(v as unknown[])];
  if (v !== null && typeof v === 'object') return { ...(v as Record<string, unknown>) };
  return v;
}

/**
 * A value as given on the command line: a number, true/false, null, JSON
 * (an object or list), or else the text itself.
 */
export function parseValue(text: string): unknown {
  const t = text.trim();
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  if (t.startsWith('{') || t.startsWith('[') || t.startsWith('"')) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return t;
    }
  }
  return t;
}

/**
 * Splits `path=v1,v2,…` (a `--set` argument). Commas inside JSON values
 * ({…}, […] or a "quoted string") do not split: `name="a,b"` sets one name.
 */
export function parseSetArgument(arg: string): { path: string; values: unknown[] } | { error: string } {
  const eq = arg.indexOf('=');
  if (eq <= 0) return { error: `--set ${arg}: write it as path=value1,value2,…` };
  const path = arg.slice(0, eq).trim();
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = eq + 1;
  for (let i = eq + 1; i <= arg.length; i++) {
    const c = arg[i];
    if (inString && i < arg.length) {
      if (c === '\\' && i + 1 < arg.length) i++;
      else if (c === '"') inString = false;
      continue;
    }
    // A quote opens a JSON string where one can start: a value's first character, or inside {…} or […].
    if (c === '"' && (depth > 0 || arg.slice(start, i).trim() === '')) inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if ((c === ',' && depth === 0) || i === arg.length) {
      parts.push(arg.slice(start, i));
      start = i + 1;
    }
  }
  const values = parts.filter((p) => p.trim() !== '').map(parseValue);
  if (values.length === 0) return { error: `--set ${arg}: give at least one value after "="` };
  return { path, values };
}
