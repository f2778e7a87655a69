import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { InputError, parseScenario, Simulation } from '../../src/index.js';
import { gavelClasses, gavelClassName } from '../../src/scenario/gavel-classes.js';
import { gavelSpeed } from '../../src/scenario/gavel-speed.js';
import { gavelJobTypes, gavelRow, gavelScaleFactors, GavelTableError, parseGavelKey, parseGavelThroughputs } from '../../src/scenario/gavel-throughputs.js';
import { dataTrace, repoRoot } from '../helpers/data-traces.js';

// The project's copy of Gavel's table (data/traces/gavel/README.md), inflated here with zlib at once.
const gavelFile = dataTrace('gavel', 'simulation_throughputs.json.gz');
const gavelText = gunzipSync(readFileSync(gavelFile)).toString('utf8');
const table = parseGavelThroughputs(gavelText, 'simulation_throughputs.json');
/** The raw file, read without the reader under test. */
const raw = JSON.parse(gavelText) as Record<string, Record<string, { null: number }>>;
const isolated = (worker: string, jobType: string, scaleFactor: number): number => {
  const v = raw[worker]?.[`('${jobType}', ${scaleFactor})`]?.null;
  if (v === undefined) throw new Error(`no ${worker} ${jobType} ${scaleFactor}`);
  return v;
};
const dataDir = join(repoRoot, 'test', 'fixtures', 'data');

describe('parseGavelKey', () => {
  it('reads a Python tuple key whose job type holds parentheses and spaces', () => {
    expect(parseGavelKey("('ResNet-50 (batch size 64)', 1)")).toEqual({ jobType: 'ResNet-50 (batch size 64)', scaleFactor: 1 });
  });

  it('reads commas, escaped quotes and double-quoted strings inside the job type rather than splitting on them', () => {
    expect(parseGavelKey("('a, b', 8)")).toEqual({ jobType: 'a, b', scaleFactor: 8 });
    expect(parseGavelKey("('it\\'s', 2)")).toEqual({ jobType: "it's", scaleFactor: 2 });
    expect(parseGavelKey('("it\'s", 4)')).toEqual({ jobType: "it's", scaleFactor: 4 });
  });

  it('says what is wrong with a malformed key', () => {
    expect(parseGavelKey("'A3C', 1")).toEqual({ error: `malformed key "'A3C', 1": does not start with "("; expected ('<job type>', <scale factor>)` });
    expect(parseGavelKey("('A3C' 1)")).toMatchObject({ error: expect.stringContaining('no "," after the job type') });
    expect(parseGavelKey("('A3C', 1.5)")).toMatchObject({ error: expect.stringContaining('the scale factor is not followed by ")"') });
    expect(parseGavelKey("('A3C', x)")).toMatchObject({ error: expect.stringContaining('the scale factor is not a whole number') });
    expect(parseGavelKey("('A3C', 0)")).toMatchObject({ error: expect.stringContaining('the scale factor must be at least 1') });
    expect(parseGavelKey("('A3C', 1) extra")).toMatchObject({ error: expect.stringContaining('text after the closing ")"') });
  });
});

