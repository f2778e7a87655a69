import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/**
 * One plain sentence per zod issue, written for someone editing a YAML file
 * rather than for a TypeScript programmer: what is wrong, what is allowed,
 * and what was found.
 */
export function describeIssue(issue: Issue, found: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (found === undefined) return `is required (${article(issue.expected)})`;
      if (typeof found === 'number' && issue.expected === 'number') return `must be a finite number; got ${String(found)}`;
      return `expected ${article(issue.expected)}, got ${describeValue(found)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${describeValue(found)}`;
    case 'invalid_union':
      {
        // Discriminated unions report the allowed discriminator values.
        const options = (issue as { options?: unknown }).options;
        if (Array.isArray(options)) return `must be one of ${options.map((v: unknown) => JSON.stringify(v)).join(', ')}; got ${describeValue(found)}`;
      }
      return `does not match any allowed form; got ${describeValue(found)}`;
    case 'too_small':
      return `${boundText(issue.origin, issue.inclusive ? 'at least' : 'greater than', issue.minimum)}; got ${describeValue(found)}`;
    case 'too_big':
      return `${boundText(issue.origin, issue.inclusive ? 'at most' : 'less than', issue.maximum)}; got ${describeValue(found)}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}; got ${describeValue(found)}`;
    default:
      return issue.message;
  }
}

function boundText(origin: string, relation: string, bound: number | bigint): string {
  if (origin === 'array') return `must have ${relation} ${String(bound)} item${bound === 1 ? '' : 's'}`;
  if (origin === 'string') return `must have ${relation} ${String(bound)} character${bound === 1 ? '' : 's'}`;
  return `must be ${relation} ${String(bound)}`;
}

function article(type: string): string {
  if (type === 'int') return 'an integer';
  if (type === 'object') return 'a map of fields';
  if (type === 'array') return 'a list';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** A short description of a value as the user wrote it. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/** The value under `path` in plain data, or undefined. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * The keys an object schema allows at `path`, following the data through
 * arrays, records, defaults and discriminated unions. Undefined when the
 * schema there is not an object.
 */
export function allowedKeysAt(schema: AnySchema, data: unknown, path: readonly PropertyKey[]): string[] | undefined {
  const at = schemaAt(schema, data, path);
  const s = at === undefined ? undefined : unwrap(at, valueAt(data, path));
  if (s === undefined) return undefined;
  const def = s._zod.def;
  return def.type === 'object' ? Object.keys((def as z.core.$ZodObjectDef).shape) : undefined;
}

/**
 * The schema of the value at `path`, as written there (defaults, optionals
 * and unions not stripped), following the data through arrays, records,
 * defaults and discriminated unions on the way. Undefined when the path
 * leaves the schema.
 */
export function schemaAt(schema: AnySchema, data: unknown, path: readonly PropertyKey[]): AnySchema | undefined {
  let s: AnySchema | undefined = schema;
  let v: unknown = data;
  for (const key of path) {
    s = unwrap(s, v);
    if (s === undefined) return undefined;
    const def = s._zod.def;
    if (def.type === 'object') s = (def as z.core.$ZodObjectDef).shape[String(key)];
    else if (def.type === 'array') s = (def as z.core.$ZodArrayDef).element;
    else if (def.type === 'record') s = (def as z.core.$ZodRecordDef).valueType;
    else return undefined;
    if (s === undefined) return undefined;
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return s;
}

/** Strips defaults and optionals, and picks a union member by its discriminator. */
function unwrap(schema: AnySchema, value: unknown): AnySchema | undefined {
  let s: AnySchema = schema;
  for (;;) {
    const def = s._zod.def;
    if (def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault') {
      s = (def as z.core.$ZodDefaultDef).innerType;
      continue;
    }
    if (def.type === 'union') {
      const options = (def as z.core.$ZodUnionDef).options;
      const discriminator = (def as { discriminator?: string }).discriminator;
      if (discriminator === undefined || value === null || typeof value !== 'object') return undefined;
      const wanted = (value as Record<string, unknown>)[discriminator];
      const match = options.find((o) => {
        const shape = o._zod.def.type === 'object' ? (o._zod.def as z.core.$ZodObjectDef).shape : undefined;
        const lit = shape?.[discriminator]?._zod.def;
        return lit !== undefined && lit.type === 'literal' && (lit as z.core.$ZodLiteralDef<z.core.util.Literal>).values.includes(wanted as z.core.util.Literal);
      });
      if (match === undefined) return undefined;
      s = match;
      continue;
    }
    return s;
  }
}
