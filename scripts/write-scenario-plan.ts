/**
 * Writes src/scenario/scenario-plan.ts, the plan of the scenario schema
 * (see src/scenario/parse-plan.ts), from the zod schema itself:
 *
 *   npx tsx scripts/write-scenario-plan.ts
 *
 * Run it after changing schema.ts; test/scenario/parse-plan.test.ts fails
 * until the written plan is the schema's. The walk knows the parts of zod
 * the scenario schema uses, each with zod's own reading of an absent or
 * undefined field, and throws on any other, so that a new kind of schema
 * part is taught here before a scenario can meet it.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type * as z from 'zod';
import type { Check, Json, Plan } from '../src/scenario/parse-plan.js';
import { scenarioSchema } from '../src/scenario/schema.js';
import { valueRules, type ValueRule } from '../src/scenario/value-rules.js';

export const planFile = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'src', 'scenario', 'scenario-plan.ts');

/** The parts of a zod definition the walk reads (zod's own types are a union per kind). */
interface Def {
  type: string;
  checks?: z.core.$ZodCheck[];
  shape?: Record<string, z.core.$ZodType>;
  catchall?: z.core.$ZodType;
  element?: z.core.$ZodType;
  items?: z.core.$ZodType[];
  rest?: z.core.$ZodType | null;
  keyType?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  mode?: string;
  options?: z.core.$ZodType[];
  discriminator?: string;
  unionFallback?: boolean;
  inclusive?: boolean;
  innerType?: z.core.$ZodType;
  defaultValue?: unknown;
  entries?: Record<string, unknown>;
  values?: unknown[];
  coerce?: boolean;
}

interface CheckDef {
  check: string;
  value?: unknown;
  inclusive?: boolean;
  format?: string;
  minimum?: number;
  fn?: unknown;
  when?: unknown;
}

const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def;

/** The plan of a zod schema; `at` names the place, for the error when a part is not known. */
export function planOf(schema: z.core.$ZodType, at = '(top)'): Plan {
  const def = defOf(schema);
  const unknownPart = (what: string): Error => new Error(`the scenario plan cannot follow ${what} at ${at} (teach scripts/write-scenario-plan.ts and src/scenario/parse-plan.ts)`);
  if (def.coerce === true) throw unknownPart('a coercing schema');
  const checks = checksOf(def.checks, at);
  const noChecks = (): void => {
    if (checks !== undefined) throw unknownPart(`checks on a ${def.type}`);
  };
  switch (def.type) {
    case 'string':
      return withChecks({ type: 'string' }, checks);
    case 'number':
      return withChecks({ type: 'number' }, checks);
    case 'boolean':
      noChecks();
      return { type: 'boolean' };
    case 'unknown':
      noChecks();
      return { type: 'unknown' };
    case 'enum':
    case 'literal': {
      noChecks();
      const values = def.type === 'enum' ? Object.values(def.entries ?? {}) : (def.values ?? []);
      if (!values.every((v): v is string => typeof v === 'string')) throw unknownPart(`a ${def.type} of values other than strings`);
      return { type: 'oneOf', values };
    }
    case 'object': {
      noChecks();
      if (def.catchall === undefined || defOf(def.catchall).type !== 'never') throw unknownPart('an object that is not strict');
      const fields = Object.entries(def.shape ?? {}).map(([key, field]): [string, Plan] => [key, fieldPlan(field, `${at}.${key}`)]);
      return { type: 'object', fields };
    }
    case 'array':
      if (def.element === undefined) throw unknownPart('an array without an element');
      return withChecks({ type: 'array', element: planOf(def.element, `${at}[]`) }, checks);
    case 'tuple': {
      noChecks();
      if (def.rest !== null && def.rest !== undefined) throw unknownPart('a tuple with a rest');
      const items = (def.items ?? []).map((item, i) => planOf(item, `${at}[${i}]`));
      if (items.some((p) => p.type === 'optional' || p.type === 'default' || p.type === 'prefault' || p.type === 'unknown')) throw unknownPart('a tuple with an item that may be absent');
      return { type: 'tuple', items };
    }
    case 'record': {
      noChecks();
      if (def.keyType === undefined || def.valueType === undefined) throw unknownPart('a record without a key or a value');
      const key = defOf(def.keyType);
      if (key.type !== 'string' || key.checks !== undefined || (def.mode !== undefined && def.mode !== 'strict')) throw unknownPart('a record whose keys are not plain strings');
      return { type: 'record', value: planOf(def.valueType, `${at}.*`) };
    }
    case 'union': {
      noChecks();
      const options = def.options ?? [];
      if (def.discriminator === undefined) {
        if (def.inclusive === false) throw unknownPart('an exclusive union');
        return { type: 'union', options: options.map((o, i) => planOf(o, `${at}|${i}`)) };
      }
      if (def.unionFallback === true) throw unknownPart('a discriminated union with a fallback');
      return taggedPlan(def.discriminator, options, at, unknownPart);
    }
    case 'optional': {
      noChecks();
      const inner = planOf(innerOf(def, unknownPart), at);
      // zod's optional around a default substitutes the default; the plan's optional never does.
      if (inner.type === 'default' || inner.type === 'prefault') throw unknownPart('an optional around a default');
      return { type: 'optional', inner };
    }
    case 'default':
    case 'prefault': {
      noChecks();
      return { type: def.type, value: jsonValue(def.defaultValue, unknownPart), inner: planOf(innerOf(def, unknownPart), at) };
    }
    default:
      throw unknownPart(`a schema of type ${def.type}`);
  }
}

