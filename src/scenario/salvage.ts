import type { z } from 'zod';
import { schemaAt } from './zod-messages.js';

type AnySchema = z.core.$ZodType;
type Path = readonly PropertyKey[];

/** Rounds of repair: a stand-in map may itself need its required fields filled in the next round. */
const MAX_ROUNDS = 8;

/**
 * Where a structural problem means the names the rest of the file refers to
 * are not known (a region, a site, a chip or a class table that did not
 * parse): references cannot be checked then, since any could be a false alarm.
 */
function breaksDeclarations(path: Path): boolean {
  const [section, , field] = path;
  if (path.length === 0) return true;
  if (section === 'chips' || section === 'classes' || section === 'circles') return path.length === 1;
  if (section === 'regions' || section === 'sites') return path.length <= 2 || field === 'name' || field === 'from';
  return false;
}

/**
 * A copy of `data` that passes `schema`, made by replacing each value the
 * schema refused with a stand-in (the field's default, or the plainest
 * value the schema accepts) and dropping unknown fields. Returns the parsed
 * result and the paths of the stand-ins, so that the checks that follow the
 * structural ones (references, limits) run on everything else and their
 * problems at or around a stand-in are left out. Undefined when a
 * declaration itself is broken, or no stand-in fits.
 */
export function salvage<S extends AnySchema>(schema: S, data: unknown): { data: z.output<S>; standIns: Path[] } | undefined {
  // One copy, repaired in place: a copy per repair would copy a list of 50,000 jobs once for each of its problems.
  let current = structuredClone(data);
  const standIns: Path[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = (schema as unknown as z.ZodType<z.output<S>>).safeParse(current);
    if (result.success) return { data: result.data, standIns };
    for (const issue of result.error.issues) {
      if (breaksDeclarations(issue.path)) return undefined;
      if (issue.code === 'unrecognized_keys') {
        current = setAt(current, issue.path, withoutKeys(issue.keys));
        continue;
      }
      // The value itself, or (as for a distribution whose `dist` is unknown) the nearest enclosing value that has a stand-in.
      let replaced = false;
      for (let n = issue.path.length; n > 0 && !replaced; n--) {
        const path = issue.path.slice(0, n);
        if (breaksDeclarations(path)) return undefined;
        const field = schemaAt(schema, current, path);
        const standIn = field === undefined ? NONE : plainestValue(field);
        if (standIn === NONE) continue;
        current = setAt(current, path, () => standIn);
        standIns.push(path);
        replaced = true;
      }
      if (!replaced) return undefined;
    }
  }
  return undefined;
}

/**
 * The stand-ins' paths (formatted), to ask whether a problem lies at,
 * under or above one, other than at the top of the file. Each question
 * costs the length of its path, not the number of stand-ins: a file can
 * have tens of thousands of both.
 */
export class StandIns {
  private readonly at: Set<string>;
  /** Every stand-in and every path above one. */
  private readonly above = new Set<string>();

  constructor(paths: readonly string[]) {
    this.at = new Set(paths);
    for (const p of paths) for (const prefix of prefixes(p)) this.above.add(prefix);
  }

  near(path: string): boolean {
    if (path === '') return false;
    // At or above a stand-in (`above` holds the stand-ins too); else under one: a stand-in among the paths above it.
    if (this.above.has(path)) return true;
    const up = prefixes(path);
    for (let i = 1; i < up.length; i++) if (this.at.has(up[i] as string)) return true;
    return false;
  }
}

/** A formatted path and the paths above it: `a.b[2]` gives `a.b[2]`, `a.b`, `a`. */
function prefixes(path: string): string[] {
  const out = [path];
  for (let i = path.length - 1; i > 0; i--) if (path[i] === '.' || path[i] === '[') out.push(path.slice(0, i));
  return out;
}

const NONE = Symbol('none');

