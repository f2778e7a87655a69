import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { salvage, StandIns } from '../../src/scenario/salvage.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import { problemsOf } from '../helpers/problems.js';
import { tinyScenarioYaml } from '../helpers/scenarios.js';

/** The plain reading of "near a stand-in": the problem's path at, under or above one (each pair compared as text). */
function nearByScan(path: string, standIns: readonly string[]): boolean {
  if (path === '') return false;
  const within = (inner: string, outer: string): boolean => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return standIns.some((s) => within(path, s) || within(s, path));
}

/** Formatted paths from a small alphabet of keys and indices, so that paths share prefixes often. */
const pathArb = fc
  .array(fc.constantFrom('.a', '.ab', '.b', '[0]', '[1]', '[10]'), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('').replace(/^\./, ''));

describe('StandIns', () => {
  it('finds a problem near a stand-in exactly when comparing it with every stand-in does', () => {
    fc.assert(
      fc.property(fc.array(pathArb, { maxLength: 12 }), fc.oneof(pathArb, fc.constant('')), (standIns, path) => {
        expect(new StandIns(standIns).near(path)).toBe(nearByScan(path, standIns));
      }),
    );
  });

  it('tells a sibling that shares the start of a key from one under the stand-in', () => {
    const s = new StandIns(['jobs[1]', 'sites[0].pools']);
    expect(s.near('jobs[1].work')).toBe(true);
    expect(s.near('jobs')).toBe(true);
    expect(s.near('jobs[10]')).toBe(false);
    expect(s.near('sites[0].poolsExtra')).toBe(false);
    expect(s.near('')).toBe(false);
  });
});

describe('salvage', () => {
  it('repairs a copy and leaves the data it was given as it was', () => {
    const data = { name: 'x', seed: 'one', chips: { core: { kind: 'cpu' } }, regions: [{ name: 'local' }], sites: [{ name: 'room', region: 'local', pools: [{ chip: 'core', nodes: 4, colour: 'red' }] }], classes: {}, policy: 'fifo' };
    const before = structuredClone(data);
    const result = salvage(scenarioSchema(), data);
    expect(data).toEqual(before);
    if (result === undefined) throw new Error('expected a salvaged copy');
    expect(result.standIns.map((p) => p.join('.'))).toEqual(['seed']);
    expect(result.data.sites[0]?.pools?.[0]).not.toHaveProperty('colour');
  });

  it('reports every problem of 20,000 listed jobs, each at its own line', () => {
    // After the tiny scenario's one good job, 20,000 that each have an unknown field and lack an arrival: 40,000 problems.
    const jobs = Array.from({ length: 20_000 }, (_, i) => `  - { class: c, origin: r, at: ${i}, work: 1 }\n`).join('');
    const problems = problemsOf(() => parseScenario(tinyScenarioYaml + jobs, 'many.yaml'));
    expect(problems).toHaveLength(40_000);
    const first = tinyScenarioYaml.split('\n').length;
    expect(problems[0]).toBe(`many.yaml:${first}:5 jobs[1].arrival: is required (a number)`);
    expect(problems[39_999]).toMatch(new RegExp(`^many\\.yaml:${first + 19_999}:28 jobs\\[20000\\]\\.at: unknown field "at"`));
  }, 120_000);
});