/** A field of a strict object, whose absence zod reads by the field's optin and optout: the plan reads it by its type. */
function fieldPlan(field: z.core.$ZodType, at: string): Plan {
  const plan = planOf(field, at);
  const { optin, optout } = field._zod;
  const expected: Record<string, [string | undefined, string | undefined]> = {
    optional: ['optional', 'optional'],
    default: ['defaulted', undefined],
    prefault: ['defaulted', undefined],
  };
  const [wantIn, wantOut] = expected[plan.type] ?? [undefined, undefined];
  if (plan.type === 'unknown' || optin !== wantIn || optout !== wantOut) {
    throw new Error(`the scenario plan cannot follow a field of type ${plan.type} that zod reads as optin ${String(optin)}, optout ${String(optout)} at ${at}`);
  }
  return plan;
}

function taggedPlan(tag: string, options: z.core.$ZodType[], at: string, unknownPart: (what: string) => Error): Plan {
  const byTag: Record<string, Plan> = {};
  options.forEach((option, i) => {
    const plan = planOf(option, `${at}|${i}`);
    const tagPlan = plan.type === 'object' ? plan.fields.find(([key]) => key === tag)?.[1] : undefined;
    if (tagPlan === undefined || tagPlan.type !== 'oneOf') throw unknownPart(`a discriminated union whose option ${i} has no literal ${tag}`);
    for (const value of tagPlan.values) {
      if (value === '__proto__' || Object.hasOwn(byTag, value)) throw unknownPart(`a discriminated union where two options take ${tag} ${value}, or one takes __proto__`);
      byTag[value] = plan;
    }
  });
  return { type: 'tagged', tag, options: byTag };
}

function innerOf(def: Def, unknownPart: (what: string) => Error): z.core.$ZodType {
  if (def.innerType === undefined) throw unknownPart(`a ${def.type} without an inner schema`);
  return def.innerType;
}

function withChecks<P extends Plan & { checks?: Check[] }>(plan: P, checks: Check[] | undefined): P {
  return checks === undefined ? plan : { ...plan, checks };
}

/** The checks of a definition, or undefined when it has none. */
function checksOf(checks: z.core.$ZodCheck[] | undefined, at: string): Check[] | undefined {
  if (checks === undefined || checks.length === 0) return undefined;
  return checks.map((check) => {
    const def = check._zod.def as unknown as CheckDef;
    const unknownCheck = (): Error => new Error(`the scenario plan cannot follow the check ${JSON.stringify(def.check)} at ${at} (teach scripts/write-scenario-plan.ts and src/scenario/parse-plan.ts)`);
    if (def.when !== undefined && def.check !== 'min_length') throw unknownCheck();
    switch (def.check) {
      case 'greater_than':
      case 'less_than': {
        if (typeof def.value !== 'number') throw unknownCheck();
        const op = def.check === 'greater_than' ? (def.inclusive === true ? '>=' : '>') : def.inclusive === true ? '<=' : '<';
        return { op, value: def.value };
      }
      case 'number_format':
        if (def.format !== 'safeint') throw unknownCheck();
        return { op: 'safe-integer' };
      case 'min_length':
        if (typeof def.minimum !== 'number') throw unknownCheck();
        return { op: 'min-length', value: def.minimum };
      case 'custom': {
        const rule = (Object.keys(valueRules) as ValueRule[]).find((name) => valueRules[name] === def.fn);
        if (rule === undefined) throw new Error(`the scenario plan cannot follow a refinement at ${at} that is not one of src/scenario/value-rules.ts: name it there`);
        return { op: 'rule', rule };
      }
      default:
        throw unknownCheck();
    }
  });
}

function jsonValue(value: unknown, unknownPart: (what: string) => Error): Json {
  const text = JSON.stringify(value);
  if (text === undefined || !isDeepStrictEqual(JSON.parse(text), value)) throw unknownPart('a default that is not plain JSON');
  return JSON.parse(text) as Json;
}


