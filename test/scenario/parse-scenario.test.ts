import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenario, policyNameLists, policyNames } from '../../src/index.js';
import { problemsOf } from '../helpers/problems.js';
import { tinyScenarioYaml } from '../helpers/scenarios.js';

const badDir = join(import.meta.dirname, '..', 'fixtures', 'bad');
const scenariosDir = join(import.meta.dirname, '..', '..', 'scenarios');


describe('bad scenario files', () => {
  // Each fixture states, in `# expect:` lines at its top, the exact messages it must produce.
  const fixtures = readdirSync(badDir).filter((f) => f.endsWith('.yaml'));
  it('has fixtures to check', () => expect(fixtures.length).toBeGreaterThanOrEqual(25));
  for (const file of fixtures) {
    it(`${file} is rejected with exactly its expected messages`, () => {
      const expected = readFileSync(join(badDir, file), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('# expect: '))
        .map((l) => l.slice('# expect: '.length));
      expect(expected.length).toBeGreaterThan(0);
      const cwd = process.cwd();
      process.chdir(badDir);
      try {
        expect(problemsOf(() => loadScenarioFile(file, policyNameLists()))).toEqual(expected);
      } finally {
        process.chdir(cwd);
      }
    });
  }
});

describe('loadScenarioFile', () => {
  it('reports a missing file by name, as bad input', () => {
    expect(problemsOf(() => loadScenarioFile('no/such/file.yaml'))).toEqual(['no/such/file.yaml cannot read scenario: no such file']);
  });

  it('reports a directory given as a scenario', () => {
    expect(problemsOf(() => loadScenarioFile(badDir))).toEqual([`${badDir} cannot read scenario: is a directory, not a file`]);
  });

  for (const file of readdirSync(scenariosDir).filter((f) => f.endsWith('.yaml'))) {
    it(`accepts the bundled scenario ${file}`, () => {
      const s = loadScenarioFile(join(scenariosDir, file));
      expect(s.name).toBe(file.replace(/\.yaml$/, ''));
      expect(s.baseDir).toBe(scenariosDir);
    });
  }
});