describe('parseGavelThroughputs on Gavel’s simulation_throughputs.json', () => {
  it('has 26 job types at scale factor 1 and 19 at each of 2, 4 and 8', () => {
    expect(gavelScaleFactors(table)).toEqual([1, 2, 4, 8]);
    expect(gavelJobTypes(table, 1)).toHaveLength(26);
    for (const sf of [2, 4, 8]) expect(gavelJobTypes(table, sf)).toHaveLength(19);
    expect(table.rows).toHaveLength(26 + 3 * 19);
  });

  it('reads the consolidated worker types only, unless asked for the others', () => {
    expect(table.workerTypes).toEqual(['k80', 'p100', 'v100']);
    expect(table.skippedWorkerTypes).toEqual(['v100_unconsolidated', 'p100_unconsolidated', 'k80_unconsolidated']);
    const all = parseGavelThroughputs(gavelText, 'simulation_throughputs.json', { unconsolidated: true });
    expect(all.workerTypes).toHaveLength(6);
    // k80_unconsolidated lacks ResNet-50 bs64 and bs128 at scale factors 2, 4 and 8.
    const missing = all.rows.filter((r) => r.stepsPerS['k80_unconsolidated'] === undefined).map((r) => `${r.jobType} x${r.scaleFactor}`);
    expect(missing.sort()).toEqual(
      ['64', '128'].flatMap((bs) => [2, 4, 8].map((sf) => `ResNet-50 (batch size ${bs}) x${sf}`)).sort(),
    );
  });

  it('gives the README’s isolated throughputs for ResNet-50 bs64 at scale factor 1', () => {
    const row = gavelRow(table, 'ResNet-50 (batch size 64)', 1);
    expect(row?.stepsPerS['k80']?.toFixed(3)).toBe('0.619');
    expect(row?.stepsPerS['p100']?.toFixed(3)).toBe('2.619');
    expect(row?.stepsPerS['v100']?.toFixed(3)).toBe('4.395');
  });

  it('keeps Recommendation bs1024 slower on V100 than on P100', () => {
    const row = gavelRow(table, 'Recommendation (batch size 1024)', 1);
    expect(row?.stepsPerS['v100']).toBeLessThan(row?.stepsPerS['p100'] ?? 0);
  });

  it('keeps 0.0 (cannot run) and counts the co-located pairs it skips', () => {
    expect(gavelRow(table, 'ResNet-50 (batch size 128)', 2)?.stepsPerS['k80']).toBe(0);
    const pairs = ['k80', 'p100', 'v100'].reduce((n, w) => n + Object.values(raw[w] ?? {}).reduce((m, e) => m + Object.keys(e).length - 1, 0), 0);
    expect(table.colocatedPairs).toBe(pairs);
    expect(table.colocatedPairs).toBeGreaterThan(0);
  });
});

describe('bad Gavel tables', () => {
  it('reports a malformed tuple key with the file, line and key', () => {
    const text = readFileSync(join(dataDir, 'gavel-bad-key.json'), 'utf8');
    expect(() => parseGavelThroughputs(text, 'gavel-bad-key.json')).toThrow(
      new GavelTableError(
        'gavel-bad-key.json',
        `k80["('ResNet-18 (batch size 16), 1)"]`,
        `malformed key "('ResNet-18 (batch size 16), 1)": the job type has no closing quote; expected ('<job type>', <scale factor>)`,
        4,
        9,
      ),
    );
    try {
      parseGavelThroughputs(text, 'gavel-bad-key.json');
    } catch (e) {
      expect((e as Error).message).toBe(
        `gavel-bad-key.json:4:9: k80["('ResNet-18 (batch size 16), 1)"]: malformed key "('ResNet-18 (batch size 16), 1)": the job type has no closing quote; expected ('<job type>', <scale factor>)`,
      );
    }
  });

  it('reports text that is not JSON without crashing', () => {
    const text = readFileSync(join(dataDir, 'gavel-not-json.json'), 'utf8');
    expect(() => parseGavelThroughputs(text, 'gavel-not-json.json')).toThrow('gavel-not-json.json:4:5: not JSON: expected double-quoted property name');
    expect(() => parseGavelThroughputs('', 'empty.json')).toThrow('empty.json:1:1: not JSON: unexpected end of JSON input');
  });

  it('reports values of the wrong shape at their key', () => {
    expect(() => parseGavelThroughputs('[1, 2]', 't.json')).toThrow('t.json:1:1: must be a map of worker types to job keys; got a list of 2');
    expect(() => parseGavelThroughputs(`{"k80": {"('A3C', 1)": {"null": "fast"}}}`, 't.json')).toThrow(
      `t.json:1:25: k80["('A3C', 1)"]["null"]: the isolated throughput must be a number >= 0; got "fast"`,
    );
    expect(() => parseGavelThroughputs(`{"k80": {"('A3C', 1)": {"null": 1, "('A3C', 1)": [1]}}}`, 't.json')).toThrow(
      `t.json:1:36: k80["('A3C', 1)"]["('A3C', 1)"]: a co-located pair must be [this job's, the other job's] throughput, two numbers >= 0; got a list of 1`,
    );
  });
});