/** The text of scenario-plan.ts for the current schema. */
export function scenarioPlanSource(): string {
  const plan = planOf(scenarioSchema());
  const parts = sharedParts(plan);
  const names = new Map([...parts].map(([json, part]) => [json, part.name]));
  const definitions = [...parts].map(([json, part]) => [
    `/** At ${part.uses.join(', ')}. */`,
    `const ${part.name}: Plan = ${format(JSON.parse(json), '', names, json)};`,
    '',
  ]);
  return [
    '// Written by scripts/write-scenario-plan.ts from the zod schema (schema.ts): do not edit.',
    '// After changing the schema, run: npx tsx scripts/write-scenario-plan.ts',
    "import type { Plan } from './parse-plan.js';",
    '',
    ...definitions.flat(),
    '/** The scenario schema as a plan: what `parseByPlan` checks and fills in without zod (see parse-plan.ts). */',
    `export const scenarioPlan: Plan = ${format(plan, '', names)};`,
    '',
  ].join('\n');
}

/** A part of the plan is written once, as a constant, when the schema uses it in several places and it is at least this long (as JSON). */
const SHARED_PART_CHARS = 300;

/** A plan's parts and where they stand (`sites[].pools[].pricing`): a union's options and a default's inner plan stand where the union does. */
function partsOf(plan: Plan, path: string): [Plan, string][] {
  const at = (key: string): string => (path === '' ? key : `${path}.${key}`);
  switch (plan.type) {
    case 'object':
      return plan.fields.map(([key, field]): [Plan, string] => [field, at(key)]);
    case 'array':
      return [[plan.element, `${path}[]`]];
    case 'tuple':
      return plan.items.map((item, i): [Plan, string] => [item, `${path}[${i}]`]);
    case 'record':
      return [[plan.value, at('*')]];
    case 'union':
      return plan.options.map((option): [Plan, string] => [option, path]);
    case 'tagged':
      return Object.values(plan.options).map((option): [Plan, string] => [option, path]);
    case 'optional':
    case 'default':
    case 'prefault':
      return [[plan.inner, path]];
    default:
      return [];
  }
}

/**
 * The parts the schema uses in several places (a distribution, a price
 * curve), by their JSON, each with a name and the places it stands, in an
 * order where a part comes after the parts inside it. The largest are
 * taken first; a smaller one is taken if it still stands in two places
 * once the larger ones are written once.
 */
function sharedParts(root: Plan): Map<string, { name: string; uses: string[] }> {
  const counts = new Map<string, number>();
  const count = (plan: Plan): void => {
    const json = JSON.stringify(plan);
    counts.set(json, (counts.get(json) ?? 0) + 1);
    for (const [part] of partsOf(plan, '')) count(part);
  };
  count(root);
  const chosen = new Map<string, string[]>();
  /** Where `json` stands, once each chosen part is written once (its own places are not looked into). */
  const uses = (json: string): string[] => {
    const found: string[] = [];
    const visit = (plan: Plan, path: string, top: boolean): void => {
      const own = JSON.stringify(plan);
      if (own === json) {
        found.push(path === '' ? '(top)' : path);
        return;
      }
      if (!top && chosen.has(own)) return;
      for (const [part, at] of partsOf(plan, path)) visit(part, at, false);
    };
    visit(root, '', true);
    for (const [other, places] of chosen) visit(JSON.parse(other) as Plan, places[0] ?? '', true);
    return found;
  };
  const candidates = [...counts].filter(([json, n]) => n > 1 && json.length >= SHARED_PART_CHARS).sort((a, b) => b[0].length - a[0].length);
  for (const [json] of candidates) {
    const places = uses(json);
    if (places.length > 1) chosen.set(json, places);
  }
  const parts = new Map<string, { name: string; uses: string[] }>();
  [...chosen].sort((a, b) => a[0].length - b[0].length).forEach(([json], i) => parts.set(json, { name: `sharedPart${i + 1}`, uses: [] }));
  // Where each stands in the file as written: in the plan, or in a larger shared part.
  for (const [json, part] of parts) part.uses = [...new Set(uses(json))];
  return parts;
}

/** JSON, one line where it fits in 160 columns, else one member a line; a shared part (but `self`) by its name. */
function format(value: unknown, indent: string, names: Map<string, string>, self?: string): string {
  const json = JSON.stringify(value);
  const name = json === self ? undefined : names.get(json);
  if (name !== undefined) return name;
  const flat = oneLine(value, names, self);
  if (flat.length + indent.length <= 160 || value === null || typeof value !== 'object') return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${format(v, inner, names)}`).join(',\n')},\n${indent}]`;
  const members = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner, names)}`);
  return `{\n${members.join(',\n')},\n${indent}}`;
}

function oneLine(value: unknown, names: Map<string, string>, self?: string): string {
  const json = JSON.stringify(value);
  const name = json === self ? undefined : names.get(json);
  if (name !== undefined) return name;
  if (value === null || typeof value !== 'object') return json;
  if (Array.isArray(value)) return `[${value.map((v) => oneLine(v, names)).join(',')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${oneLine(v, names)}`).join(',')}}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(planFile, scenarioPlanSource());
  process.stdout.write(`wrote ${planFile}\n`);
}
