import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { planFile, planOf, scenarioPlanSource } from '../../scripts/write-scenario-plan.js';
import { NOT_SURE, parseByPlan } from '../../src/scenario/parse-plan.js';
import { scenarioPlan } from '../../src/scenario/scenario-plan.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import { SourceDocument } from '../../src/scenario/source-document.js';
import { mutatedFamily } from '../fuzz/families/mutated-scenario.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The same value in every way the rest of manychip could tell: the same
 * keys in the same order (an absent key is not a key holding undefined),
 * the same array lengths, and primitives equal by Object.is. Says where
 * the two differ first, or undefined when they do not.
 */
function difference(a: unknown, b: unknown, at = '(top)'): string | undefined {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${at}: an array and a non-array`;
    if (a.length !== b.length) return `${at}: lengths ${a.length} and ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${at}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.join('\u0000') !== kb.join('\u0000')) return `${at}: keys ${JSON.stringify(ka)} and ${JSON.stringify(kb)}`;
    for (const k of ka) {
      const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${at}: ${String(a)} and ${String(b)}`;
}

/** What the plan and zod make of the same data: both accept it, with the same result, or both do not. */
function expectSameAnswer(data: unknown, label: string): 'accepted' | 'refused' {
  const zod = scenarioSchema().safeParse(data, { jitless: true });
  const planned = parseByPlan(scenarioPlan, data);
  if (!zod.success) {
    expect(planned, `${label}: the plan vouches for a scenario zod refuses (${zod.error.issues[0]?.message})`).toBe(NOT_SURE);
    return 'refused';
  }
  expect(planned, `${label}: the plan is not sure of a scenario zod accepts`).not.toBe(NOT_SURE);
  expect(difference(planned, zod.data), label).toBeUndefined();
  return 'accepted';
}

/** The data of a scenario's text, read as manychip reads it, or undefined when that fails before the structure is checked. */
function dataOf(text: string, file: string): unknown {
  const parsed = SourceDocument.parse(text, file);
  return 'data' in parsed ? parsed.data : undefined;
}

/** A sweep file (it names its base scenario) rather than a scenario. */
const isSweep = (data: unknown): boolean => typeof data === 'object' && data !== null && 'scenario' in data;

const yamlIn = (dir: string): string[] =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));

describe('the scenario plan', () => {
  it('is the plan of the zod schema (regenerate: npx tsx scripts/write-scenario-plan.ts)', () => {
    expect(readFileSync(planFile, 'utf8')).toBe(scenarioPlanSource());
  });

  it('accepts every bundled scenario and example with zod’s result, field for field and in zod’s order', () => {
    const files = [...yamlIn('scenarios'), ...yamlIn('bench/scenarios'), ...yamlIn('test/fixtures/market')];
    const scenarios = files.map((file) => ({ file, data: dataOf(readFileSync(join(root, file), 'utf8'), file) })).filter(({ data }) => !isSweep(data));
    expect(scenarios.length).toBeGreaterThan(18);
    for (const { file, data } of scenarios) expect(expectSameAnswer(data, file), file).toBe('accepted');
  });

  it('refuses every scenario of test/fixtures/bad that zod refuses, and agrees on the others', () => {
    const answers = yamlIn('test/fixtures/bad').map((file) => {
      const data = dataOf(readFileSync(join(root, file), 'utf8'), file);
      return data === undefined ? 'unread' : expectSameAnswer(data, file);
    });
    // Most are refused by the structure; some are bad only in their cross-references, which come later.
    expect(answers.filter((a) => a === 'refused').length).toBeGreaterThan(10);
  });

  it('agrees with zod on mutated bundled scenarios (keys deleted, added, duplicated; values of other types and extreme numbers)', () => {
    const seen = { accepted: 0, refused: 0, unread: 0 };
    fc.assert(
      fc.property(mutatedFamily, (c) => {
        const file = c.files[0];
        const data = file !== undefined && 'text' in file ? dataOf(file.text, c.label) : undefined;
        seen[data === undefined ? 'unread' : expectSameAnswer(data, c.label)]++;
      }),
      { numRuns: 1500, seed: 20261206 },
    );
    // Both kinds of answer are well represented, or the property says little.
    expect(seen.accepted).toBeGreaterThan(200);
    expect(seen.refused).toBeGreaterThan(200);
  });
});

describe('parseByPlan, on small schemas against zod and by hand', () => {
  const schema = z.strictObject({
    a: z.number().optional(),
    b: z.string().default('x'),
    c: z.strictObject({ d: z.number().int().default(1), e: z.array(z.string()).min(1).optional() }).prefault({}),
    f: z.union([z.literal('rtt'), z.number().gt(0), z.record(z.string(), z.number())]).default(0),
    g: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('one'), n: z.number() }), z.strictObject({ kind: z.literal('two'), s: z.string() })]).optional(),
    h: z.tuple([z.number(), z.boolean()]).optional(),
    i: z.record(z.string(), z.unknown()).default({}),
  });
  const plan = planOf(schema);
  const both = (data: unknown): { planned: unknown; zod: unknown } => {
    const r = schema.safeParse(data);
    return { planned: parseByPlan(plan, data), zod: r.success ? r.data : NOT_SURE };
  };

  it('fills in defaults and prefaults, leaves absent optional fields out, and keeps the schema’s order', () => {
    const { planned, zod } = both({ i: { z: 1 }, b: 'y' });
    expect(planned).toEqual({ b: 'y', c: { d: 1 }, f: 0, i: { z: 1 } });
    expect(Object.keys(planned as object)).toEqual(['b', 'c', 'f', 'i']);
    expect(difference(planned, zod)).toBeUndefined();
  });

  it('keeps a present optional field that holds undefined, as zod does', () => {
    const { planned, zod } = both({ a: undefined });
    expect(Object.keys(planned as object)).toContain('a');
    expect(difference(planned, zod)).toBeUndefined();
  });

  it('gives each result its own copy of a default', () => {
    const one = parseByPlan(plan, {}) as { i: Record<string, unknown> };
    const two = parseByPlan(plan, {}) as { i: Record<string, unknown> };
    expect(one.i).not.toBe(two.i);
  });

  it('takes the first union option that accepts, and the tagged option its tag names', () => {
    for (const data of [{ f: 'rtt' }, { f: 2 }, { f: { x: 1 } }, { g: { kind: 'two', s: 'q' } }, { h: [1, true] }, { c: { e: ['p'] } }]) {
      const { planned, zod } = both(data);
      expect(planned, JSON.stringify(data)).not.toBe(NOT_SURE);
      expect(difference(planned, zod), JSON.stringify(data)).toBeUndefined();
    }
  });

  it('is not sure wherever zod refuses: unknown keys, types, bounds, integers, lengths, tags, tuple lengths', () => {
    const refused = [
      { zz: 1 },
      { a: '1' },
      { a: Number.NaN },
      { a: Number.POSITIVE_INFINITY },
      { c: { d: 1.5 } },
      { c: { e: [] } },
      { f: 0 },
      { f: 'RTT' },
      { g: { kind: 'three' } },
      { g: { kind: 'one', s: 'q' } },
      { h: [1] },
      { h: [1, true, 2] },
      { i: [] },
      [],
      null,
    ];
    for (const data of refused) {
      const { planned, zod } = both(data);
      expect(zod, JSON.stringify(data)).toBe(NOT_SURE);
      expect(planned, JSON.stringify(data)).toBe(NOT_SURE);
    }
  });

  it('leaves a record’s __proto__ key out, as zod does, and is not sure of symbol keys', () => {
    const data = JSON.parse('{"i": {"__proto__": {"polluted": 1}, "k": 2}}') as unknown;
    const { planned, zod } = both(data);
    expect(planned).toEqual({ b: 'x', c: { d: 1 }, f: 0, i: { k: 2 } });
    expect(difference(planned, zod)).toBeUndefined();
    expect(parseByPlan(plan, { i: { [Symbol('s')]: 1 } })).toBe(NOT_SURE);
  });

  it('refuses to plan what it cannot follow, naming the place', () => {
    expect(() => planOf(z.strictObject({ mail: z.string().email() }))).toThrow(/check "string_format" at \(top\)\.mail/);
    expect(() => planOf(z.looseObject({}))).toThrow(/not strict/);
    expect(() => planOf(z.number().refine((v) => v > 1))).toThrow(/value-rules\.ts/);
    expect(() => planOf(z.strictObject({ any: z.unknown() }))).toThrow(/field of type unknown/);
    expect(() => planOf(z.string().default('a').optional())).toThrow(/optional around a default/);
    expect(() => planOf(z.date())).toThrow(/type date/);
  });
});