/** The plainest value a schema accepts: a field's default, else the simplest value that parses. */
function plainestValue(schema: AnySchema): unknown {
  const def = schema._zod.def;
  // A default is valid by construction; an optional field gets a value rather than none, which could change the meaning of others (a horizon).
  if (def.type === 'default' || def.type === 'prefault') return (def as z.core.$ZodDefaultDef).defaultValue;
  if (def.type === 'optional') {
    const inner = plainestValue((def as z.core.$ZodOptionalDef).innerType);
    return inner === NONE ? undefined : inner;
  }
  const candidates: unknown[] = [];
  switch (def.type) {
    case 'number': {
      const bag = schema._zod.bag as { minimum?: number; maximum?: number };
      candidates.push(1, 0, bag.minimum, bag.maximum);
      break;
    }
    case 'string':
      candidates.push('x');
      break;
    case 'boolean':
      candidates.push(false);
      break;
    case 'enum':
      candidates.push(...Object.values((def as z.core.$ZodEnumDef).entries));
      break;
    case 'literal':
      candidates.push(...(def as z.core.$ZodLiteralDef<z.core.util.Literal>).values);
      break;
    case 'array': {
      candidates.push([]);
      const element = plainestValue((def as z.core.$ZodArrayDef).element);
      if (element !== NONE) candidates.push([element]);
      break;
    }
    case 'record':
      candidates.push({});
      break;
    case 'object': {
      const map: Record<string, unknown> = {};
      for (const [key, field] of Object.entries((def as z.core.$ZodObjectDef).shape)) {
        const v = plainestValue(field);
        if (v === NONE) return NONE;
        if (v !== undefined) map[key] = v;
      }
      candidates.push(map);
      break;
    }
    case 'union':
      for (const option of (def as z.core.$ZodUnionDef).options) candidates.push(plainestValue(option));
      break;
    case 'unknown':
      candidates.push(null);
      break;
    default:
      break;
  }
  for (const c of candidates) {
    if (c !== NONE && c !== undefined && (schema as unknown as z.ZodType).safeParse(c).success) return c;
  }
  return NONE;
}

/** A copy of `data` without the keys `keys` of the map at `path`; containers on the way are copied, the input is never changed. */
export function omitKeys(data: unknown, path: Path, keys: readonly string[]): unknown {
  return replaceAt(data, path, withoutKeys(keys));
}

/** A map's copy without `keys`. */
function withoutKeys(keys: readonly string[]): (map: unknown) => unknown {
  const drop = new Set(keys);
  return (map) => Object.fromEntries(Object.entries(map as Record<string, unknown>).filter(([k]) => !drop.has(k)));
}

/** A copy of `data` with the value at `path` replaced by `change(old)`; containers on the way are copied, nothing else. */
function replaceAt(data: unknown, path: Path, change: (old: unknown) => unknown): unknown {
  if (path.length === 0) return change(data);
  const [head, ...rest] = path as PropertyKey[];
  if (Array.isArray(data)) {
    const copy = [...(data as unknown[])];
    copy[head as number] = replaceAt(copy[head as number], rest, change);
    return copy;
  }
  const copy: Record<PropertyKey, unknown> = data !== null && typeof data === 'object' ? { ...(data as Record<PropertyKey, unknown>) } : {};
  const next = replaceAt(copy[head as PropertyKey], rest, change);
  if (next === undefined) delete copy[head as PropertyKey];
  else copy[head as PropertyKey] = next;
  return copy;
}

/** `data` with the value at `path` set to `change(old)`, in place: containers missing on the way are made, and a value `undefined` removes its key. */
function setAt(data: unknown, path: Path, change: (old: unknown) => unknown): unknown {
  if (path.length === 0) return change(data);
  const root = isContainer(data) ? data : {};
  let container = root as Record<PropertyKey, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as PropertyKey;
    const next = container[key];
    if (isContainer(next)) container = next as Record<PropertyKey, unknown>;
    else container = container[key] = {};
  }
  const last = path[path.length - 1] as PropertyKey;
  const value = change(container[last]);
  if (value === undefined && !Array.isArray(container)) delete container[last];
  else container[last] = value;
  return root;
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}
