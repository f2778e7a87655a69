import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchCheck, type CheckIo } from '../../bench/gate/bench-check.js';
import { checkTable, compareWithBaseline, gateFails, parseResults, type Baseline } from '../../bench/gate/check-baseline.js';
import type { Figure } from '../../bench/lib/figure.js';
import { toBenchmarkJson } from '../../bench/lib/figure.js';
import type { Mode, Suite } from '../../bench/gate/gate-suites.js';

const dir = mkdtempSync(join(tmpdir(), 'manychip-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const baseline: Baseline = {
  about: 'test',
  measured: '2026-12-01',
  node: 'v20.20.2',
  machine: 'test machine',
  run: 'full: 41 rounds',
  figures: { 'engine M/M/16 vs bare loop': 70, 'end-to-end M/M/16 vs bare loop': 12, 'placement cost-latency decide 100 pools × 10,000 nodes vs bare loop': 5 },
};

const entry = (name: string, value: number): { name: string; unit: string; value: number } => ({ name, unit: '% of reference', value });
const results = (engine: number, e2e: number, placement: number): { name: string; unit: string; value: number }[] => [
  entry('engine M/M/16 vs bare loop', engine),
  entry('end-to-end M/M/16 vs bare loop', e2e),
  entry('placement cost-latency decide 100 pools × 10,000 nodes vs bare loop', placement),
];

function write(name: string, data: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

async function check(argv: string[], runSuites?: CheckIo['runSuites']): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await benchCheck(argv, { out: (t) => void (out += t), err: (t) => void (err += t), confirmPauseMs: 0, ...(runSuites === undefined ? {} : { runSuites }) });
  return { code, out, err };
}

describe('compareWithBaseline', () => {
  it('passes a figure that fell by less than the tolerance and fails one that fell by more', () => {
    const rows = compareWithBaseline(baseline, results(70 * 0.76, 12 * 0.74, 5), 0.25);
    expect(rows.map((r) => r.verdict)).toEqual(['ok', 'regressed', 'ok']);
    expect(rows[0]?.change).toBeCloseTo(-0.24, 12);
    expect(rows[1]?.change).toBeCloseTo(-0.26, 12);
    expect(gateFails(rows)).toBe(true);
    expect(gateFails(rows.slice(0, 1))).toBe(false);
  });

  it('measures the drop relative to the baseline value, not in percentage points', () => {
    // 5% → 4% is a fifth of the figure gone, though only one point.
    const rows = compareWithBaseline(baseline, results(70, 12, 4), 0.15);
    expect(rows[2]?.verdict).toBe('regressed');
    expect(rows[2]?.change).toBeCloseTo(-0.2, 12);
  });

  it('never fails on a figure that got faster, however much', () => {
    const rows = compareWithBaseline(baseline, results(140, 24, 50), 0.25);
    expect(rows.map((r) => r.verdict)).toEqual(['faster', 'faster', 'faster']);
    expect(gateFails(rows)).toBe(false);
  });

  it('fails a gated figure the results lack, and lets a new one through ungated', () => {
    const rows = compareWithBaseline(baseline, [...results(70, 12, 5).slice(1), entry('a new figure', 1)], 0.25);
    expect(rows.map((r) => [r.name, r.verdict])).toEqual([
      ['engine M/M/16 vs bare loop', 'missing'],
      ['end-to-end M/M/16 vs bare loop', 'ok'],
      ['placement cost-latency decide 100 pools × 10,000 nodes vs bare loop', 'ok'],
      ['a new figure', 'new'],
    ]);
    expect(gateFails(rows)).toBe(true);
  });

  it('takes the tolerance of a figure from the baseline where it has one, and an override before either', () => {
    const steady: Baseline = { ...baseline, tolerances: { 'engine M/M/16 vs bare loop': 0.1 } };
    const rows = compareWithBaseline(steady, results(70 * 0.85, 12 * 0.85, 5), 0.35);
    expect(rows.map((r) => [r.tolerance, r.verdict])).toEqual([
      [0.1, 'regressed'],
      [0.35, 'ok'],
      [0.35, 'ok'],
    ]);
    expect(compareWithBaseline(steady, results(70 * 0.85, 12 * 0.85, 5), 0.35, 0.2).map((r) => r.verdict)).toEqual(['ok', 'ok', 'ok']);
  });

  it('prints baseline, now, change, tolerance and verdict, and the outcome', () => {
    const text = checkTable(compareWithBaseline(baseline, results(70, 6, 5), 0.25));
    expect(text).toMatch(/^figure \(% of its reference\)\s+baseline\s+now\s+change\s+tolerance\s+verdict$/m);
    expect(text).toMatch(/^end-to-end M\/M\/16 vs bare loop\s+12\.00%\s+6\.00%\s+-50\.0%\s+-25%\s+REGRESSED$/m);
    expect(text).toMatch(/^engine M\/M\/16 vs bare loop\s+70\.00%\s+70\.00%\s+\+0\.0%\s+-25%\s+ok$/m);
    expect(text).toMatch(/FAIL: 1 figure fell below the baseline by more than the tolerance, or went missing\n$/);
  });
});

describe('parseResults', () => {
  it('reads the customBiggerIsBetter array that npm run bench writes', () => {
    const fig: Figure = {
      name: 'x vs bare loop',
      suite: 's',
      contender: 'x',
      reference: 'bare',
      unit: 'events',
      referenceUnit: 'events',
      summary: { rate: 2e6, reference: 8e6, ratio: 0.25, ratioMin: 0.2, ratioMax: 0.3, bestRate: 2.4e6, bestReference: 8e6, bestRatio: 0.3, rounds: 5 },
      gated: true,
    };
    const json = toBenchmarkJson([fig]);
    expect(json).toEqual([
      {
        name: 'x vs bare loop',
        unit: '% of reference',
        value: 30,
        extra: 'best of 5 rounds: x 2.40 M events/s, bare 8.00 M events/s; medians: 2.00 M events/s, 8.00 M events/s, per-round ratio 25.00% (20.00% to 30.00%)',
      },
    ]);
    expect(parseResults(JSON.stringify(json), 'r.json')).toEqual([{ name: 'x vs bare loop', unit: '% of reference', value: 30 }]);
  });

  it('says what is wrong with a file that is not one', () => {
    expect(() => parseResults('{', 'r.json')).toThrow(/r\.json: not JSON/);
    expect(() => parseResults('{}', 'r.json')).toThrow(/expected an array/);
    expect(() => parseResults('[{"name":"a","value":"7"}]', 'r.json')).toThrow(/entry 0 needs a string name and a finite number value/);
  });
});

/** A measured figure of `percent` % of its reference. */
function figureOf(name: string, suite: string, percent: number): Figure {
  const r = percent / 100;
  return {
    name,
    suite,
    contender: name,
    reference: 'bare',
    unit: 'events',
    referenceUnit: 'events',
    summary: { rate: percent, reference: 100, ratio: r, ratioMin: r, ratioMax: r, bestRate: percent, bestReference: 100, bestRatio: r, rounds: 1 },
    gated: true,
  };
}

describe('npm run bench:check', () => {
  const baselineFile = write('baseline.json', baseline);

  it('exits 0 when every figure is within the tolerance of its baseline', async () => {
    const { code, out } = await check(['--results', write('ok.json', results(66, 11, 4.5)), '--baseline', baselineFile]);
    expect(code).toBe(0);
    expect(out).toMatch(/^baseline: 2026-12-01, node v20\.20\.2, test machine$/m);
    expect(out).toMatch(/PASS: no figure fell below its baseline by more than its tolerance/);
  });

  it('exits 1 when a figure drops by more than the tolerance', async () => {
    const { code, out } = await check(['--results', write('slow.json', results(70, 12, 3)), '--baseline', baselineFile]);
    expect(code).toBe(1);
    expect(out).toMatch(/placement .*\s+5\.00%\s+3\.00%\s+-40\.0%\s+-35%\s+REGRESSED/);
  });

  it('takes another tolerance from --tolerance', async () => {
    const file = write('slower.json', results(70, 12, 4.5));
    expect((await check(['--results', file, '--baseline', baselineFile, '--tolerance', '5'])).code).toBe(1);
    expect((await check(['--results', file, '--baseline', baselineFile, '--tolerance', '15%'])).code).toBe(0);
  });

  it('exits 2 on bad usage or unreadable files', async () => {
    const good = write('good.json', results(70, 12, 5));
    const cases: [string[], RegExp][] = [
      [['--results', join(dir, 'none.json'), '--baseline', baselineFile], /ENOENT/],
      [['--results', write('bad.json', '{'), '--baseline', baselineFile], /not JSON/],
      [['--results', good, '--baseline', join(dir, 'none.json')], /ENOENT/],
      [['--results', good, '--baseline', write('bad-baseline.json', { figures: { a: -1 } })], /figure "a" needs a positive number/],
      [['--results', good, '--baseline', write('bad-tolerance.json', { figures: { a: 1 }, tolerances: { a: 30 } })], /tolerance of "a" needs a fraction/],
      [['--results', good, '--tolerance', 'lots'], /--tolerance must be a percentage/],
      [['--frobnicate'], /Unknown option '--frobnicate'/],
    ];
    for (const [argv, message] of cases) {
      const { code, err } = await check(argv);
      expect({ argv, code }).toEqual({ argv, code: 2 });
      expect(err).toMatch(message);
    }
  });

  it('rewrites the baseline only when asked, from the results given', async () => {
    const file = join(dir, 'new-baseline.json');
    const { code } = await check(['--update-baseline', '--results', write('new.json', results(71, 13, 6)), '--baseline', file]);
    expect(code).toBe(0);
    const written = JSON.parse(readFileSync(file, 'utf8')) as Baseline;
    expect(written.figures).toEqual({ 'engine M/M/16 vs bare loop': 71, 'end-to-end M/M/16 vs bare loop': 13, 'placement cost-latency decide 100 pools × 10,000 nodes vs bare loop': 6 });
    expect(written.node).toBe(process.version);
    expect(written.measured).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(written.machine).toMatch(/GiB/);
  });

  it('makes a new baseline from the median of three quick measurements', async () => {
    const file = join(dir, 'measured-baseline.json');
    const values = [70, 64, 75];
    const modes: Mode[] = [];
    const run = async (_suites: readonly Suite[], mode: Mode): Promise<Figure[]> => {
      modes.push(mode);
      const v = values[modes.length - 1] as number;
      return [{ ...figureOf('engine M/M/16 vs bare loop', 'M/M/16', v), tolerance: 0.2 }, figureOf('simulation M/M/16 vs bare loop', 'M/M/16', v / 5), { ...figureOf('not gated', 'M/M/16', 1), gated: false }];
    };
    expect((await check(['--update-baseline', '--baseline', file], run)).code).toBe(0);
    expect(modes).toEqual(['quick', 'quick', 'quick']);
    const written = JSON.parse(readFileSync(file, 'utf8')) as Baseline;
    expect(written.figures).toEqual({ 'engine M/M/16 vs bare loop': 70, 'simulation M/M/16 vs bare loop': 14 });
    expect(written.tolerances).toEqual({ 'engine M/M/16 vs bare loop': 0.2 });
    expect(written.run).toMatch(/^median of 3 quick measurements/);
  });

  it('measures a regressed figure up to twice more, in fresh processes, before it fails the gate', async () => {
    const figure = figureOf;
    /** The end-to-end figure (baseline 12%) measures 6% first, then each of `later` in turn. */
    const measurements = (...later: number[]): { calls: string[][]; run: NonNullable<CheckIo['runSuites']> } => {
      const calls: string[][] = [];
      const run = async (suites: readonly Suite[], _mode: Mode): Promise<Figure[]> => {
        calls.push(suites.map((s) => s.id));
        const e2e = calls.length === 1 ? 6 : (later[calls.length - 2] as number);
        const all = [
          figure('engine M/M/16 vs bare loop', 'M/M/16', 70),
          figure('end-to-end M/M/16 vs bare loop', 'end to end', e2e),
          figure('placement cost-latency decide 100 pools × 10,000 nodes vs bare loop', 'placement', 5),
        ];
        return all.filter((f) => suites.some((s) => s.id === f.suite));
      };
      return { calls, run };
    };
    // Noise: the second measurement is back to normal; only the regressed suite runs again.
    const noise = measurements(12);
    const passed = await check(['--quick', '--baseline', baselineFile], noise.run);
    expect(passed.code).toBe(0);
    expect(noise.calls).toEqual([['M/M/1', 'M/M/16', 'M/M/256', 'hold 1,000', 'hold 100,000', 'end to end', 'placement', 'memory', 'process wall'], ['end to end']]);
    expect(passed.err).toMatch(/1 figure below the tolerance; measuring end to end again \(1 of 2\)/);
    expect(passed.out).toMatch(/^end-to-end M\/M\/16 vs bare loop\s+12\.00%\s+12\.00%\s+\+0\.0%\s+-35%\s+ok$/m);
    // Noise twice, then normal: still a pass.
    expect((await check(['--quick', '--baseline', baselineFile], measurements(7, 11).run)).code).toBe(0);
    // A real regression: slow all three times.
    const real = measurements(6.5, 7);
    const failed = await check(['--quick', '--baseline', baselineFile], real.run);
    expect(failed.code).toBe(1);
    expect(real.calls).toHaveLength(3);
    expect(failed.out).toMatch(/^end-to-end M\/M\/16 vs bare loop\s+12\.00%\s+7\.00%\s+-41\.7%\s+-35%\s+REGRESSED$/m);
  });
});
