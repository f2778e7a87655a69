import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem, InputError } from '../../src/scenario/problem.js';
import { planSweep } from '../../src/sweep/sweep-plan.js';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'manychip-sweep-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync(join(root, 'test/fixtures/sweeps/tiny.yaml'), join(dir, 'tiny.yaml'));

/** The problems planning the sweep file `text` (written as `name`) reports, each as the CLI prints it. */
function problems(name: string, text: string): string[] {
  const file = join(dir, name);
  writeFileSync(file, text);
  try {
    planSweep(file);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return e.problems.map((p) => formatProblem(p).replaceAll(`${dir}/`, ''));
  }
  return [];
}

describe('a sweep file', () => {
  it('names an unknown field at its key, with the fields allowed, as a scenario file does', () => {
    expect(problems('bogus.yaml', 'name: sw\nscenario: tiny.yaml\nseeds: 1\nbogus: 1\nmatrix:\n  horizon: [10]\n  other: 3\n')).toEqual([
      'bogus.yaml:4:1 bogus: unknown field "bogus" — allowed: name, scenario, matrix, policies, seeds',
      'bogus.yaml:7:10 matrix.other: expected a list, got 3',
    ]);
  });

  it('that names itself as its scenario is said to be a sweep file, in one problem', () => {
    expect(problems('self.yaml', 'name: sw\nscenario: self.yaml\nseeds: 1\n')).toEqual(['self.yaml:2:11 scenario: self.yaml is a sweep file, not a scenario: name the scenario to sweep']);
  });

  it('that names another sweep file as its scenario is said to be one too', () => {
    writeFileSync(join(dir, 'inner.yaml'), 'scenario: tiny.yaml\n');
    expect(problems('outer.yaml', 'scenario: inner.yaml\n')).toEqual(['outer.yaml:1:11 scenario: inner.yaml is a sweep file, not a scenario: name the scenario to sweep']);
  });
});
