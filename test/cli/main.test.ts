import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../helpers/cli-main.js';

const root = join(import.meta.dirname, '..', '..');
const scenario = (name: string): string => join(root, 'scenarios', name);

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (t) => ((out += t), true) }, { write: (t) => ((err += t), true) });
  return { code, out, err };
}

describe('manychip run', () => {
  it('prints a readable results table by default', async () => {
    const { code, out, err } = await cli('run', scenario('quickstart.yaml'));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^quickstart · policy fifo · seed 42 · horizon 900 s/);
    expect(out).toMatch(/wait \(s\)/);
    expect(out).toMatch(/utilisation\s+by chip: xeon-8380 \d+\.\d% · a100/);
  });

  it('prints the results contract with --format json', async () => {
    const { code, out } = await cli('run', scenario('mmc.yaml'), '--format', 'json', '--seed', '7');
    expect(code).toBe(0);
    const r = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(r)).toEqual([
      'schemaVersion', 'scenario', 'policy', 'seed', 'horizon', 'jobs', 'wait', 'jct', 'slowdown', 'slowdownThresholdS', 'rttMs', 'quantiles', 'slo',
      'cost', 'energyKWh', 'energy', 'utilization', 'distribution', 'byClass', 'byOrigin', 'fragmentation', 'rejectReasons', 'timeseries', 'makespan', 'events', 'perf',
    ]);
    expect(r).toMatchObject({ schemaVersion: 7, slowdownThresholdS: 10, scenario: 'mmc', policy: 'fifo', seed: 7, horizon: null, quantiles: { method: 'sketch', relativeError: 0.005 } });
  });

  it('gives exact quantiles with --exact, and otherwise the same results; each mode the same JSON, perf aside, on every run', async () => {
    const strip = (s: string): Record<string, unknown> => ({ ...(JSON.parse(s) as Record<string, unknown>), perf: null });
    const runs = await Promise.all([
      cli('run', scenario('quickstart.yaml'), '--format', 'json', '--exact'),
      cli('run', scenario('quickstart.yaml'), '--format', 'json', '--exact'),
      cli('run', scenario('quickstart.yaml'), '--format', 'json'),
    ]);
    const [exact, again, sketched] = runs.map((r) => strip(r.out)) as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    expect(JSON.stringify(again)).toBe(JSON.stringify(exact));
    expect(exact['quantiles']).toEqual({ method: 'exact', relativeError: 0 });
    // Apart from the quantiles (p50, p95, p99 and the distribution's points) and how they were made, nothing moves.
    const withoutQuantiles = (r: Record<string, unknown>): string =>
      JSON.stringify(r, (key, value: unknown) => (['p50', 'p95', 'p99', 'distribution', 'quantiles'].includes(key) ? undefined : value));
    expect(withoutQuantiles(sketched)).toBe(withoutQuantiles(exact));
    expect(sketched['jct']).not.toEqual(exact['jct']);
  });

  it('gives the same JSON, perf aside, on every run with the same seed', async () => {
    const strip = (s: string): string => JSON.stringify({ ...(JSON.parse(s) as object), perf: null });
    const a = await cli('run', scenario('quickstart.yaml'), '--format', 'json');
    const b = await cli('run', scenario('quickstart.yaml'), '--format', 'json');
    expect(strip(a.out)).toBe(strip(b.out));
  });
});