describe('gavelSpeed', () => {
  it('divides each worker type’s throughput by the reference’s and leaves out chips that cannot run the job', () => {
    const r = gavelSpeed(table, { jobType: 'ResNet-50 (batch size 128)', scaleFactor: 2, reference: 'v100' }, ['k80', 'p100', 'v100', 'xeon']);
    expect(r).toEqual({
      speed: {
        p100: isolated('p100', 'ResNet-50 (batch size 128)', 2) / isolated('v100', 'ResNet-50 (batch size 128)', 2),
        v100: 1,
      },
    });
  });

  it('lists close matches for an unknown job type and the measured scale factors for an unknown one', () => {
    expect(gavelSpeed(table, { jobType: 'ResNet-50 (batch size 48)', scaleFactor: 1, reference: 'v100' })).toEqual({
      issues: [
        {
          field: ['jobType'],
          message: 'unknown job type "ResNet-50 (batch size 48)" — close matches: "ResNet-50 (batch size 16)", "ResNet-50 (batch size 32)", "ResNet-50 (batch size 64)"',
        },
      ],
    });
    expect(gavelSpeed(table, { jobType: 'A3C', scaleFactor: 4, reference: 'v100' })).toEqual({
      issues: [{ field: ['scaleFactor'], message: '"A3C" is not measured at scale factor 4 — available: 1' }],
    });
  });

  it('refuses a reference that cannot run the job', () => {
    expect(gavelSpeed(table, { jobType: 'ResNet-50 (batch size 128)', scaleFactor: 2, reference: 'k80' })).toEqual({
      issues: [{ field: ['reference'], message: '"ResNet-50 (batch size 128)" at scale factor 2 cannot run on k80 (throughput 0), so k80 cannot be the reference' }],
    });
  });
});

describe('worker types named like the members of every object', () => {
  // JSON.parse makes "__proto__" an own key; as a key of a plain object it would set the prototype, and "constructor" would read Object.
  const text = `{ "__proto__": { "('A3C', 1)": { "null": 2 } }, "constructor": { "('LM', 1)": { "null": 4 } }, "v100": { "('A3C', 1)": { "null": 1 }, "('LM', 1)": { "null": 8 } } }`;
  const odd = parseGavelThroughputs(text, 'odd.json');

  it('keeps a throughput measured on "__proto__"', () => {
    expect(gavelRow(odd, 'A3C', 1)?.stepsPerS['__proto__']).toBe(2);
    expect(gavelSpeed(odd, { jobType: 'A3C', scaleFactor: 1, reference: 'v100', chips: { a: '__proto__', b: 'v100' } })).toEqual({ speed: { a: 2, b: 1 } });
  });

  it('says a job has no measurement on "constructor" when it has none', () => {
    expect(gavelSpeed(odd, { jobType: 'A3C', scaleFactor: 1, reference: 'v100', chips: { a: 'constructor', b: 'v100' } })).toEqual({
      issues: [{ field: ['chips', 'a'], message: '"A3C" at scale factor 1 has no measurement on constructor' }],
    });
  });
});

