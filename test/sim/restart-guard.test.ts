import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { runScenario } from '../../src/index.js';
import { scenarioFrom } from '../helpers/scenarios.js';

describe('a job that can never outlast its node', () => {
  it('stops a run without a horizon with a message naming the job, instead of running for ever', () => {
    // Mean job 10 s passes validation, but one listed job needs 12,000 s on a node that fails every 180 s on average: e^66 attempts.
    const text = `name: endless
chips: { c: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ name: p, chip: c, nodes: 1, failures: { mtbfHours: 0.05, repairHours: 0.0001 } }] }]
classes: { k: { speed: { c: 1 }, work: { dist: constant, value: 10 } } }
jobs:
  - { id: short, class: k, origin: r, arrival: 0, work: 10 }
  - { id: huge, class: k, origin: r, arrival: 1, work: 12000 }
`;
    let error: unknown;
    try {
      runScenario(scenarioFrom(text));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^job huge of class "k" lost its node to a failure 1,000,000 times and started over each time: its run of 12000 s on p is far longer than the time between failures there \(MTBF 0\.05 h per node\)/);
  });

  it('runs to its horizon when there is one: the job is simply left unfinished', () => {
    const text = `name: endless
horizon: 3600
chips: { c: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ name: p, chip: c, nodes: 1, failures: { mtbfHours: 0.05, repairHours: 0.0001 } }] }]
classes: { k: { speed: { c: 1 }, work: { dist: constant, value: 10 } } }
jobs:
  - { id: huge, class: k, origin: r, arrival: 1, work: 12000 }
`;
    expect(runScenario(scenarioFrom(text)).jobs.unfinished).toBe(1);
  });
});

describe('node failures in a run without a horizon', () => {
  it('go on after a repair that finds every job waiting (they start in the pass that follows)', () => {
    // One node failing every hour on average, one job of five hours: it needs about e^5 ≈ 150 attempts.
    // Failures used to stop after the first repair (nothing was running at that instant), so the job restarted once at most.
    const text = `name: keeps-failing
seed: 3
chips: { c: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ name: p, chip: c, nodes: 1, failures: { mtbfHours: 1, repairHours: 0.01 } }] }]
classes: { k: { speed: { c: 1 }, work: { dist: constant, value: 18000 } } }
jobs:
  - { id: long, class: k, origin: r, arrival: 0, work: 18000 }
`;
    const r = runScenario(scenarioFrom(text));
    expect(r.jobs.completed).toBe(1);
    expect(r.jobs.restarts).toBeGreaterThan(10);
  });
});

describe('a job whose budget holds at no start the price curve gives', () => {
  // The price is 1 for the first 20 s of every 40 and 100 after. The job runs 30 s: at the lowest price that
  // is 30/3600 = 0.0083, within its budget of 0.02, but any 30 s crosses a dear step (at best 20·1 + 10·100
  // = 1,020 → 0.28). It waits for a start that never comes while the price keeps changing.
  const text = `name: never-cheap-enough
chips: { c: { kind: cpu } }
regions: [{ name: r }]
sites:
  - { name: s, region: r, pools: [{ chip: c, nodes: 1, pricePerChipHour: 1, priceSchedule: { periodS: 40, steps: [{ atS: 0, price: 1 }, { atS: 20, price: 100 }] } }] }
classes: { k: { speed: { c: 1 }, work: { dist: constant, value: 30 }, budget: 0.02 } }
jobs:
  - { id: j, class: k, origin: r, arrival: 0, work: 30 }
`;

  it('stops a run without a horizon after 100,000 price changes with jobs waiting and nothing running, and says why', () => {
    expect(() => runScenario(scenarioFrom(text))).toThrow(
      /^prices changed 100,000 times in a row with jobs waiting and nothing running \(t=2000020\): the waiting jobs’ budgets or bids hold at no start/,
    );
  });

  it('runs to its horizon when there is one: the job is simply left unfinished', () => {
    const r = runScenario(scenarioFrom(`horizon: 3600\n${text}`));
    expect([r.jobs.unfinished, r.jobs.completed]).toEqual([1, 0]);
  });
});

