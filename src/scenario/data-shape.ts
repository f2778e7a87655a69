import { firstUnprintable } from '../io/unprintable.js';

/**
 * Names a scenario may not use: the properties every JavaScript object
 * inherits (`constructor`, `toString`, `__proto__`, ...) and `prototype`.
 * As a key of a plain object such a name either changes the object's
 * prototype (`__proto__`) or collides with an inherited member in lookups
 * by name; refusing it by name is clearer than any workaround.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Why `name` cannot be used as a key of plain data, or undefined when it can. */
export function reservedNameProblem(name: string): string | undefined {
  return RESERVED_NAMES.has(name) ? `"${name}" cannot be used as a name: every JavaScript object has a property of that name` : undefined;
}

/** Why `name` cannot be a name in a scenario (a reserved name, or one that holds a control character), or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  const reserved = reservedNameProblem(name);
  if (reserved !== undefined) return reserved;
  const bad = firstUnprintable(name);
  if (bad === undefined) return undefined;
  return `${JSON.stringify(name)} cannot be used as a name: it holds ${bad}, a control character or bidirectional override, which would reach terminals and reports as it is`;
}

/**
 * Deepest nesting of lists and maps a scenario (or sweep) may have. The
 * format itself needs about eight levels; the bound keeps every recursive
 * step after parsing (conversion, validation, freezing) far from the stack's
 * limit.
 */
export const MAX_NESTING_DEPTH = 64;

/** Something wrong with the shape of plain data, at a path (and at a key of the map there). */
export interface ShapeProblem {
  path: (string | number)[];
  key?: string;
  message: string;
}

/**
 * Walks plain data (without recursion, so any depth is safe) and reports
 * nesting deeper than `MAX_NESTING_DEPTH` (once, at the first place) and
 * every map key that is a reserved name.
 */
export function checkDataShape(data: unknown): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  let tooDeep = false;
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_NESTING_DEPTH) {
      if (!tooDeep) problems.push({ path, message: `nests lists and maps more than ${MAX_NESTING_DEPTH} levels deep` });
      tooDeep = true;
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i] as unknown, path: [...path, i] });
      continue;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const reserved = nameProblem(key);
      if (reserved !== undefined) {
        problems.push({ path, key, message: reserved });
        continue;
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return problems;
}