describe('speedFrom in a scenario', () => {
  const scenario = (speedFrom: string, extra = ''): string => `name: gavel
chips: { k80: { kind: gpu }, p100: { kind: gpu }, tesla-v100: { kind: gpu } }
regions: [{ name: east, lat: 31.2, lon: 121.5 }]
sites: [{ name: s, region: east, pools: [{ chip: k80, nodes: 1 }, { chip: p100, nodes: 1 }, { chip: tesla-v100, nodes: 1 }] }]
classes:
  resnet50:
    speedFrom: ${speedFrom}${extra}
    work: { dist: lognormal, mean: 3600, cv: 1 }
jobs: [{ class: resnet50, origin: east, arrival: 0, work: 1 }]
`;
  const resnet = "{ format: gavel, file: data/traces/gavel/simulation_throughputs.json.gz, jobType: 'ResNet-50 (batch size 64)', scaleFactor: 1, chips: { tesla-v100: v100, p100: p100, k80: k80 }, reference: v100 }";
  const parse = (text: string): ReturnType<typeof parseScenario> => parseScenario(text, 'test.yaml', repoRoot);
  const problems = (text: string): string[] => {
    try {
      parse(text);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).message.split('\n');
    }
    throw new Error('expected problems');
  };

  it('fills the class’s speed with throughput ratios to the reference, in reference-chip seconds', () => {
    const s = parse(scenario(resnet));
    const job = 'ResNet-50 (batch size 64)';
    expect(s.classes.resnet50?.speed).toEqual({
      'tesla-v100': 1,
      p100: isolated('p100', job, 1) / isolated('v100', job, 1),
      k80: isolated('k80', job, 1) / isolated('v100', job, 1),
    });
    // By hand from the README's figures: 2.619 / 4.395 and 0.619 / 4.395.
    expect(s.classes.resnet50?.speed.p100).toBeCloseTo(0.5959, 3);
    expect(s.classes.resnet50?.speed.k80).toBeCloseTo(0.1408, 3);
    expect(s.classes.resnet50).not.toHaveProperty('speedFrom');
    const sim = new Simulation(s);
    expect(sim.model.classes[0]?.speedByChip[0]).toBe(s.classes.resnet50?.speed.k80);
  });

  it('maps chips named k80, p100 and v100 to themselves when no chips are given', () => {
    const text = scenario("{ format: gavel, file: data/traces/gavel/simulation_throughputs.json.gz, jobType: 'Recommendation (batch size 1024)', scaleFactor: 1 }").replaceAll('tesla-v100', 'v100');
    const speed = parse(text).classes.resnet50?.speed ?? {};
    expect(Object.keys(speed).sort()).toEqual(['k80', 'p100', 'v100']);
    expect(speed['v100']).toBe(1);
    expect(speed['p100']).toBeGreaterThan(1);
  });

  it('reports an unknown job type at the field, with close matches', () => {
    expect(problems(scenario(resnet.replace('batch size 64', 'batch size 48')))).toEqual([
      'test.yaml:7:98 classes.resnet50.speedFrom.jobType: unknown job type "ResNet-50 (batch size 48)" — close matches: "ResNet-50 (batch size 16)", "ResNet-50 (batch size 32)", "ResNet-50 (batch size 64)"',
    ]);
  });

  it('reports speed and speedFrom together', () => {
    expect(problems(scenario(resnet, '\n    speed: { k80: 1 }'))).toEqual(['test.yaml:7:5 classes.resnet50: give speed or speedFrom, not both']);
  });

  it('reports a class with neither', () => {
    expect(problems(scenario(resnet).replace(/ {4}speedFrom: .*\n/, ''))).toEqual([
      'test.yaml:7:5 classes.resnet50: give speed (relative throughput per chip) or speedFrom (a throughput table)',
    ]);
  });

  it('reports unknown chips and worker types, a missing file, and problems inside the table', () => {
    expect(problems(scenario(resnet.replace('tesla-v100: v100', 'a100: v100').replace('k80: k80', 'k80: a100')))).toEqual([
      expect.stringMatching(/^test\.yaml:7:\d+ classes\.resnet50\.speedFrom\.chips\.a100: unknown chip "a100" — known: k80, p100, tesla-v100$/),
      expect.stringMatching(/^test\.yaml:7:\d+ classes\.resnet50\.speedFrom\.chips\.k80: unknown Gavel worker type "a100" — known: k80, p100, v100, v100_unconsolidated, p100_unconsolidated, k80_unconsolidated$/),
    ]);
    expect(problems(scenario(resnet.replace('simulation_throughputs.json.gz', 'nowhere.json')))).toEqual([
      'test.yaml:7:39 classes.resnet50.speedFrom.file: cannot read data/traces/gavel/nowhere.json: no such file',
    ]);
    // Data files are named relative to the working directory.
    const badKey = relative(process.cwd(), join(dataDir, 'gavel-bad-key.json'));
    expect(problems(scenario(resnet.replace('data/traces/gavel/simulation_throughputs.json.gz', 'test/fixtures/data/gavel-bad-key.json')))).toEqual([
      `${badKey}:4:9 k80["('ResNet-18 (batch size 16), 1)"]: malformed key "('ResNet-18 (batch size 16), 1)": the job type has no closing quote; expected ('<job type>', <scale factor>)`,
    ]);
  });

  describe('manychip validate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manychip-gavel-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('prints a speedFrom problem at its line and exits 2', async () => {
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, scenario(resnet.replace('data/traces/gavel/simulation_throughputs.json.gz', gavelFile).replace('scaleFactor: 1', 'scaleFactor: 3')));
      let err = '';
      const code = await main(['validate', file], { write: () => true }, { write: (t) => ((err += t), true) });
      expect(code).toBe(2);
      expect(err).toContain(`${file}:7:`);
      expect(err).toContain('classes.resnet50.speedFrom.scaleFactor: "ResNet-50 (batch size 64)" is not measured at scale factor 3 — available: 1, 2, 4, 8');
    });
  });
});

