import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run-scenario.js';
import { scenarioFrom } from '../helpers/scenarios.js';
import { checkResults } from './check-results.js';

const results = runScenario(
  scenarioFrom(`
name: checked
horizon: 100
chips: { c: { kind: cpu }, g: { kind: gpu } }
regions: [{ name: here }]
sites:
  - { name: s, region: here, provider: p, pools: [{ chip: c, nodes: 2, pricePerChipHour: 1, powerWatts: { idle: 10, busy: 100 } }, { chip: g, nodes: 1 }] }
classes:
  k: { speed: { c: 1 }, work: { dist: exponential, mean: 5 }, slo: { circle: city, deadline: 10 } }
workload:
  - { class: k, origin: here, arrivals: { process: poisson, rate: 1 }, count: 40 }
`),
);

/** A deep copy of the results with one change. */
function broken(change: (r: typeof results) => void): typeof results {
  const copy = structuredClone(results);
  change(copy);
  return copy;
}

const invariants = (r: unknown): string[] => checkResults(r).map((v) => `${v.invariant} @ ${v.where}`);

describe('the invariants the fuzz suite checks on results', () => {
  it('hold for the results of a real run', () => {
    expect(results.jobs.arrived).toBeGreaterThan(0);
    expect(invariants(results)).toEqual([]);
  });

  it('catch jobs that are not conserved', () => {
    expect(invariants(broken((r) => (r.jobs.completed += 1)))).toContain('jobs conserved (arrived = completed + rejected + failed + unfinished) @ jobs');
  });

  it('catch NaN and Infinity anywhere, and null where the contract has a number', () => {
    expect(invariants(broken((r) => (r.energyKWh = Number.NaN)))).toContain('numbers are finite @ energyKWh');
    expect(invariants(broken((r) => (r.timeseries.queueLength[0] = Number.POSITIVE_INFINITY)))).toContain('numbers are finite @ timeseries.queueLength[0]');
    expect(invariants(broken((r) => ((r.cost as { total: number | null }).total = null)))).toContain('no null where a number belongs @ cost.total');
    expect(invariants(broken((r) => (r.rttMs.mean = null)))).toContain('a summary of observations has numbers @ rttMs.mean');
  });

  it('allow null where the contract does: the summary of no observations, no horizon, no makespan yet', () => {
    expect(invariants(broken((r) => Object.assign(r, { horizon: null, makespan: null, wait: { count: 0, mean: null, p50: null, p95: null, p99: null, max: null } })))).toEqual([]);
  });

  it('catch utilisation outside [0, 1], and negative cost or energy', () => {
    expect(invariants(broken((r) => (r.utilization.byChip.c = 1.5)))).toContain('utilisation within [0, 1] @ utilization.byChip.c');
    expect(invariants(broken((r) => (r.cost.total = -1)))).toContain('cost and energy ≥ 0 @ cost.total');
    expect(invariants(broken((r) => (r.energy.bySite.s = -0.1)))).toContain('cost and energy ≥ 0 @ energy.bySite.s');
  });

  it('group violations by field with names from the scenario as *', () => {
    const [v] = checkResults(broken((r) => (r.utilization.bySite.s = 2)));
    expect(v?.pattern).toBe('utilization.bySite.*');
  });
});

describe('the invariants the fuzz suite checks per class and per origin', () => {
  it('hold for a real run, whose groups are present', () => {
    expect(Object.keys(results.byClass)).toEqual(['k']);
    expect(invariants(results)).toEqual([]);
  });

  it('allow null where a group had no such job: no SLO, no completion', () => {
    const none = broken((r) => {
      type Nullable = { slo: { circleMet: number | null; deadlineMet: number | null }; cost: { perJob: number | null } };
      for (const g of [r, r.byClass.k!, r.byOrigin.here!]) {
        g.jobs.unfinished += g.jobs.completed;
        g.jobs.completed = 0;
        (g as Nullable).cost.perJob = null;
      }
      (r.byClass.k as Nullable).slo.circleMet = null;
      (r.byClass.k as Nullable).slo.deadlineMet = null;
    });
    expect(invariants(none)).toEqual([]);
  });

  it('catch a group outside its bounds, and groups that do not add up to the run', () => {
    expect(invariants(broken((r) => (r.byClass.k!.slo.circleMet = 1.5)))).toContain('SLO fractions within [0, 1] @ byClass.k.slo.circleMet');
    expect(invariants(broken((r) => (r.byOrigin.here!.cost.perJob = null)))).toContain('cost.perJob is null only when no job completed @ byOrigin.here.cost.perJob');
    expect(invariants(broken((r) => (r.byClass.k!.energyKWh += 1)))).toContain('the byClass groups add up to the run @ byClass.*.energyKWh');
    expect(invariants(broken((r) => (r.byOrigin.here!.cost.total *= 2)))).toContain('the byOrigin groups add up to the run @ byOrigin.*.cost.total');
    expect(invariants(broken((r) => (r.byClass.k!.jct.p50 = -1)))).toContain('times, slowdowns and RTTs ≥ 0 @ byClass.k.jct.p50');
  });
});
