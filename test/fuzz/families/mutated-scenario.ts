import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import fc from 'fast-check';
import { Document, isMap, parse, type YAMLMap } from 'yaml';
import { policyNames } from '../../../src/policy/registry.js';
import { scenarioSchema } from '../../../src/scenario/schema.js';
import { allowedKeysAt } from '../../../src/scenario/zod-messages.js';
import type { FuzzCase } from '../fuzz-case.js';
import { repoRoot } from '../repo-root.js';
import { otherPolicy } from './command-lines.js';
import { placesOf, schemaNumberFields } from './schema-number-fields.js';
import { extremeNumber, hostileValue } from './hostile-values.js';

/**
 * The bundled scenarios (scenarios/*.yaml), each parsed to a document and
 * mutated one to three times: a key deleted or duplicated, a value replaced
 * by one of another type, a NaN-ish or unicode string, a wrong enum value
 * or deep nesting, a key added (one the schema allows there, or __proto__
 * and its kin), or one of the schema's numeric fields (found by walking
 * the zod schema, so every one is tried, used by the scenario or not) set
 * to an extreme number (0, -1, 1e308, 5e-324, NaN, huge counts). Before mutating, every stream is cut to at most 60 jobs and the
 * limits lowered, so that an unmutated case runs in a few milliseconds and
 * a slow one says something about manychip.
 */

type Path = (string | number)[];

interface Base {
  name: string;
  data: Record<string, unknown>;
  /** Every path in the document, and the paths of its maps. */
  paths: Path[];
  maps: Path[];
  /** Per numeric field of the schema that this document can hold (its parent exists), the places it goes. */
  numberFields: { pattern: string; places: Path[] }[];
}

/** The schema's numeric fields, but the limits: those keep every case small. */
const numberFields = schemaNumberFields(scenarioSchema()).filter((p) => p[0] !== 'limits');

const scenariosDir = join(repoRoot, 'scenarios');

/** Keys whose values are files, made absolute so the case can live in another folder. */
const FILE_KEYS = new Set(['file', 'rttMsFile']);

function bounded(data: Record<string, unknown>, dir: string): Record<string, unknown> {
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, FILE_KEYS.has(k) && typeof x === 'string' && !isAbsolute(x) ? resolve(dir, x) : visit(x)]),
    );
  };
  const out = visit(data) as Record<string, unknown>;
  if (Array.isArray(out.workload)) {
    out.workload = out.workload.map((w: Record<string, unknown>) => ({ ...w, count: Math.min(typeof w.count === 'number' ? w.count : 60, 60) }));
  }
  out.limits = { maxNodes: 5000, maxJobs: 5000 };
  return out;
}

function pathsOf(data: unknown): { paths: Path[]; maps: Path[] } {
  const paths: Path[] = [];
  const maps: Path[] = [];
  const walk = (v: unknown, path: Path): void => {
    if (path.length > 0) paths.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v !== null && typeof v === 'object') {
      maps.push(path);
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    }
  };
  walk(data, []);
  return { paths, maps };
}

/** The bundled scenarios, bounded; read once. */
export const bases: readonly Base[] = readdirSync(scenariosDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const data = bounded(parse(readFileSync(join(scenariosDir, f), 'utf8')) as Record<string, unknown>, scenariosDir);
    const fields = numberFields.map((p) => ({ pattern: p.join('.').replace(/\.\[\]/g, '[]'), places: placesOf(data, p) })).filter((f) => f.places.length > 0);
    return { name: f, data, ...pathsOf(data), numberFields: fields };
  });

/** Keys that JavaScript objects treat specially, or that are odd as names. */
const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', '${i}', 'k'.repeat(300), '北京', '🚀'];

const mutationArb = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), target: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('set' as const), target: fc.nat(), value: hostileValue }) },
  // A numeric field of the schema (one the document has, or can hold: its parent is there) set to an extreme value.
  { weight: 4, arbitrary: fc.record({ op: fc.constant('extreme' as const), field: fc.nat(), place: fc.nat(), value: extremeNumber }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('add' as const),
      target: fc.nat(),
      key: fc.oneof({ weight: 3, arbitrary: fc.nat().map((k) => ({ allowed: k })) }, { weight: 1, arbitrary: fc.constantFrom(...hostileKeys).map((k) => ({ hostile: k })) }),
      value: hostileValue,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), target: fc.nat(), keyPick: fc.nat(), value: fc.option(hostileValue, { nil: undefined }) }) },
);
type Mutation = typeof mutationArb extends fc.Arbitrary<infer T> ? T : never;