describe('gavelClasses', () => {
  it('names classes after the job type and scale factor', () => {
    expect(gavelClassName('ResNet-50 (batch size 64)', 1)).toBe('resnet-50-bs64-x1');
    expect(gavelClassName('A3C', 1)).toBe('a3c-x1');
    expect(gavelClassName('Recommendation (batch size 8192)', 1)).toBe('recommendation-bs8192-x1');
  });

  it('keeps job types whose names slug alike as classes of their own, in table order', () => {
    const text = `{ "v100": { "('A B', 1)": { "null": 1 }, "('a-b', 1)": { "null": 2 }, "('A_B', 1)": { "null": 3 } }, "k80": { "('A B', 1)": { "null": 0.5 }, "('a-b', 1)": { "null": 0.5 }, "('A_B', 1)": { "null": 0.5 } } }`;
    const made = gavelClasses(parseGavelThroughputs(text, 'alike.json'));
    expect(Object.keys(made.classes)).toEqual(['a-b-x1', 'a-b-x1-2', 'a-b-x1-3']);
    expect(Object.values(made.classes).map((c) => c.speed)).toEqual([{ v100: 1, k80: 0.5 }, { v100: 1, k80: 0.25 }, { v100: 1, k80: 0.5 / 3 }]);
  });

  it('writes one class per job type with speeds relative to the reference and chips = scale factor', () => {
    const { classes, skipped } = gavelClasses(table, { scaleFactor: 1 });
    expect(Object.keys(classes)).toHaveLength(26);
    expect(skipped).toEqual([]);
    const job = 'ResNet-50 (batch size 64)';
    expect(classes['resnet-50-bs64-x1']).toEqual({
      speed: { k80: isolated('k80', job, 1) / isolated('v100', job, 1), p100: isolated('p100', job, 1) / isolated('v100', job, 1), v100: 1 },
      chips: 1,
      work: { dist: 'exponential', mean: 3600 },
    });
  });

  it('writes classes that a scenario accepts as they are', () => {
    const { classes } = gavelClasses(table, { scaleFactor: 4, reference: 'p100', jobTypes: ['ResNet-50 (batch size 128)', 'LM (batch size 80)'] });
    expect(Object.keys(classes)).toEqual(['resnet-50-bs128-x4', 'lm-bs80-x4']);
    expect(classes['resnet-50-bs128-x4']?.speed).not.toHaveProperty('k80');
    const s = parseScenario(
      JSON.stringify({
        name: 'imported',
        chips: { k80: { kind: 'gpu' }, p100: { kind: 'gpu' }, v100: { kind: 'gpu' } },
        regions: [{ name: 'east', lat: 31.2, lon: 121.5 }],
        sites: [{ name: 's', region: 'east', pools: [{ chip: 'v100', nodes: 1, chipsPerNode: 4 }] }],
        classes,
        jobs: [{ class: 'lm-bs80-x4', origin: 'east', arrival: 0, work: 60 }],
      }),
      'imported.json',
    );
    expect(s.classes['lm-bs80-x4']?.speed.p100).toBe(1);
  });

  it('refuses a job type or scale factor the table does not have', () => {
    expect(() => gavelClasses(table, { jobTypes: ['ResNet-50 (bs 64)'] })).toThrow(
      'simulation_throughputs.json: unknown job type "ResNet-50 (bs 64)" — close matches: "ResNet-50 (batch size 64)", "ResNet-50 (batch size 16)", "ResNet-50 (batch size 32)"',
    );
    expect(() => gavelClasses(table, { scaleFactor: 3 })).toThrow('simulation_throughputs.json: no job is measured at scale factor 3 — available: 1, 2, 4, 8');
  });
});
