import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mean } from 'd3-array';
import { afterAll, describe, expect, it } from 'vitest';
import { compare } from '../../src/compare/compare.js';
import { MetricError, metricOf, parseMetricSpec, resolveMetric } from '../../src/compare/metric-spec.js';
import type { Results } from '../../src/metrics/results.js';
import { compareCsv } from '../../src/report/compare-csv.js';
import { summarizeFile } from '../../src/sweep/merge.js';
import { runCli } from '../helpers/cli-capture.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/** Chat requests from two cities and fine-tuning jobs from one, on one pool of GPUs. */
const mixed = scenarioFrom(`
name: mixed
seed: 11
horizon: 2000
chips: { gpu: { kind: gpu } }
regions: [{ name: beijing, lat: 39.9, lon: 116.4 }, { name: shanghai, lat: 31.2, lon: 121.5 }]
sites: [{ name: s, region: beijing, pools: [{ chip: gpu, nodes: 2, chipsPerNode: 2, pricePerChipHour: 2 }] }]
classes:
  chat: { speed: { gpu: 1 }, chips: 0.5, work: { dist: exponential, mean: 0.5 } }
  tune: { speed: { gpu: 1 }, chips: 1, work: { dist: exponential, mean: 600 } }
workload:
  - { class: chat, origin: { beijing: 0.5, shanghai: 0.5 }, arrivals: { process: poisson, rate: 2 } }
  - { class: tune, origin: shanghai, arrivals: { process: poisson, rate: 0.003 } }
`);
const groups = { classes: ['chat', 'tune'], origins: ['beijing', 'shanghai'] };
const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'manychip-metric-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a --metric spec', () => {
  it('is a metric name, and optionally a class or an origin whose name is taken whole', () => {
    expect(parseMetricSpec('jct.p95')).toEqual({ metric: 'jct.p95' });
    expect(parseMetricSpec('jct.p95@class=chat')).toEqual({ metric: 'jct.p95', group: { kind: 'class', name: 'chat' } });
    expect(parseMetricSpec('cost@origin=a=b@c')).toEqual({ metric: 'cost', group: { kind: 'origin', name: 'a=b@c' } });
  });

  it('names a default compare metric by its key or its path, the same metric either way', () => {
    for (const [spec, key] of [
      ['jct.p95', 'jctP95'],
      ['jctP95', 'jctP95'],
      ['cost.total', 'cost'],
      ['slo.deadlineMet', 'deadlineMet'],
      ['utilization', 'utilization'],
    ] as const) {
      expect(resolveMetric(spec, groups).key, spec).toBe(key);
    }
    expect(resolveMetric('jct.p99', groups)).toMatchObject({ key: 'jct.p99', label: 'p99 JCT', unit: 's', better: 'lower' });
  });

  it('reads a class’s or an origin’s value from that group’s results', () => {
    const c = compare(mixed, { policies: ['fifo'], seeds: 2 });
    const r = c.runs[0] as Results;
    expect(resolveMetric('jct.p95@class=chat', groups).value(r)).toBe(r.byClass['chat']?.jct.p95);
    expect(resolveMetric('jctP95@class=tune', groups).value(r)).toBe(r.byClass['tune']?.jct.p95);
    expect(resolveMetric('wait.p99@origin=shanghai', groups).value(r)).toBe(r.byOrigin['shanghai']?.wait.p99);
    expect(resolveMetric('cost@origin=beijing', groups).value(r)).toBe(r.byOrigin['beijing']?.cost.total);
    const started = r.byClass['tune'] as Results['byClass'][string];
    expect(resolveMetric('started@class=tune', groups).value(r)).toBe((started.jobs.arrived - started.jobs.rejected - started.jobs.neverStarted) / started.jobs.arrived);
    expect(resolveMetric('jct.p95@class=chat', groups)).toMatchObject({ key: 'jct.p95@class=chat', label: 'p95 JCT (chat)' });
    expect(resolveMetric('jct.p95@origin=beijing', groups).label).toBe('p95 JCT (from beijing)');
  });

  it('reads no value, not Object.prototype’s, for a class named constructor that a run lacks', () => {
    const r = compare(mixed, { policies: ['fifo'], seeds: 1 }).runs[0] as Results;
    const m = resolveMetric('jct.p95@class=constructor', { classes: ['constructor'], origins: [] });
    expect(m.value(r)).toBeNull();
    expect(metricOf('cost@class=toString').value(r)).toBeNull();
  });

  it('that names an unknown class, origin or metric gets one message listing what is allowed', () => {
    expect(() => resolveMetric('jct.p95@class=chatt', groups)).toThrow(new MetricError('--metric "jct.p95@class=chatt": unknown class "chatt" — classes: "chat", "tune"'));
    expect(() => resolveMetric('jct.p95@origin=wuhan', groups)).toThrow(new MetricError('--metric "jct.p95@origin=wuhan": unknown origin "wuhan" — origins: "beijing", "shanghai"'));
    expect(() => resolveMetric('jct.p96', groups)).toThrow(/unknown metric "jct.p96" — known: wait\.\{mean,p50,p95,p99,max\}, jct\.\{mean,p50,p95,p99,max\}, .*; or a compare key: jctP95, waitP99/);
    expect(() => resolveMetric('utilization@class=chat', groups)).toThrow(/utilisation is not split by class, since the chips are shared; per class: wait\./);
    expect(() => resolveMetric('jct.p95@site=x', groups)).toThrow('--metric "jct.p95@site=x": after @ give class=<name> or origin=<name>');
  });
});