describe('parseScenario', () => {
  const minimal = tinyScenarioYaml;

  it('fills in defaults', () => {
    const s = parseScenario(minimal);
    expect(s.seed).toBe(1);
    expect(s.policy).toBe('fifo');
    expect(s.drain).toBe(false);
    expect(s.warmupS).toBe(0);
    expect(s.sites[0]?.pools[0]).toMatchObject({ chipsPerNode: 1, pricePerChipHour: 0, powerWatts: { idle: 0, busy: 0 } });
    expect(s.classes.c?.chips).toBe(1);
    expect(s.network).toEqual({ rttMs: {}, routeFactor: 1.5, overheadMs: 0.2, kmPerMs: 200, bandwidthGbpsByPair: {}, dataFeePerGB: 0, links: [], routes: {}, sharing: 'max-min' });
    expect(s.circles).toEqual({ city: 1, region: 5, national: 20 });
    expect(s.onNodeFailure).toBe('requeue');
    expect(s.oracle).toBe(false);
  });

  it('returns a deeply frozen scenario', () => {
    const s = parseScenario(minimal);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.sites[0]?.pools[0])).toBe(true);
  });

  it('reads JSON as well as YAML, with positions', () => {
    const json = JSON.stringify({ name: 'j', chips: { a: { kind: 'cpu' } }, regions: [{ name: 'r' }], sites: [], classes: {} }, null, 1);
    expect(problemsOf(() => parseScenario(json, 'j.json'))).toEqual([
      'j.json:13:11 sites: must have at least 1 item; got an empty list',
    ]);
  });

  it('refuses a list, a map or nothing as a key, which would be stringified or read as ""', () => {
    // "[ a, b ]" is how a stringified [a, b] would read: the two chips would silently become one.
    const complex = tinyScenarioYaml.replace('chips: { a: { kind: cpu } }', 'chips:\n  a: { kind: cpu }\n  ? [a, b]\n  : { kind: cpu }\n  "[ a, b ]": { kind: gpu }');
    const line = complex.split('\n').indexOf('  ? [a, b]') + 1;
    expect(problemsOf(() => parseScenario(complex, 'k.yaml'))).toEqual([`k.yaml:${line}:5 a key is a list or a map; keys are names`]);
    expect(problemsOf(() => parseScenario('name: x\n{ a: 1 }: 3\n~: 4\n', 'k.yaml'))).toEqual([
      'k.yaml:2:1 a key is a list or a map; keys are names',
      'k.yaml:3:1 the key ~ reads as nothing (null); keys are names: quote it ("~") to use it as one',
    ]);
    expect(problemsOf(() => parseScenario('name: x\n: 4\n', 'k.yaml'))).toEqual(['k.yaml:2:1 a key is empty; keys are names']);
    expect(problemsOf(() => parseScenario('%YAML 1.1\n---\nname: x\n2001-12-14: 3\n', 'k.yaml'))).toEqual(['k.yaml:4:1 the key 2001-12-14 reads as a date; quote it ("2001-12-14") to use it as a name']);
    // An alias as a key stands for the name it points at.
    expect(problemsOf(() => parseScenario(tinyScenarioYaml.replace('chips: { a: { kind: cpu } }', 'what: &w chips\n*w : { a: { kind: cpu } }'), 'k.yaml'))).toEqual([
      expect.stringMatching(/^k\.yaml:2:1 what: unknown field "what" — allowed: /),
    ]);
    // Numbers and booleans as keys stay names (a class called 1 is "1").
    expect(problemsOf(() => parseScenario('name: x\n1: 3\ntrue: 4\n', 'k.yaml')).join('\n')).not.toMatch(/keys are names/);
  });

  it('refuses a name or a key holding a control character, which would reach the terminal as it is', () => {
    const named = tinyScenarioYaml.replace('name: tiny', 'name: "x\\e]0;pwned\\a"').replace('chips: { a: { kind: cpu } }', 'chips: { a: { kind: cpu }, "b\\u202Ec": { kind: gpu } }');
    expect(problemsOf(() => parseScenario(named, 'c.yaml'))).toEqual([
      'c.yaml:1:7 name: "x\\u001b]0;pwned\\u0007" cannot be used as a name: it holds U+001B, a control character or bidirectional override, which would reach terminals and reports as it is',
      'c.yaml:2:28 chips.b\u202ec: "b\u202ec" cannot be used as a name: it holds U+202E, a control character or bidirectional override, which would reach terminals and reports as it is',
    ]);
  });

  it('refuses a value that does not fit its tag, which YAML would read as text', () => {
    expect(problemsOf(() => parseScenario('name: x\nhorizon: !!float 50\nseed: !mine 3\n', 't.yaml'))).toEqual([
      't.yaml:2:10 the tag !!float does not apply to this value (YAML would read it as text): remove the tag',
      't.yaml:3:7 the tag !mine does not apply to this value (YAML would read it as text): remove the tag',
    ]);
    // A value that fits its tag is read as the tag says.
    expect(problemsOf(() => parseScenario('name: !!str 5\nhorizon: !!float 50.0\n', 't.yaml')).join('\n')).not.toMatch(/tag/);
  });

  it('bounds alias expansion instead of exhausting memory', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const problems = problemsOf(() => parseScenario(lines.join('\n'), 'bomb.yaml'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^bomb\.yaml .*alias/i);
  });
});

describe('structural and reference problems in one pass', () => {
  const text = `name: both
horizon: 1000000000
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: a, nodes: 2 }] }]
classes: { c: { speed: { a: 1 }, work: { dist: exponential, mean: 1 } } }
workload:
  - { class: c, origin: r, arrivals: { process: poisson, rate: 0.01 } }
`;

  it('reports a refused value once, with no false alarm from the stand-in checked in its place', () => {
    // A stand-in rate of 1 over a billion seconds would look like too many jobs; a stand-in chip name would look unknown.
    expect(problemsOf(() => parseScenario(text.replace('rate: 0.01', 'rate: -1').replace('chip: a,', 'chip: 5,'), 'test.yaml'))).toEqual([
      'test.yaml:5:47 sites[0].pools[0].chip: expected a string, got 5',
      'test.yaml:8:64 workload[0].arrivals.rate: must be greater than 0; got -1',
    ]);
  });

  it('still reports the reference problems beside a distribution whose kind is unknown', () => {
    expect(problemsOf(() => parseScenario(text.replace('dist: exponential', 'dist: weibull').replace('origin: r,', 'origin: q,'), 'test.yaml'))).toEqual([
      'test.yaml:6:48 classes.c.work.dist: must be one of "constant", "exponential", "lognormal", "uniform", "pareto", "empirical"; got "weibull"',
      'test.yaml:8:25 workload[0].origin: unknown region "q" — known: r',
    ]);
  });

  it('leaves references unchecked when a declaration itself is broken, rather than guess', () => {
    expect(problemsOf(() => parseScenario(text.replace('regions: [{ name: r }]', 'regions: [{ name: 7 }]'), 'test.yaml'))).toEqual([
      'test.yaml:4:19 regions[0].name: expected a string, got 7',
    ]);
  });
});
