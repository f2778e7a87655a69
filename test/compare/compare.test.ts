import { describe, expect, it } from 'vitest';
import { compare, CompareError } from '../../src/compare/compare.js';
import { aggregate, holmFamilySize, paretoFront, resample, type PolicySummary } from '../../src/compare/comparison.js';
import { compareMetrics } from '../../src/compare/compare-metrics.js';
import type { Results } from '../../src/metrics/results.js';
import type { Policy } from '../../src/policy/policy.js';
import { Simulation } from '../../src/sim/simulation.js';
import { resolvePolicy } from '../../src/policy/registry.js';
import { compareCsv } from '../../src/report/compare-csv.js';
import { compareTable } from '../../src/report/compare-table.js';
import { headerSection } from '../../src/report/html/header-section.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/** Two sites, a cheap slow one and a dear fast one, busy enough that policies differ in waits too. */
const twoSites = scenarioFrom(`
name: two-sites
seed: 5
horizon: 2000
chips: { cpu: { kind: cpu }, gpu: { kind: gpu } }
regions: [{ name: town, lat: 0, lon: 0 }]
sites:
  - { name: near, lat: 0, lon: 0.01, pools: [{ chip: gpu, nodes: 2, chipsPerNode: 2, pricePerChipHour: 6, failures: { mtbfHours: 0.2, repairHours: 0.05 } }] }
  - { name: far, lat: 0, lon: 1, pools: [{ chip: cpu, nodes: 4, chipsPerNode: 2, pricePerChipHour: 1 }] }
classes:
  job: { speed: { cpu: 1, gpu: 3 }, chips: 1, work: { dist: exponential, mean: 30 }, slo: { circle: national, deadline: 120 } }
workload:
  - { class: job, origin: town, arrivals: { process: poisson, rate: 0.15 } }
policy: fifo
`);

