import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_SWEEP_SEEDS, MAX_SWEEP_VARIANTS, planSweep } from '../../src/sweep/sweep-plan.js';
import { problemsOf } from '../helpers/problems.js';

const root = join(import.meta.dirname, '..', '..');
const TINY = join(root, 'test/fixtures/sweeps/tiny.yaml');
const dir = mkdtempSync(join(tmpdir(), 'manychip-sweep-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sweepFile(name: string, body: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `scenario: ${TINY}\n${body}`);
  return file;
}

describe('sweep paths through the prototype', () => {
  for (const path of ['__proto__.polluted', 'constructor.prototype.polluted', 'workload[0].__proto__.x', 'prototype']) {
    it(`refuses --set ${path}=1 by name, and pollutes nothing`, () => {
      const step = path.split(/[.[]/).find((s) => ['__proto__', 'constructor', 'prototype'].includes(s));
      expect(problemsOf(() => planSweep(TINY, { set: [`${path}=1`] }))).toEqual([
        `--set "${path}" is not a field path: no scenario has a field "${step}" (names every JavaScript object has are refused)`,
      ]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('refuses a matrix key through constructor in a sweep file, at the key', () => {
    const file = sweepFile('ctor', 'matrix:\n  constructor.x: [1, 2]\n');
    expect(problemsOf(() => planSweep(file))).toEqual([`${file}:3:3 matrix.constructor.x: "constructor.x" is not a field path: no scenario has a field "constructor" (names every JavaScript object has are refused)`]);
  });

  it('refuses a matrix key named __proto__ before it can reach an object', () => {
    const file = sweepFile('proto', 'matrix:\n  __proto__: [1, 2]\n');
    expect(problemsOf(() => planSweep(file))).toEqual([`${file}:3:3 matrix.__proto__: "__proto__" cannot be used as a name: every JavaScript object has a property of that name`]);
  });
});

describe('values given with --set', () => {
  it('are checked as a file would be: nesting too deep for what reads them, and reserved names', () => {
    const deep = `${'['.repeat(30000)}${']'.repeat(30000)}`;
    expect(problemsOf(() => planSweep(TINY, { set: [`policyOptions.x=${deep}`] }))).toEqual(['--set policyOptions.x: a value nests lists and maps more than 64 levels deep']);
    expect(problemsOf(() => planSweep(TINY, { set: ['policyOptions={"__proto__":{"x":1}}'] }))).toEqual([
      '--set policyOptions: "__proto__" cannot be used as a name: every JavaScript object has a property of that name',
    ]);
  });
});

describe('sweep size', () => {
  it('refuses a 100 × 100 × 100 matrix by its size, before validating any variant', () => {
    const values = `[${Array.from({ length: 100 }, (_, i) => i + 1).join(', ')}]`;
    const file = sweepFile('huge', `matrix:\n  workload[0].count: ${values}\n  seed: ${values}\n  sites[0].pools[0].nodes: ${values}\n`);
    expect(problemsOf(() => planSweep(file))).toEqual([
      `${file}:3:3 matrix: the matrix makes 1,000,000 variants (100 × 100 × 100); at most ${MAX_SWEEP_VARIANTS.toLocaleString('en-US')} are allowed, since each is validated before any run: split it into several sweeps`,
    ]);
  });

  it('refuses more seeds than a sweep may run', () => {
    expect(problemsOf(() => planSweep(TINY, { seeds: MAX_SWEEP_SEEDS + 1 }))[0]).toContain(`at most ${MAX_SWEEP_SEEDS.toLocaleString('en-US')} are allowed`);
    const file = sweepFile('seeds', `seeds: ${MAX_SWEEP_SEEDS + 1}\n`);
    expect(problemsOf(() => planSweep(file))).toEqual([`${file}:2:8 seeds: must be at most ${MAX_SWEEP_SEEDS}; got ${MAX_SWEEP_SEEDS + 1}`]);
  });
});