const at = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);

/** Applies the mutations to a document of the base; returns a description of each. */
function mutate(base: Base, mutations: readonly Mutation[], doc: Document): string[] {
  const said: string[] = [];
  const show = (p: Path): string => p.join('.') || '(top)';
  for (const m of mutations) {
    try {
      applyOne(m);
    } catch {
      // An earlier mutation changed the shape this one expected (a map became a number): it does not apply.
    }
  }
  return said;

  function applyOne(m: Mutation): void {
    switch (m.op) {
      case 'delete': {
        const p = at(base.paths, m.target);
        if (p === undefined) break;
        doc.deleteIn(p);
        said.push(`delete ${show(p)}`);
        break;
      }
      case 'set': {
        const p = at(base.paths, m.target);
        if (p === undefined) break;
        doc.setIn(p, doc.createNode(m.value.value));
        said.push(`${show(p)} = ${m.value.label}`);
        break;
      }
      case 'extreme': {
        const p = at(at(base.numberFields, m.field)?.places ?? [], m.place);
        if (p === undefined) break;
        doc.setIn(p, doc.createNode(m.value.value));
        said.push(`${show(p)} = ${m.value.label}`);
        break;
      }
      case 'add': {
        const p = at(base.maps, m.target);
        if (p === undefined) break;
        const key = 'hostile' in m.key ? m.key.hostile : at(allowedKeysAt(scenarioSchema(), base.data, p) ?? [], m.key.allowed);
        if (key === undefined) break;
        const map = p.length === 0 ? doc.contents : doc.getIn(p, true);
        if (!isMap(map)) break;
        (map as YAMLMap).set(doc.createNode(key), doc.createNode(m.value.value));
        said.push(`${show([...p, key])} = ${m.value.label}`);
        break;
      }
      case 'duplicate': {
        const p = at(base.maps, m.target);
        if (p === undefined) break;
        const map = p.length === 0 ? doc.contents : doc.getIn(p, true);
        if (!isMap(map) || map.items.length === 0) break;
        const pair = at(map.items, m.keyPick);
        if (pair === undefined) break;
        const value = m.value === undefined ? pair.value : doc.createNode(m.value.value);
        map.items.push(doc.createPair(pair.key, value));
        said.push(`duplicate ${show(p)}.${String(pair.key)}`);
        break;
      }
    }
  }
}

export const mutatedFamily: fc.Arbitrary<FuzzCase> = fc
  .record({
    base: fc.nat({ max: bases.length - 1 }),
    // One mutation most often: a scenario broken in one place still reaches the run when the value passes validation.
    mutations: fc.oneof({ weight: 3, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 1 }) }, { weight: 2, arbitrary: fc.array(mutationArb, { minLength: 2, maxLength: 3 }) }),
    flow: fc.boolean(),
    command: fc.constantFrom('run', 'validate'),
    other: fc.constantFrom(...policyNames()),
  })
  .map((g) => {
    const base = bases[g.base] as Base;
    const doc = new Document(base.data);
    const said = mutate(base, g.mutations, doc);
    if (g.flow && doc.contents !== null && isMap(doc.contents)) doc.contents.flow = true;
    const text = doc.toString({ lineWidth: 0 });
    const policy = typeof base.data.policy === 'string' ? base.data.policy : 'fifo';
    return {
      family: 'mutated',
      label: `${base.name}: ${said.join('; ') || 'no mutation applied'}`,
      files: [{ path: 'scenario.yaml', text }],
      library: { scenario: 'scenario.yaml', comparePolicies: [policy, otherPolicy(policy, g.other)] },
      argv: g.command === 'validate' ? ['validate', 'scenario.yaml'] : ['run', 'scenario.yaml', '--format', 'json'],
    } satisfies FuzzCase;
  });