describe('compare', () => {
  it('gives every policy the same arrivals, sizes and failures under one seed (common random numbers)', () => {
    const a = new Simulation(twoSites, { seed: 9, policy: resolvePolicy('cheapest') });
    const b = new Simulation(twoSites, { seed: 9, policy: resolvePolicy('nearest') });
    const downs = (sim: Simulation): string[] => {
      const seen: string[] = [];
      sim.hooks.on('node:down', (pool, node, time) => seen.push(`${pool}/${node}@${time}`));
      return seen;
    };
    const downA = downs(a);
    const downB = downs(b);
    const ra = a.run();
    const rb = b.run();
    expect(ra.jobs.length).toBe(rb.jobs.length);
    expect(ra.jobs.length).toBeGreaterThan(200);
    expect(Array.from(ra.jobs.arrival.subarray(0, ra.jobs.length))).toEqual(Array.from(rb.jobs.arrival.subarray(0, rb.jobs.length)));
    expect(Array.from(ra.jobs.work.subarray(0, ra.jobs.length))).toEqual(Array.from(rb.jobs.work.subarray(0, rb.jobs.length)));
    // Failure times do not depend on where jobs went (which node fails may: it is picked among the pool's nodes).
    expect(downA.length).toBeGreaterThan(0);
    expect(downA.map((d) => d.split('@')[1])).toEqual(downB.map((d) => d.split('@')[1]));
    // ...and the policies did decide differently.
    expect(Array.from(ra.jobs.pool.subarray(0, ra.jobs.length))).not.toEqual(Array.from(rb.jobs.pool.subarray(0, rb.jobs.length)));
  });

  it('runs every policy under consecutive seeds from the scenario seed, policy-major', () => {
    const c = compare(twoSites, { policies: ['fifo', 'cheapest'], seeds: 3 });
    expect(c.seeds).toEqual([5, 6, 7]);
    expect(c.runs.map((r) => `${r.policy}:${r.seed}`)).toEqual(['fifo:5', 'fifo:6', 'fifo:7', 'cheapest:5', 'cheapest:6', 'cheapest:7']);
    expect(c.baseline).toBe('fifo');
    expect(c.summaries[0]?.differences).toBeNull();
    expect(c.chipKinds).toEqual({ cpu: 'cpu', gpu: 'gpu' });
  });

  it('aggregates each metric as the mean of the runs with the paired difference against the baseline', () => {
    const c = compare(twoSites, { policies: ['cheapest', 'nearest'], seeds: [1, 2, 3, 4, 5, 6, 7, 8] });
    const cost = (policy: string): number[] => c.runs.filter((r) => r.policy === policy).map((r) => r.cost.total);
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(c.summaries[0]?.metrics.cost?.mean).toBeCloseTo(mean(cost('cheapest')), 10);
    const diffs = cost('nearest').map((x, i) => x - (cost('cheapest')[i] as number));
    expect(c.summaries[1]?.differences?.cost?.mean).toBeCloseTo(mean(diffs), 10);
    // nearest sends everything to the dear site: dearer, and clearly so.
    expect(c.summaries[1]?.differences?.cost?.significant).toBe(true);
    expect(c.best.cost).toEqual(['cheapest']);
  });

  it('is deterministic: the same compare twice gives the same numbers', () => {
    const strip = (c: ReturnType<typeof compare>): string => JSON.stringify({ ...c, runs: c.runs.map(({ perf: _perf, ...r }) => r) });
    expect(strip(compare(twoSites, { policies: ['fifo', 'nearest'], seeds: 2 }))).toBe(strip(compare(twoSites, { policies: ['fifo', 'nearest'], seeds: 2 })));
  });

  it('makes a fresh scheduler per run for user policies', () => {
    // A scheduler adapted from a Policy keeps views of its run's state; reused, a second run would read the first's.
    const mine: Policy = { name: 'mine', score: (_job, pool, ctx) => -ctx.expectedWaitS(pool) - pool.pricePerChipHour };
    const strip = (r: Results): string => JSON.stringify({ ...r, perf: null });
    const both = compare(twoSites, { policies: ['fifo', mine], seeds: [1, 2] });
    const alone = compare(twoSites, { policies: ['fifo', mine], seeds: [2] });
    expect(both.policies).toEqual(['fifo', 'mine']);
    expect(strip(both.runs[3] as Results)).toBe(strip(alone.runs[1] as Results));
  });

  it('refuses impossible requests with a clear message', () => {
    expect(() => compare(twoSites, { policies: ['fifo'], baseline: 'cheapest' })).toThrow(/baseline "cheapest" is not one of the compared policies \(fifo\)/);
    expect(() => compare(twoSites, { policies: ['fifo', 'fifo'] })).toThrow(CompareError);
    expect(() => compare(twoSites, { policies: [] })).toThrow(/no policies/);
    expect(() => compare(twoSites, { policies: ['fifo'], seeds: 0 })).toThrow(/seeds must be a positive whole number/);
    expect(() => compare(twoSites, { policies: ['./mine.js'] })).toThrow(/module path/);
    expect(() => compare(twoSites, { policies: ['nope'] })).toThrow(/unknown policy/i);
  });

  it('gathers warnings over the runs, once each, with how many runs gave them', () => {
    const s = scenarioFrom(`
name: some-rejected
seed: 1
chips: { cpu: { kind: cpu }, tpu: { kind: asic } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: cpu, nodes: 2 }] }]
classes:
  ok: { speed: { cpu: 1 }, work: { dist: exponential, mean: 1 } }
  nowhere: { speed: { tpu: 1 }, work: { dist: exponential, mean: 1 } }
workload:
  - { class: ok, origin: r, arrivals: { process: poisson, rate: 1 }, count: 20 }
  - { class: nowhere, origin: r, arrivals: { process: poisson, rate: 0.1 }, count: 2 }
`);
    const warnings: string[] = [];
    compare(s, { policies: ['fifo', 'cheapest'], seeds: 3, onWarning: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^jobs of class "nowhere" from r are rejected: .* \(in 6 of 6 runs\)$/);
  });

  it('reports progress after each run', () => {
    const seen: string[] = [];
    compare(twoSites, { policies: ['fifo', 'cheapest'], seeds: 2, onProgress: (d, t) => seen.push(`${d}/${t}`) });
    expect(seen).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });
});

describe('aggregate', () => {
  it('marks significance with Holm over the whole table, not per test', () => {
    const c = compare(twoSites, { policies: ['fifo', 'cheapest', 'nearest'], seeds: 4 });
    const tested = c.summaries.flatMap((s) => Object.values(s.differences ?? {})).filter((d) => d.p !== null);
    const m = tested.length;
    expect(m).toBeGreaterThan(10);
    expect(holmFamilySize(c)).toBe(m);
    // Holm's adjusted p of the smallest p-value is m times it (Bonferroni's), capped at 1.
    // Holm's adjusted p of the k-th smallest p-value (from 0) is at least (m − k) times it.
    const sorted = [...tested].sort((a, b) => (a.p as number) - (b.p as number));
    const k = sorted.findIndex((d) => (d.p as number) > 0);
    expect(k).toBeGreaterThanOrEqual(0);
    const first = sorted[k] as (typeof sorted)[number];
    expect(first.pHolm as number).toBeGreaterThanOrEqual(Math.min(1, (m - k) * (first.p as number)) * (1 - 1e-12));
    for (const d of tested) {
      expect(d.pHolm as number).toBeGreaterThanOrEqual(d.p as number);
      // Significant after Holm implies significant alone; an adjusted p ≤ alpha is the same verdict.
      if (d.significant) expect(d.p as number).toBeLessThanOrEqual(c.alpha);
      expect(d.significant).toBe((d.pHolm as number) <= c.alpha);
    }
  });

  it('rejects runs that do not cover every seed', () => {
    const runs = compare(twoSites, { policies: ['fifo'], seeds: 2 }).runs;
    expect(() => aggregate(['fifo'], [1, 2, 3], [runs], { baseline: 'fifo', chipKinds: {} })).toThrow(/2 runs for 3 seeds/);
  });

  it('finds the Pareto front of cost against p95 JCT', () => {
    const s = (policy: string, cost: number, jct: number): PolicySummary => ({
      policy,
      metrics: { cost: { n: 1, mean: cost, sd: null, low: null, high: null }, jctP95: { n: 1, mean: jct, sd: null, low: null, high: null } },
      differences: null,
      sloByCircle: {},
      jctQuantiles: [],
      timeseries: { t: [], utilizationByChip: {}, utilizationBySite: {}, queueLength: [] },
    });
    // b dominates d (cheaper and faster); a and c trade off; e ties a on cost and is slower.
    expect(paretoFront([s('a', 1, 10), s('b', 2, 5), s('c', 4, 1), s('d', 3, 6), s('e', 1, 12)], 'cost', 'jctP95')).toEqual(['a', 'b', 'c']);
  });

  it('reads every metric from the results contract without recomputing', () => {
    const r = compare(twoSites, { policies: ['fifo'], seeds: 1 }).runs[0];
    if (r === undefined) throw new Error('no run');
    const byKey = Object.fromEntries(compareMetrics.map((m) => [m.key, m.value(r)]));
    expect(byKey.jctP95).toBe(r.jct.p95);
    expect(byKey.cost).toBe(r.cost.total);
    expect(byKey.utilization).toBe(r.utilization.overall);
    expect(byKey.deadlineMet).toBe(r.slo.deadlineMet);
  });
});

describe('compare tables', () => {
  const c = compare(twoSites, { policies: ['fifo', 'cheapest', 'nearest', 'cost-latency'], seeds: 8 });

  it('fit 100 columns, star the best and mark significant differences', () => {
    const text = compareTable(c);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    expect(text).toContain('p95 JCT');
    expect(text).toContain('* best mean in the column');
    expect(text).toMatch(/difference from fifo/);
    expect(text).toMatch(/†/);
    // The cheapest policy's cost is starred.
    const cheapestLine = text.split('\n').find((l) => l.startsWith('cheapest')) as string;
    expect(cheapestLine).toMatch(/\*/);
  });

  it('split their columns rather than overflow when policy names are long', () => {
    const long: Policy = { name: 'a-policy-with-a-very-long-descriptive-name-from-a-user-module', score: (_j, pool) => -pool.pricePerChipHour };
    const text = compareTable(compare(twoSites, { policies: ['fifo', long, 'cheapest'], seeds: 3 }));
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    // Every column is still there, in two or more tables.
    for (const label of ['p95 JCT', 'p99 wait', 'cost/job', 'energy', 'util']) expect(text).toContain(label);
    expect(text.split('\n').filter((l) => l.startsWith('policy')).length).toBeGreaterThan(2);
  });

  it('say that one seed gives one run each and no interval, instead of promising intervals it cannot show', () => {
    const text = compareTable(compare(twoSites, { policies: ['fifo', 'cheapest'], seeds: 1 }));
    expect(text).toContain('one run each, no interval (intervals and the paired differences need --seeds 2 or more)');
    expect(text).not.toMatch(/half-width|difference from/);
    expect(compareTable(c)).toContain('mean over seeds, ± half-width of the 95% interval (Student t)');
  });

  it('count Holm\'s tests in the singular when there is one (one metric, two policies)', () => {
    const single = compare(twoSites, { policies: ['fifo', 'cheapest'], seeds: 2, metrics: ['jct.p95'] });
    expect(compareTable(single)).toContain("Holm's correction (1 test: every metric × policy, JSON included)");
    expect(headerSection(single)).toContain("Holm's correction over its one test at");
    expect(compareTable(c)).toMatch(/Holm's correction \(\d+ tests:/);
    expect(headerSection(c)).toMatch(/Holm's correction over all \d+ tests at/);
  });

  it('star the best only where policies differ, and give differences of fractions in points', () => {
    const text = compareTable(c);
    // Every policy places every job inside its circle: no star in that column.
    const header = text.split('\n').find((l) => l.startsWith('policy')) as string;
    const circleAt = header.indexOf('circle');
    expect(circleAt).toBeGreaterThan(0);
    expect(text.split('\n').filter((l) => l.slice(circleAt, circleAt + 7).includes('*'))).toEqual([]);
    expect(text).toMatch(/^ +s +s +pp +pp /m);
  });

  it('give one CSV row per policy and seed, quoting names that need it', () => {
    const oddName: Policy = { name: 'mine, "v2"', score: () => 0 };
    const csv = compareCsv(compare(twoSites, { policies: ['fifo', oddName], seeds: 2 }));
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]?.startsWith('policy,seed,jctP95,')).toBe(true);
    expect(lines[3]?.startsWith('"mine, ""v2""",5,')).toBe(true);
  });
});

describe('mean time series', () => {
  it('resamples interval averages onto another grid, time-weighted', () => {
    // 0..2: 1, 2..4: 3, 4..6: 5; onto (0,3], (3,6], (6,9]: the last is past the end.
    expect(resample([2, 4, 6], [1, 3, 5], [3, 6, 9])).toEqual([(2 * 1 + 1 * 3) / 3, (1 * 3 + 2 * 5) / 3, NaN]);
    expect(resample([1, 2], [4, 6], [1, 2])).toEqual([4, 6]);
  });

  it('averages runs without a horizon at the same times, not the same indices', () => {
    // No horizon: each run picks its sampling interval from its own length.
    const s = scenarioFrom(`
name: no-horizon
seed: 3
chips: { cpu: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: cpu, nodes: 16 }] }]
classes: { job: { speed: { cpu: 1 }, work: { dist: exponential, mean: 1 } } }
workload: [{ class: job, origin: r, arrivals: { process: poisson, rate: 14.4 }, count: 5740 }]
policy: fifo
`);
    const c = compare(s, { policies: ['fifo'], seeds: [3, 1, 2] });
    const grids = c.runs.map((r) => r.timeseries.t);
    const ends = grids.map((t) => t[t.length - 1] as number);
    const series = c.summaries[0]?.timeseries;
    // The mean spans the longest run, on that run's grid.
    expect(series?.t[series.t.length - 1]).toBe(Math.max(...ends));
    // Where every run is going, each point is the mean of the three runs' averages over the same interval.
    const i = 40;
    const from = series?.t[i - 1] as number;
    const to = series?.t[i] as number;
    const each = c.runs.map((r) => resample(r.timeseries.t, r.timeseries.utilizationByChip.cpu ?? [], [from, to])[1] as number);
    expect(series?.utilizationByChip.cpu?.[i]).toBeCloseTo(each.reduce((a, b) => a + b, 0) / 3, 12);
    // At rho 0.9, utilisation in the middle of a run is near 0.9, never the half-empty tail of a shorter run.
    expect(series?.utilizationByChip.cpu?.[i]).toBeGreaterThan(0.6);
  });
});