describe('bad input', () => {
  it('reports a missing scenario file with exit code 2 and no stack trace', async () => {
    const { code, out, err } = await cli('run', 'nowhere.yaml');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe('error: nowhere.yaml cannot read scenario: no such file\n');
  });

  it('reports every problem of an invalid scenario with its line and column', async () => {
    const file = join(root, 'test', 'fixtures', 'bad', 'several-problems.yaml');
    const { code, err } = await cli('run', file);
    expect(code).toBe(2);
    const lines = err.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(`error: ${file}:8:24 chips.a100.kind: must be one of "cpu", "gpu", "asic", "npu", "fpga"; got "tpu"`);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('names the known policies when given an unknown one', async () => {
    const { code, err } = await cli('run', scenario('mmc.yaml'), '--policy', 'magic');
    expect(code).toBe(2);
    expect(err).toBe(
      'error: unknown policy "magic" — known: fifo, random, round-robin, least-loaded, cheapest, nearest, met, mct, olb, min-min, max-min, sufferage, cost-latency, data-gravity, easy-backfill, priority-preempt, dbc-cost, dbc-time, dbc-cost-time, fgd, best-fit, dot-product, packing, random-node, or a path to a .js, .mjs, .ts or .mts module\n',
    );
  });

  it('rejects a seed that is not a non-negative integer', async () => {
    const { code, err } = await cli('run', scenario('mmc.yaml'), '--seed', '-3');
    expect(code).toBe(2);
    expect(err).toMatch(/--seed.*must be a non-negative integer/);
  });

  it('rejects an unknown output format, listing the allowed ones', async () => {
    const { code, err } = await cli('run', scenario('mmc.yaml'), '--format', 'xml');
    expect(code).toBe(2);
    expect(err).toMatch(/Allowed choices are table, json/);
  });

  it('shows the stack with --debug', async () => {
    const { code, err } = await cli('--debug', 'run', 'nowhere.yaml');
    expect(code).toBe(2);
    expect(err).toMatch(/\n\s+at /);
  });
});

describe('manychip validate', () => {
  it('accepts a good scenario without running it', async () => {
    const { code, out } = await cli('validate', scenario('quickstart.yaml'));
    expect(code).toBe(0);
    expect(out).toMatch(/quickstart\.yaml: ok \(2 sites, 2 classes\)/);
  });

  it('rejects a bad one with exit code 2', async () => {
    const { code, err } = await cli('validate', join(root, 'test', 'fixtures', 'bad', 'unknown-chip.yaml'));
    expect(code).toBe(2);
    expect(err).toMatch(/unknown chip "h200" — known: a100, xeon/);
  });
});

describe('help', () => {
  it('exits 0 and lists the commands', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/run \[options\] <scenario>/);
    expect(out).toMatch(/validate \[options\] <scenario>/);
  });
});

describe('manychip run --jobs and --trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manychip-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one CSV row per job and a trace that parses, and still prints the results', async () => {
    const jobs = join(dir, 'jobs.csv');
    const trace = join(dir, 'trace.json');
    const { code, out, err } = await cli('run', scenario('render-farm.yaml'), '--format', 'json', '--jobs', jobs, '--trace', trace);
    expect(err).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(out) as { jobs: { arrived: number; completed: number } };
    const lines = readFileSync(jobs, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('id,class,origin,site,pool,chip,arrival,start,finish,wait,rttMs,cost,energyKWh,outcome');
    // render-farm has no warm-up, so every job is counted.
    expect(lines).toHaveLength(1 + r.jobs.arrived);
    expect(lines.filter((l) => l.endsWith(',completed'))).toHaveLength(r.jobs.completed);
    const t = JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: { ph: string }[]; otherData: { cut: boolean } };
    expect(t.otherData.cut).toBe(false);
    expect(t.traceEvents.filter((e) => e.ph === 'X').length).toBeGreaterThan(r.jobs.completed);
  });

  it('cuts the trace at --trace-limit and warns on stderr', async () => {
    const trace = join(dir, 'cut.json');
    const { code, err } = await cli('run', scenario('render-farm.yaml'), '--trace', trace, '--trace-limit', '100');
    expect(code).toBe(0);
    const t = JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: { ph: string }[]; otherData: { cut: boolean; limit: number; droppedEvents: number } };
    expect(t.otherData).toMatchObject({ cut: true, limit: 100 });
    expect(t.traceEvents.filter((e) => e.ph !== 'M')).toHaveLength(100);
    expect(err).toBe(`warning: trace cut at 100 events (--trace-limit); ${t.otherData.droppedEvents} more not written\n`);
  });

  it('reports an output file that cannot be written with one line and exit code 3 (not bad input), before running', async () => {
    const { code, out, err } = await cli('run', scenario('render-farm.yaml'), '--jobs', join(dir, 'no', 'such', 'dir', 'jobs.csv'));
    expect(code).toBe(3);
    expect(out).toBe('');
    expect(err).toBe(`error: cannot write --jobs file ${join(dir, 'no', 'such', 'dir', 'jobs.csv')}: no such directory ${join(dir, 'no', 'such', 'dir')}\n`);
    const asDir = await cli('run', scenario('render-farm.yaml'), '--trace', dir);
    expect(asDir.code).toBe(3);
    expect(asDir.err).toBe(`error: cannot write --trace file ${dir}: is a directory\n`);
  });

  it('rejects --trace-limit without --trace, or one that is not a count', async () => {
    const alone = await cli('run', scenario('mmc.yaml'), '--trace-limit', '10');
    expect(alone.code).toBe(2);
    expect(alone.err).toBe('error: --trace-limit needs --trace <file>\n');
    const bad = await cli('run', scenario('mmc.yaml'), '--trace', join(dir, 'x.json'), '--trace-limit', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--trace-limit.*must be a non-negative integer/);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });
});

