import { valueRules, type ValueRule } from './value-rules.js';

/**
 * A plan of a zod schema: what the schema accepts and what it makes of it,
 * as plain data, for the schemas' parts that the scenario schema uses.
 * `parseByPlan` follows a plan without zod, so that a valid scenario is
 * checked and filled in without building the zod schema (a real share of
 * a command's start, see schema.ts). It only ever says "valid, and here is
 * the result" or "not sure": for anything else zod decides, and words the
 * problems. scripts/write-scenario-plan.ts writes the scenario's plan
 * (scenario-plan.ts) from the zod schema itself, and the tests hold the two
 * to the same answers (test/scenario/parse-plan.test.ts).
 */
export type Plan =
  | { type: 'string'; checks?: Check[] }
  | { type: 'number'; checks?: Check[] }
  | { type: 'boolean' }
  | { type: 'unknown' }
  /** One of these values (zod's enum and literal). */
  | { type: 'oneOf'; values: string[] }
  /** A strict object: these fields, in this order, and no other key. */
  | { type: 'object'; fields: [string, Plan][] }
  | { type: 'array'; element: Plan; checks?: Check[] }
  /** An array of exactly these items. */
  | { type: 'tuple'; items: Plan[] }
  /** An object with any string keys, each value of one plan. */
  | { type: 'record'; value: Plan }
  /** The first of the options that accepts the value. */
  | { type: 'union'; options: Plan[] }
  /** The option that the value's `tag` field names (zod's discriminated union). */
  | { type: 'tagged'; tag: string; options: Record<string, Plan> }
  /** Absent stays absent (in an object: the key is left out). */
  | { type: 'optional'; inner: Plan }
  /** Absent becomes `value`, which the inner plan does not see (zod's default). */
  | { type: 'default'; value: Json; inner: Plan }
  /** Absent becomes `value`, which then goes through the inner plan (zod's prefault). */
  | { type: 'prefault'; value: Json; inner: Plan };

/** A check of a value that has the right type: bounds, an integer, a length, a named rule. */
export type Check =
  | { op: '>' | '>=' | '<' | '<='; value: number }
  | { op: 'safe-integer' }
  | { op: 'min-length'; value: number }
  | { op: 'rule'; rule: ValueRule };

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What `parseByPlan` returns when it cannot vouch for the value. */
export const NOT_SURE: unique symbol = Symbol('not sure');

/**
 * The value as the planned schema would output it (defaults filled in,
 * fields in the schema's order, absent optional fields left out), or
 * NOT_SURE when the schema might reject it.
 */
export function parseByPlan(plan: Plan, value: unknown): unknown {
  switch (plan.type) {
    case 'string':
      return typeof value === 'string' && passes(plan.checks, value) ? value : NOT_SURE;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && passes(plan.checks, value) ? value : NOT_SURE;
    case 'boolean':
      return typeof value === 'boolean' ? value : NOT_SURE;
    case 'unknown':
      return value;
    case 'oneOf':
      return typeof value === 'string' && plan.values.includes(value) ? value : NOT_SURE;
    case 'object':
      return parseObject(plan.fields, value);
    case 'array':
      return parseArray(plan.element, plan.checks, value);
    case 'tuple':
      return parseTuple(plan.items, value);
    case 'record':
      return parseRecord(plan.value, value);
    case 'union':
      for (const option of plan.options) {
        const out = parseByPlan(option, value);
        if (out !== NOT_SURE) return out;
      }
      return NOT_SURE;
    case 'tagged': {
      if (!isObject(value)) return NOT_SURE;
      const tag = value[plan.tag];
      if (typeof tag !== 'string' || !Object.hasOwn(plan.options, tag)) return NOT_SURE;
      return parseByPlan(plan.options[tag] as Plan, value);
    }
    case 'optional':
      return value === undefined ? undefined : parseByPlan(plan.inner, value);
    case 'default':
      return value === undefined ? copyJson(plan.value) : parseByPlan(plan.inner, value);
    case 'prefault':
      return parseByPlan(plan.inner, value === undefined ? copyJson(plan.value) : value);
  }
}

function parseObject(fields: [string, Plan][], value: unknown): unknown {
  if (!isObject(value)) return NOT_SURE;
  const out: Record<string, unknown> = {};
  for (const [key, plan] of fields) {
    // As zod's object: an absent optional field stays absent, a present one (even undefined) is kept.
    if (plan.type === 'optional' && !(key in value)) continue;
    const parsed = parseByPlan(plan, value[key]);
    if (parsed === NOT_SURE) return NOT_SURE;
    out[key] = parsed;
  }
  // Strict: any other key (inherited enumerable ones too, as zod's for...in sees them) is zod's to report.
  const names = fieldNames(fields);
  for (const key in value) {
    if (!names.has(key)) return NOT_SURE;
  }
  return out;
}

const namesOfFields = new WeakMap<[string, Plan][], Set<string>>();

function fieldNames(fields: [string, Plan][]): Set<string> {
  let names = namesOfFields.get(fields);
  if (names === undefined) {
    names = new Set(fields.map(([name]) => name));
    namesOfFields.set(fields, names);
  }
  return names;
}

function parseArray(element: Plan, checks: Check[] | undefined, value: unknown): unknown {
  if (!Array.isArray(value) || !passes(checks, value)) return NOT_SURE;
  const out = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    const parsed = parseByPlan(element, value[i]);
    if (parsed === NOT_SURE) return NOT_SURE;
    out[i] = parsed;
  }
  return out;
}

function parseTuple(items: Plan[], value: unknown): unknown {
  if (!Array.isArray(value) || value.length !== items.length) return NOT_SURE;
  const out: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    const parsed = parseByPlan(items[i] as Plan, value[i]);
    if (parsed === NOT_SURE) return NOT_SURE;
    out.push(parsed);
  }
  return out;
}

function parseRecord(plan: Plan, value: unknown): unknown {
  // Plain objects only, with string keys only: zod's rules for anything else are its own.
  if (!isObject(value)) return NOT_SURE;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return NOT_SURE;
  const out: Record<string, unknown> = {};
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') return NOT_SURE;
    // zod leaves these out of the result: a __proto__ key would set the result's prototype.
    if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(value, key)) continue;
    const parsed = parseByPlan(plan, value[key]);
    if (parsed === NOT_SURE) return NOT_SURE;
    out[key] = parsed;
  }
  return out;
}

function passes(checks: Check[] | undefined, value: number | string | unknown[]): boolean {
  if (checks === undefined) return true;
  for (const check of checks) {
    if (!passesOne(check, value)) return false;
  }
  return true;
}

function passesOne(check: Check, value: number | string | unknown[]): boolean {
  switch (check.op) {
    case '>':
      return (value as number) > check.value;
    case '>=':
      return (value as number) >= check.value;
    case '<':
      return (value as number) < check.value;
    case '<=':
      return (value as number) <= check.value;
    case 'safe-integer':
      return Number.isSafeInteger(value);
    case 'min-length':
      // zod counts a string's length in code points.
      return (typeof value === 'string' ? codePoints(value) : (value as unknown[]).length) >= check.value;
    case 'rule':
      return (valueRules[check.rule] as (v: never) => boolean)(value as never);
  }
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A fresh copy of a default, so that no two results share (or freeze) one object. */
function copyJson(value: Json): Json {
  if (Array.isArray(value)) return value.map(copyJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value)) out[key] = copyJson(value[key] as Json);
    return out;
  }
  return value;
}