describe('compare --metric', () => {
  it('aggregates just the metrics asked for: the mean over seeds of each run’s value for that class', () => {
    const c = compare(mixed, { policies: ['fifo', 'cheapest'], seeds: 3, metrics: ['jct.p95@class=chat', 'jct.p95@class=tune', 'jct.p95'] });
    expect(c.metrics.map((m) => m.key)).toEqual(['jct.p95@class=chat', 'jct.p95@class=tune', 'jctP95']);
    // Asked for, so in the table, even a default that is JSON-only otherwise.
    expect(compare(mixed, { policies: ['fifo'], seeds: 1, metrics: ['jctMean'] }).metrics).toMatchObject([{ key: 'jctMean', inTable: true }]);
    c.summaries.forEach((s, i) => {
      const runs = c.runs.slice(i * 3, i * 3 + 3);
      expect(s.metrics['jct.p95@class=chat']?.mean).toBeCloseTo(mean(runs.map((r) => r.byClass['chat']?.jct.p95 as number)) as number, 12);
      expect(s.metrics['jct.p95@class=tune']?.mean).toBeCloseTo(mean(runs.map((r) => r.byClass['tune']?.jct.p95 as number)) as number, 12);
    });
    expect(Object.keys(c.summaries[1]?.differences ?? {})).toEqual(['jct.p95@class=chat', 'jct.p95@class=tune', 'jctP95']);
    // The CSV has a column per chosen metric, each run's value.
    const [head, first] = compareCsv(c).split('\n');
    expect(head).toBe('policy,seed,jct.p95@class=chat,jct.p95@class=tune,jctP95,jobs.arrived,jobs.completed,jobs.rejected,jobs.failed,jobs.unfinished,jobs.preempted,events');
    expect(first?.split(',')[2]).toBe(String(c.runs[0]?.byClass['chat']?.jct.p95));
  });

  it('refuses a metric asked for twice', () => {
    expect(() => compare(mixed, { policies: ['fifo'], seeds: 1, metrics: ['jct.p95', 'jctP95'] })).toThrow('--metric: "jct.p95" and "jctP95" name the same metric');
  });

  it('on the command line: exit 2 and the message before any run for an unknown class; the table heads the class’s column', async () => {
    const quickstart = join(root, 'scenarios', 'quickstart.yaml');
    expect(await runCli(['compare', quickstart, '--policies', 'fifo', '--metric', 'jct.p95@class=chat'])).toEqual({
      code: 2,
      out: '',
      err: 'error: --metric "jct.p95@class=chat": unknown class "chat" — classes: "inference", "batch"\n',
    });
    const r = await runCli(['compare', quickstart, '--policies', 'fifo,cheapest', '--seeds', '2', '--quiet', '--metric', 'jct.p95@class=batch', '--metric', 'wait.p99@origin=beijing']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^policy +p95 JCT \(batch\) +p99 wait \(from beijing\)$/m);
  }, 60_000);

  it('on a sweep’s JSONL: the same metrics per point, checked against the rows’ classes', async () => {
    const out = join(dir, 'tiny.jsonl');
    expect((await runCli(['sweep', join(root, 'test/fixtures/sweeps/tiny-sweep.yaml'), '--seeds', '2', '--workers', '0', '--quiet', '-o', out])).code).toBe(0);
    const s = summarizeFile(out, 0.95, ['jct.p95@class=job', 'wait.mean@origin=here']);
    expect(s.metrics.map((m) => m.key)).toEqual(['jct.p95@class=job', 'wait.mean@origin=here']);
    // One class and one origin: each equals the run-wide value.
    const whole = summarizeFile(out);
    s.points.forEach((p, i) => {
      expect(p.metrics['jct.p95@class=job']?.mean).toBeCloseTo(whole.points[i]?.metrics['jctP95']?.mean as number, 12);
      expect(p.metrics['wait.mean@origin=here']?.mean).toBeCloseTo(whole.points[i]?.metrics['waitMean']?.mean as number, 12);
    });
    expect(await runCli(['compare', out, '--metric', 'cost@class=chat'])).toEqual({ code: 2, out: '', err: 'error: --metric "cost@class=chat": unknown class "chat" — classes: "job"\n' });
  }, 60_000);
});
