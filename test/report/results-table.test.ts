import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/metrics/results.js';
import { formatCount, formatNumber } from '../../src/report/format-number.js';
import { resultsTable } from '../../src/report/results-table.js';
import { runScenario } from '../../src/run-scenario.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/** Short chat jobs and long fine-tuning jobs sharing two GPUs, from two regions; `extra` adds lines at the top level. */
function twoClasses(extra = '', names = { chat: 'chat', tune: 'fine-tune' }): Results {
  return runScenario(
    scenarioFrom(`
name: mixed
seed: 3
horizon: 3000
${extra}
chips: { gpu: { kind: gpu } }
regions: [{ name: beijing, lat: 39.9, lon: 116.4 }, { name: shanghai, lat: 31.2, lon: 121.5 }]
sites: [{ name: s, region: beijing, pools: [{ chip: gpu, nodes: 1, chipsPerNode: 2, pricePerChipHour: 2, powerWatts: { idle: 50, busy: 300 } }] }]
classes:
  ${JSON.stringify(names.chat)}: { speed: { gpu: 1 }, chips: 0.5, work: { dist: exponential, mean: 0.5 }, slo: { deadline: 2 } }
  ${JSON.stringify(names.tune)}: { speed: { gpu: 1 }, chips: 1, work: { dist: exponential, mean: 1400 } }
workload:
  - { class: ${JSON.stringify(names.chat)}, origin: beijing, arrivals: { process: poisson, rate: 0.5 } }
  - { class: ${JSON.stringify(names.tune)}, origin: shanghai, arrivals: { process: poisson, rate: 0.001 } }
`),
  );
}

const width = (line: string): number => [...line].length;
/** The line of the per-class block that starts with `label` then `name` (or `name` alone). */
const lineOf = (table: string, start: RegExp): string => table.split('\n').find((l) => start.test(l)) ?? '';
const cells = (line: string): string[] => line.trim().split(/\s{2,}/);

describe('the results table', () => {
  it('names bounded slowdown and its threshold in the header of its row', () => {
    expect(resultsTable(twoClasses())).toMatch(/^slowdown \(bounded, τ=10 s\) {2}/m);
    expect(resultsTable(twoClasses('metrics: { slowdownThresholdS: 0.5 }'))).toMatch(/^slowdown \(bounded, τ=0\.5 s\) {2}/m);
  });

  it('prints a block per class with each class’s counts, summaries, cost and energy, as the rest of the table formats them', () => {
    const r = twoClasses();
    const table = resultsTable(r);
    expect(table).toContain('by class');
    const lines = table.split('\n');
    const jctAt = lines.findIndex((l) => /^JCT \(s\) +chat /.test(l));
    Object.entries(r.byClass).forEach(([name, g], i) => {
      expect(cells(lineOf(table, new RegExp(`^${name} `)))).toEqual([name, ...[g.jobs.arrived, g.jobs.completed, g.jobs.rejected, g.jobs.failed, g.jobs.unfinished, g.jobs.preempted].map(formatCount)]);
      // The JCT rows: one per class, in order, under the label.
      const jctLine = lines[jctAt + i] ?? '';
      expect(cells(jctLine)).toContain(name);
      const jct = cells(jctLine).slice(-6);
      expect(jct).toEqual([formatCount(g.jct.count), ...[g.jct.mean, g.jct.p50, g.jct.p95, g.jct.p99, g.jct.max].map((v) => formatNumber(v))]);
    });
    // The chat class has a deadline, so the column is there; the tuning class has none.
    const chat = r.byClass['chat'];
    expect(chat?.slo.deadlineMet).not.toBeNull();
    expect(lineOf(table, /^ +deadline met +cost/)).not.toBe('');
    expect(table).not.toContain('circle met');
    expect(cells(lineOf(table, /^fine-tune +– +\$/))[1]).toBe('–');
  });

  it('keeps every line within 80 columns, cutting a class name past 16 characters', () => {
    const table = resultsTable(twoClasses('', { chat: 'chat', tune: 'fine-tuning-of-large-models' }));
    expect(table).toContain('fine-tuning-of-…');
    expect(table).not.toContain('fine-tuning-of-large-models');
    for (const line of table.split('\n').filter((l) => !l.startsWith('cost') && !l.startsWith('events') && !/^ +by provider/.test(l))) expect(width(line), line).toBeLessThanOrEqual(80);
  });

  it('prints no class block for a run of one class', () => {
    const r = runScenario(
      scenarioFrom(`
name: one
chips: { c: { kind: cpu } }
regions: [{ name: here }]
sites: [{ name: s, region: here, pools: [{ chip: c, nodes: 1, chipsPerNode: 1 }] }]
classes: { only: { speed: { c: 1 }, work: { dist: constant, value: 1 } } }
workload: [{ class: only, origin: here, arrivals: { process: poisson, rate: 0.5 }, count: 20 }]
`),
    );
    expect(resultsTable(r)).not.toContain('by class');
  });

  it('prints a class named __proto__ read back from JSON like any other', () => {
    const json = JSON.stringify(twoClasses()).replaceAll('"chat"', '"__proto__"');
    const r = JSON.parse(json) as Results;
    expect(Object.keys(r.byClass)).toEqual(['__proto__', 'fine-tune']);
    const table = resultsTable(r);
    expect(lineOf(table, /^__proto__ /)).not.toBe('');
    expect(lineOf(table, /^JCT \(s\) +__proto__ /)).not.toBe('');
  });
});
