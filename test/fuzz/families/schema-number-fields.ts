import type { z } from 'zod';

/** A step of a field pattern: a key, `[]` for every element of a list, `*` for every entry of a map of names. */
export type PatternStep = string;

type AnySchema = z.core.$ZodType;

/**
 * Every field the schema types as a number, as a pattern such as
 * `sites[].pools[].failures.mtbfHours` (steps `['sites', '[]', 'pools',
 * '[]', 'failures', 'mtbfHours']`), found by walking the zod schema: the
 * fields an extreme value should be tried in, whether or not a given
 * scenario happens to use them.
 */
export function schemaNumberFields(schema: AnySchema): PatternStep[][] {
  const out: PatternStep[][] = [];
  const seen = new Set<string>();
  const walk = (s: AnySchema, path: PatternStep[], depth: number): void => {
    if (depth > 12) return;
    const def = s._zod.def;
    switch (def.type) {
      case 'default':
      case 'optional':
      case 'nullable':
      case 'prefault':
        walk((def as z.core.$ZodDefaultDef).innerType, path, depth);
        return;
      case 'union':
        for (const o of (def as z.core.$ZodUnionDef).options) walk(o, path, depth);
        return;
      case 'object':
        for (const [k, v] of Object.entries((def as z.core.$ZodObjectDef).shape)) walk(v, [...path, k], depth + 1);
        return;
      case 'array':
        walk((def as z.core.$ZodArrayDef).element, [...path, '[]'], depth + 1);
        return;
      case 'record':
        walk((def as z.core.$ZodRecordDef).valueType, [...path, '*'], depth + 1);
        return;
      case 'number': {
        const key = path.join('.');
        if (!seen.has(key)) {
          seen.add(key);
          out.push(path);
        }
        return;
      }
      default:
        return;
    }
  };
  walk(schema, [], 0);
  return out;
}

/** The places in `data` where a field of `pattern` sits: the paths of its parent maps that exist, with the field's key. */
export function placesOf(data: unknown, pattern: readonly PatternStep[]): (string | number)[][] {
  const parents: (string | number)[][] = [];
  const walk = (v: unknown, i: number, path: (string | number)[]): void => {
    if (i === pattern.length - 1) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) parents.push(path);
      return;
    }
    const step = pattern[i] as PatternStep;
    if (step === '[]') {
      if (Array.isArray(v)) v.forEach((x, j) => walk(x, i + 1, [...path, j]));
    } else if (step === '*') {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, i + 1, [...path, k]);
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v) && step in v) {
      walk((v as Record<string, unknown>)[step], i + 1, [...path, step]);
    }
  };
  walk(data, 0, []);
  const key = pattern[pattern.length - 1] as string;
  return parents.map((p) => [...p, key]);
}