describe('manychip compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manychip-compare-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the two tables, with the baseline named', async () => {
    const { code, out, err } = await cli('compare', scenario('render-farm.yaml'), '--policies', 'fifo,cheapest', '--seeds', '2', '--baseline', 'cheapest');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^render-farm · 2 policies × 2 seeds \(seeds 5, 6\)/);
    expect(out).toMatch(/difference from cheapest \(paired by seed\)/);
    expect(out.split('\n').find((l) => l.startsWith('fifo'))).toBeDefined();
  });

  it('gives every run and the aggregates with --format json, and one row per run with csv', async () => {
    const json = await cli('compare', scenario('mmc.yaml'), '--policies', 'fifo,random', '--seeds', '2', '--seed', '100', '--format', 'json');
    expect(json.code).toBe(0);
    const c = JSON.parse(json.out) as { seeds: number[]; runs: { policy: string; seed: number }[]; summaries: { policy: string }[] };
    expect(c.seeds).toEqual([100, 101]);
    expect(c.runs.map((r) => `${r.policy}/${r.seed}`)).toEqual(['fifo/100', 'fifo/101', 'random/100', 'random/101']);
    const csv = await cli('compare', scenario('mmc.yaml'), '--policies', 'fifo,random', '--seeds', '2', '--format', 'csv');
    expect(csv.out.trimEnd().split('\n')).toHaveLength(5);
  });

  it('accepts a policy module, named as listed or by its own name', async () => {
    const module = join(root, 'examples', 'policies', 'cheap-not-full.js');
    const { code, out } = await cli('compare', scenario('render-farm.yaml'), '--policies', `fifo,${module}`, '--seeds', '2', '--baseline', module);
    expect(code).toBe(0);
    expect(out).toMatch(/difference from cheap-not-full/);
    expect(out).toMatch(/^cheap-not-full /m);
  });

  it('writes an HTML report with --report', async () => {
    const file = join(dir, 'report.html');
    const { code } = await cli('compare', scenario('render-farm.yaml'), '--policies', 'fifo,cheapest', '--seeds', '2', '--report', file);
    expect(code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('<svg');
    const single = join(dir, 'run.html');
    expect((await cli('run', scenario('render-farm.yaml'), '--report', single)).code).toBe(0);
    expect(readFileSync(single, 'utf8')).toContain('<svg');
  });

  it('refuses bad requests with exit code 2 and one line, before running', async () => {
    const baseline = await cli('compare', scenario('mmc.yaml'), '--policies', 'fifo', '--baseline', 'cheapest');
    expect(baseline.code).toBe(2);
    expect(baseline.err).toBe('error: the baseline "cheapest" is not one of the compared policies (fifo)\n');
    const seeds = await cli('compare', scenario('mmc.yaml'), '--policies', 'fifo', '--seeds', '0');
    expect(seeds.code).toBe(2);
    expect(seeds.err).toMatch(/--seeds.*must be a whole number of at least 1/);
    const unknown = await cli('compare', scenario('mmc.yaml'), '--policies', 'fifo,fastest');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown policy "fastest"/);
    const missing = await cli('compare', scenario('mmc.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--policies/);
    const report = await cli('compare', scenario('mmc.yaml'), '--policies', 'fifo', '--report', join(dir, 'no', 'such', 'r.html'));
    expect(report.code).toBe(3);
    expect(report.out).toBe('');
    expect(report.err).toBe(`error: cannot write --report file ${join(dir, 'no', 'such', 'r.html')}: no such directory ${join(dir, 'no', 'such')}\n`);
  });

  it('leaves an earlier report as it was when the compare fails, and writes no partial file', async () => {
    const file = join(dir, 'keep.html');
    writeFileSync(file, 'old report');
    const bad = await cli('compare', scenario('render-farm.yaml'), '--policies', 'fifo,bogus', '--report', file);
    expect(bad.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('old report');
    const baseline = await cli('compare', scenario('render-farm.yaml'), '--policies', 'fifo', '--baseline', 'nearest', '--report', file);
    expect(baseline.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('old report');
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('refuses two outputs of one run that name the same file', async () => {
    const file = join(dir, 'same.out');
    const { code, err } = await cli('run', scenario('mmc.yaml'), '--jobs', file, '--report', file);
    expect(code).toBe(2);
    expect(err).toBe(`error: --jobs and --report name the same file ${file}\n`);
    expect(existsSync(file)).toBe(false);
  });
});

const validateDir = mkdtempSync(join(tmpdir(), 'manychip-validate-'));
afterAll(() => rmSync(validateDir, { recursive: true, force: true }));

function scenarioFile(name: string, text: string): string {
  const path = join(validateDir, name);
  writeFileSync(path, text);
  return path;
}

const lines = (text: string): string[] => text.trimEnd().split('\n');

describe('manychip validate reports every problem at once', () => {
  it('gives an unknown chip (line 8) and a negative mean (line 9) in one run, each located, with exit code 2', async () => {
    const path = scenarioFile(
      'both.yaml',
      `name: both
horizon: 100
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites:
  - name: s
    region: r
    pools: [{ chip: b, nodes: 2 }]
classes: { c: { speed: { a: 1 }, work: { dist: exponential, mean: -1 } } }
workload:
  - { class: c, origin: r, arrivals: { process: poisson, rate: 1 } }
`,
    );
    const { code, out, err } = await cli('validate', path);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(lines(err)).toEqual([
      `error: ${path}:8:21 sites[0].pools[0].chip: unknown chip "b" — known: a`,
      `error: ${path}:9:67 classes.c.work.mean: must be greater than 0; got -1`,
    ]);
  });
});

describe('manychip validate warns as run would', () => {
  const path = scenarioFile(
    'warn.yaml',
    `name: warn
horizon: 100
chips: { gpu: { kind: gpu } }
regions: [{ name: east, lat: 31.2, lon: 121.5 }, { name: west, lat: 30.6, lon: 104.1 }]
sites: [{ name: e, region: east, pools: [{ chip: gpu, nodes: 1, chipsPerNode: 8 }] }]
classes:
  big: { speed: { gpu: 1 }, chips: 16, work: { dist: constant, value: 1 } }
  near: { speed: { gpu: 1 }, work: { dist: constant, value: 1 }, slo: { circle: city } }
workload:
  - { class: big, origin: east, arrivals: { process: poisson, rate: 0.1 } }
  - { class: near, origin: { east: 1, west: 1 }, arrivals: { process: poisson, rate: 0.1 } }
`,
  );
  const warnings = [
    `${path}:7:8 classes.big: no pool can ever run this class: the pools with a chip it lists have nodes too small for a job of 16 chips; every job of it will be rejected`,
    `${path}:11:28 workload[1].origin: no pool that can run class "near" is within circle city (1 ms) of region "west": 50% of this entry's jobs will be rejected`,
  ];

  it('prints the warnings, located, and passes', async () => {
    const { code, out, err } = await cli('validate', path);
    expect(code).toBe(0);
    expect(out).toBe(`${path}: ok (1 site, 2 classes)\n`);
    expect(lines(err)).toEqual(warnings.map((w) => `warning: ${w}`));
  });

  it('makes them errors with --strict', async () => {
    const { code, out, err } = await cli('validate', '--strict', path);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(lines(err)).toEqual(warnings.map((w) => `error: ${w}`));
  });

  it('prints them at the start of run too', async () => {
    const { code, err } = await cli('run', path);
    expect(code).toBe(0);
    expect(lines(err).slice(0, 2)).toEqual(warnings.map((w) => `warning: ${w}`));
  });
});
