import { mean, quantile } from 'd3-array';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupTable, GroupTally, partitionByGroup, partitionSummaries } from '../../src/metrics/group-results.js';
import type { GroupResults, JobCounts, Results, Summary } from '../../src/metrics/results.js';
import { QuantileSketch } from '../../src/metrics/quantile-sketch.js';
import { summarize, summary } from '../../src/metrics/summarize.js';
import { JobState } from '../../src/model/job-table.js';
import { simulate } from '../../src/run-scenario.js';
import { scenarioFrom } from '../helpers/scenarios.js';

const countKeys = ['arrived', 'completed', 'rejected', 'failed', 'unfinished', 'preempted', 'neverStarted', 'restarts'] as const;

const jobArb = fc.record({
  cls: fc.nat(),
  origin: fc.constantFrom('north', 'south', 'far'),
  arrival: fc.integer({ min: 0, max: 60 }).map((t) => t / 2),
  work: fc.integer({ min: 1, max: 40 }).map((w) => w / 2),
});
const classArb = fc.record({
  chips: fc.constantFrom(0.5, 1, 2, 8), // 8 fits no node: rejected
  priority: fc.constantFrom(0, 1, 2),
  preemptible: fc.constantFrom(true, true, false),
  resume: fc.boolean(),
  circle: fc.constantFrom(undefined, 'city', 'national'),
  deadline: fc.constantFrom(undefined, 5, 30),
});
const scenarioArb = fc.record({
  classes: fc.array(classArb, { minLength: 1, maxLength: 4 }),
  jobs: fc.array(jobArb, { minLength: 1, maxLength: 60 }),
  nodes: fc.integer({ min: 1, max: 2 }),
  horizon: fc.option(fc.integer({ min: 5, max: 40 }), { nil: undefined }),
  warmupS: fc.constantFrom(0, 0, 4),
  drain: fc.boolean(),
  failures: fc.boolean(),
  onNodeFailure: fc.constantFrom('requeue', 'fail'),
  policy: fc.constantFrom('priority-preempt', 'priority-preempt', 'fifo', 'cheapest', 'nearest'),
  seed: fc.nat({ max: 1000 }),
});
type Generated = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** Three origins, two sites (one near the first two origins, one far), classes with and without SLOs, priorities and preemption. */
function toYaml(g: Generated): string {
  const classes = g.classes.map((c, i) => {
    const slo = c.circle === undefined && c.deadline === undefined ? '' : `, slo: { ${[c.circle === undefined ? '' : `circle: ${c.circle}`, c.deadline === undefined ? '' : `deadline: ${c.deadline}`].filter((x) => x !== '').join(', ')} }`;
    return `  k${i}: { speed: { cpu: 1, gpu: 2 }, chips: ${c.chips}, priority: ${c.priority}, preemptible: ${c.preemptible}, onPreempt: ${c.resume ? 'resume' : 'restart'}, work: { dist: constant, value: 1 }${slo} }`;
  });
  const jobs = g.jobs.map((j) => `  - { class: k${j.cls % g.classes.length}, origin: ${j.origin}, arrival: ${j.arrival}, work: ${j.work} }`);
  const failures = g.failures ? ', failures: { mtbfHours: 0.005, repairHours: 0.002 }' : '';
  const horizon = g.horizon === undefined ? '' : `horizon: ${g.horizon}`;
  const warmup = g.horizon !== undefined && g.warmupS >= g.horizon ? '' : `warmupS: ${g.warmupS}`;
  return `
name: groups
seed: ${g.seed}
${horizon}
${warmup}
drain: ${g.drain}
onNodeFailure: ${g.onNodeFailure}
circles: { city: 1, national: 40 }
chips: { cpu: { kind: cpu }, gpu: { kind: gpu } }
regions:
  - { name: north, lat: 39.9, lon: 116.4 }
  - { name: south, lat: 39.91, lon: 116.41 }
  - { name: far, lat: 31.2, lon: 121.5 }
network: { rttMs: { north: { near: 0.5, away: 20 }, south: { near: 0.8, away: 21 }, far: { near: 20, away: 0.6 } } }
sites:
  - { name: near, region: north, pools: [ { chip: cpu, nodes: ${g.nodes}, chipsPerNode: 2, pricePerChipHour: 1, powerWatts: { idle: 20, busy: 100 }${failures} } ] }
  - { name: away, region: far, pools: [ { chip: gpu, nodes: 1, chipsPerNode: 2, pricePerChipHour: 3, powerWatts: { idle: 30, busy: 300 } } ] }
classes:
${classes.join('\n')}
jobs:
${jobs.join('\n')}
`;
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function expectConserved(counts: JobCounts, what: string): void {
  expect(counts.arrived, what).toBe(counts.completed + counts.rejected + counts.failed + counts.unfinished);
}

/** The groups' parts added up, key by key. */
function sums(groups: readonly GroupResults[]): { counts: Record<string, number>; cost: number; energyKWh: number; completedJct: number } {
  const counts: Record<string, number> = Object.fromEntries(countKeys.map((k) => [k, 0]));
  let cost = 0;
  let energyKWh = 0;
  let completedJct = 0;
  for (const g of groups) {
    for (const k of countKeys) counts[k] = (counts[k] as number) + g.jobs[k];
    cost += g.cost.total;
    energyKWh += g.energyKWh;
    completedJct += g.jct.count;
  }
  return { counts, cost, energyKWh, completedJct };
}

describe('results per class and per origin', () => {
  it('conserve jobs in every class and origin, and add up to the totals (counts, cost, energy) over random scenarios', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const r = summarize(simulate(scenarioFrom(toYaml(g)), { policy: g.policy }));
        for (const [table, name] of [
          [r.byClass, 'byClass'],
          [r.byOrigin, 'byOrigin'],
        ] as const) {
          const groups = Object.values(table);
          for (const [key, group] of Object.entries(table)) expectConserved(group.jobs, `${name}.${key}`);
          const s = sums(groups);
          expect(s.counts, name).toEqual(Object.fromEntries(countKeys.map((k) => [k, r.jobs[k]])));
          expect(s.completedJct, name).toBe(r.jct.count);
          expect(close(s.cost, r.cost.total), `${name} cost ${s.cost} vs ${r.cost.total}`).toBe(true);
          expect(close(s.energyKWh + r.energy.unattributedKWh, r.energyKWh), `${name} energy ${s.energyKWh} + ${r.energy.unattributedKWh} vs ${r.energyKWh}`).toBe(true);
        }
        expect(r.energy.unattributedKWh).toBeGreaterThanOrEqual(0);
        expect(Object.keys(r.byClass)).toEqual(g.classes.map((_, i) => `k${i}`));
        expect(Object.keys(r.byOrigin)).toEqual(['north', 'south', 'far']);
      }),
      { numRuns: 150 },
    );
  });

  it('give each class the wait, JCT, slowdown and RTT quantiles of its own jobs, split by hand from the per-job records (exact quantiles, and sketched within their bound)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom('exact', 'sketch'), (g, method) => {
        const run = simulate(scenarioFrom(toYaml(g)), { policy: g.policy, quantiles: method });
        const near = method === 'exact' ? close : within(QuantileSketch.relativeError);
        const r = summarize(run);
        const { jobs, model } = run;
        const tau = r.slowdownThresholdS;
        model.classes.forEach((cls, c) => {
          const waits: number[] = [];
          const jcts: number[] = [];
          const slowdowns: number[] = [];
          const rtts: number[] = [];
          for (let j = 0; j < jobs.length; j++) {
            if (jobs.cls[j] !== c || (jobs.arrival[j] as number) < run.scenario.warmupS) continue;
            const state = jobs.state[j];
            const pool = jobs.pool[j] as number;
            if (state === JobState.Rejected || pool < 0) continue;
            const site = model.pools[pool]?.site as number;
            rtts.push(model.rttMs[(jobs.origin[j] as number) * model.sites.length + site] as number);
            const start = jobs.start[j] as number;
            if (!Number.isNaN(start)) waits.push(start - (jobs.arrival[j] as number));
            if (state !== JobState.Completed) continue;
            const jct = (jobs.finish[j] as number) - (jobs.arrival[j] as number);
            jcts.push(jct);
            slowdowns.push(Math.max(1, jct / Math.max(jobs.runS[j] as number, tau)));
          }
          const group = r.byClass[cls.name] as GroupResults;
          expectSummary(group.wait, waits, `${cls.name} wait`, near);
          expectSummary(group.jct, jcts, `${cls.name} jct`, near);
          expectSummary(group.slowdown, slowdowns, `${cls.name} slowdown`, near);
          expectSummary(group.rttMs, rtts, `${cls.name} rtt`, near);
          const grid = r.distribution.jctByClass[cls.name] as number[];
          if (jcts.length === 0) expect(grid).toEqual([]);
          else expect(grid.map((v, i) => near(v, quantile(jcts, i / 100) as number))).toEqual(grid.map(() => true));
        });
      }),
      { numRuns: 80 },
    );
  });

  it('keeps a group named __proto__, constructor or toString as an entry like any other', () => {
    const tally = new GroupTally(3);
    const fact = { state: JobState.Completed, restarts: 0, preemptions: 0, hasCircle: false, hasDeadline: false, placed: true, started: true, deadlineMet: false, cost: 2, energyKWh: 1 };
    tally.add(0, fact);
    tally.add(2, fact);
    tally.add(2, fact);
    const none = partitionByGroup(new Float64Array(0), new Int32Array(0), 0, new Int32Array(0), 3);
    const table = groupTable(['__proto__', 'constructor', 'toString'], tally, partitionSummaries({ wait: none, jct: none, slowdown: none, rttMs: none }, (v) => summary(v, v.length)));
    expect(Object.keys(table)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(table['__proto__']?.jobs.completed).toBe(1);
    expect(table['toString']?.cost.total).toBe(4);
    // Written and read back as JSON, the names stay entries.
    const back = JSON.parse(JSON.stringify({ byClass: table })) as Pick<Results, 'byClass'>;
    expect(Object.hasOwn(back.byClass, '__proto__')).toBe(true);
    expect(back.byClass['__proto__']?.jobs.arrived).toBe(1);
  });

  it('splits values by group in order, by counting sort', () => {
    const values = Float64Array.from([10, 20, 30, 40, 50]);
    const jobOf = Int32Array.from([4, 3, 2, 1, 0]);
    const groupOfJob = Int32Array.from([1, 0, 1, 2, 0]);
    const p = partitionByGroup(values, jobOf, 5, groupOfJob, 4);
    expect([...p.offsets]).toEqual([0, 2, 4, 5, 5]);
    expect([...p.values]).toEqual([10, 40, 30, 50, 20]);
  });
});

/** Within a relative error (and the rounding of `close`). */
function within(relative: number): (a: number, b: number) => boolean {
  return (a, b) => close(a, b) || Math.abs(a - b) <= relative * (1 + 1e-9) * Math.abs(b);
}

function expectSummary(s: Summary, values: readonly number[], what: string, near: (a: number, b: number) => boolean): void {
  expect(s.count, what).toBe(values.length);
  if (values.length === 0) {
    expect(s, what).toEqual({ count: 0, mean: null, p50: null, p95: null, p99: null, max: null });
    return;
  }
  const want = { mean: mean(values) as number, p50: quantile(values, 0.5) as number, p95: quantile(values, 0.95) as number, p99: quantile(values, 0.99) as number, max: Math.max(...values) };
  // Counts, means and maxima are exact in either mode.
  for (const [k, v] of Object.entries(want)) expect((k === 'mean' || k === 'max' ? close : near)(s[k as keyof Summary] as number, v), `${what} ${k}: ${s[k as keyof Summary]} vs ${v}`).toBe(true);
}
