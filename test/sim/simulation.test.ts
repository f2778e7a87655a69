import { describe, expect, it } from 'vitest';
import { JobState, Simulation, runScenario, simulate, summarize, type Policy } from '../../src/index.js';
import { queueScenario, scenarioFrom } from '../helpers/scenarios.js';

/** One site with one pool, and the given classes and jobs, as scenario text. */
function onePool(pool: string, classes: string, jobs: string, extra = ''): string {
  return `
name: hand-worked
chips: { a: { kind: gpu }, b: { kind: npu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [${pool}] }]
classes:
${classes}
jobs:
${jobs}
${extra}`;
}

describe('Simulation, hand-worked cases', () => {
  // One node of two chips that run the class at twice reference speed.
  // t0 and t1 start at 0; t2 and t3 arrive at 0.5 and wait; t1 ends at 1
  // and t2 starts; t0 and t2 end together at 2 and t3 starts, ending at 5.
  const fourJobs = onePool(
    '{ chip: a, nodes: 1, chipsPerNode: 2, pricePerChipHour: 3.6, powerWatts: { idle: 10, busy: 110 } }',
    '  c: { speed: { a: 2 }, chips: 1, work: { dist: constant, value: 1 } }',
    `  - { id: t0, class: c, origin: r, arrival: 0, work: 4 }
  - { id: t1, class: c, origin: r, arrival: 0, work: 2 }
  - { id: t2, class: c, origin: r, arrival: 0.5, work: 2 }
  - { id: t3, class: c, origin: r, arrival: 0.5, work: 6 }`,
  );

  it('starts and finishes each job when FIFO first-fit says', () => {
    const { jobs } = simulate(scenarioFrom(fourJobs));
    expect(Array.from(jobs.start.subarray(0, 4))).toEqual([0, 0, 1, 2]);
    expect(Array.from(jobs.finish.subarray(0, 4))).toEqual([2, 1, 2, 5]);
    expect([0, 1, 2, 3].map((j) => jobs.idOf(j))).toEqual(['t0', 't1', 't2', 't3']);
  });

  it('summarises waits, JCTs, cost, energy and utilisation as worked by hand', () => {
    const r = runScenario(scenarioFrom(fourJobs));
    expect(r.jobs).toEqual({ arrived: 4, completed: 4, rejected: 0, failed: 0, unfinished: 0, preempted: 0, neverStarted: 0, restarts: 0 });
    expect(r.wait.mean).toBeCloseTo((0 + 0 + 0.5 + 1.5) / 4, 12);
    expect(r.wait.max).toBe(1.5);
    expect(r.jct.mean).toBeCloseTo((2 + 1 + 1.5 + 4.5) / 4, 12);
    expect(r.makespan).toBe(5);
    // 7 chip-seconds at $3.6 per chip-hour = $0.001 per chip-second.
    expect(r.cost.total).toBeCloseTo(0.007, 12);
    expect(r.cost.perJob).toBeCloseTo(0.007 / 4, 12);
    // 2 chips for 5 s: 7 busy chip-seconds at 110 W and 3 idle at 10 W = 800 J.
    expect(r.energyKWh).toBeCloseTo(800 / 3.6e6, 15);
    // Chip b has no pool, so it has no utilisation to report.
    expect(r.utilization.byChip).toEqual({ a: 0.7 });
    expect(r.utilization.bySite.s).toBeCloseTo(0.7, 12);
    // Slowdown is bounded: runtimes under 10 s count as 10 s.
    expect(r.slowdown.max).toBe(1);
    expect(r.events).toBe(8);
  });

  it('averages utilisation and queue length over each sampling interval', () => {
    const r = runScenario(scenarioFrom(fourJobs));
    expect(r.timeseries.t).toEqual([1, 2, 3, 4, 5]);
    expect(r.timeseries.utilizationByChip.a).toEqual([1, 1, 0.5, 0.5, 0.5]);
    // t2 and t3 wait from 0.5 to 1, t3 alone from 1 to 2.
    expect(r.timeseries.queueLength).toEqual([1, 1, 0, 0, 0]);
  });

  // A small job holds one of two chips until 10; a two-chip job arrives at 1
  // and a small one at 2, when a chip is free.
  const blockedHead = onePool(
    '{ chip: a, nodes: 1, chipsPerNode: 2 }',
    `  small: { speed: { a: 1 }, chips: 1, work: { dist: constant, value: 1 } }
  big: { speed: { a: 1 }, chips: 2, work: { dist: constant, value: 1 } }`,
    `  - { class: small, origin: r, arrival: 0, work: 10 }
  - { class: big, origin: r, arrival: 1, work: 1 }
  - { class: small, origin: r, arrival: 2, work: 1 }`,
  );

  it('blocks later jobs behind a head that does not fit (strict FCFS)', () => {
    const { jobs } = simulate(scenarioFrom(blockedHead));
    expect(Array.from(jobs.start.subarray(0, 3))).toEqual([0, 10, 11]);
  });

  it('lets later jobs pass a blocked head when the policy does not keep strict order', () => {
    const greedy: Policy = { name: 'greedy', description: 'test', strictOrder: false };
    const { jobs } = simulate(scenarioFrom(blockedHead), { policy: greedy });
    expect(Array.from(jobs.start.subarray(0, 3))).toEqual([0, 10, 2]);
  });

  it('shares one chip among fractional jobs, each at full speed, and bills the share', () => {
    const text = onePool(
      '{ chip: a, nodes: 1, chipsPerNode: 1, pricePerChipHour: 3600 }',
      '  q: { speed: { a: 1 }, chips: 0.25, work: { dist: constant, value: 1 } }',
      Array.from({ length: 5 }, () => '  - { class: q, origin: r, arrival: 0, work: 1 }').join('\n'),
    );
    const run = simulate(scenarioFrom(text));
    expect(Array.from(run.jobs.start.subarray(0, 5))).toEqual([0, 0, 0, 0, 1]);
    expect(Array.from(run.jobs.finish.subarray(0, 5))).toEqual([1, 1, 1, 1, 2]);
    expect(run.jobs.cost[0]).toBeCloseTo(0.25, 12);
    const r = summarize(run);
    expect(r.utilization.byChip.a).toBeCloseTo(1250 / 2000, 12);
    expect(r.cost.total).toBeCloseTo(1.25, 12);
  });

  it('runs a gang larger than a node on whole nodes of one pool, all or nothing', () => {
    const text = onePool(
      '{ chip: a, nodes: 3, chipsPerNode: 2, pricePerChipHour: 3600 }',
      `  gang: { speed: { a: 1 }, chips: 3, work: { dist: constant, value: 1 } }
  one: { speed: { a: 1 }, chips: 1, work: { dist: constant, value: 1 } }`,
      `  - { class: gang, origin: r, arrival: 0, work: 1 }
  - { class: one, origin: r, arrival: 0, work: 5 }
  - { class: gang, origin: r, arrival: 0, work: 1 }`,
    );
    const run = simulate(scenarioFrom(text));
    // The second gang needs two whole nodes; node 2 is partly used until 5,
    // so it waits for the first gang's nodes at 1.
    expect(Array.from(run.jobs.start.subarray(0, 3))).toEqual([0, 0, 1]);
    // Three chips on two-chip nodes hold two whole nodes: billed for 4 chips.
    expect(run.jobs.cost[0]).toBeCloseTo(4, 12);
  });

  it('checks CPU cores and memory per node', () => {
    const text = onePool(
      '{ chip: a, nodes: 2, chipsPerNode: 4, cpuCores: 8, memGiB: 64 }',
      '  c: { speed: { a: 1 }, chips: 1, cpuCores: 6, memGiB: 16, work: { dist: constant, value: 1 } }',
      Array.from({ length: 3 }, () => '  - { class: c, origin: r, arrival: 0, work: 1 }').join('\n'),
    );
    const { jobs } = simulate(scenarioFrom(text));
    // Chips would allow 4 jobs per node, but cores allow one.
    expect(Array.from(jobs.start.subarray(0, 3))).toEqual([0, 0, 1]);
    expect(Array.from(jobs.node.subarray(0, 3))).toEqual([0, 1, 0]);
  });

  it('rejects at once, with a reason, jobs that no pool can ever run', () => {
    const text = onePool(
      '{ chip: a, nodes: 2, chipsPerNode: 2 }',
      `  npu-only: { speed: { b: 1 }, work: { dist: constant, value: 1 } }
  huge: { speed: { a: 1 }, chips: 8, work: { dist: constant, value: 1 } }
  fine: { speed: { a: 1 }, work: { dist: constant, value: 1 } }`,
      `  - { class: npu-only, origin: r, arrival: 0, work: 1 }
  - { class: huge, origin: r, arrival: 0, work: 1 }
  - { class: fine, origin: r, arrival: 0, work: 1 }`,
    );
    const r = runScenario(scenarioFrom(text));
    expect(r.jobs).toMatchObject({ arrived: 3, completed: 1, rejected: 2 });
    expect(r.rejectReasons).toEqual({ 'no-capable-chip': 1, 'too-large-for-any-pool': 1 });
  });

  it('cuts running jobs at the horizon, billing them up to it, unless asked to drain', () => {
    const base = onePool(
      '{ chip: a, nodes: 1, chipsPerNode: 1, pricePerChipHour: 3600 }',
      '  c: { speed: { a: 1 }, work: { dist: constant, value: 1 } }',
      '  - { class: c, origin: r, arrival: 0, work: 10 }\n  - { class: c, origin: r, arrival: 1, work: 1 }',
    );
    const cut = runScenario(scenarioFrom(`${base}\nhorizon: 4`));
    expect(cut.jobs).toMatchObject({ arrived: 2, completed: 0, unfinished: 2 });
    expect(cut.cost.total).toBeCloseTo(4, 12);
    expect(cut.utilization.byChip.a).toBe(1);
    expect(cut.makespan).toBeNull();
    expect(cut.wait.count).toBe(1);

    const drained = runScenario(scenarioFrom(`${base}\nhorizon: 4\ndrain: true`));
    expect(drained.jobs).toMatchObject({ arrived: 2, completed: 2, unfinished: 0 });
    expect(drained.cost.total).toBeCloseTo(11, 12);
    expect(drained.makespan).toBe(11);
  });

  it('stops arrivals at the horizon', () => {
    const text = onePool(
      '{ chip: a, nodes: 1, chipsPerNode: 1 }',
      '  c: { speed: { a: 1 }, work: { dist: constant, value: 1 } }',
      '  - { class: c, origin: r, arrival: 5, work: 1 }\n  - { class: c, origin: r, arrival: 3, work: 1 }',
      'horizon: 4',
    );
    const r = runScenario(scenarioFrom(text));
    expect(r.jobs.arrived).toBe(1);
    expect(r.jobs.completed).toBe(1);
  });

  it('leaves jobs that arrive before warmupS out of the statistics', () => {
    const text = onePool(
      '{ chip: a, nodes: 1, chipsPerNode: 1 }',
      '  c: { speed: { a: 1 }, work: { dist: constant, value: 1 } }',
      '  - { class: c, origin: r, arrival: 0, work: 10 }\n  - { class: c, origin: r, arrival: 5, work: 1 }',
      'warmupS: 2',
    );
    const r = runScenario(scenarioFrom(text));
    expect(r.jobs.arrived).toBe(1);
    expect(r.wait.mean).toBe(5);
    // Measured from 2 to 11: the chip was allocated throughout.
    expect(r.utilization.byChip.a).toBe(1);
  });

  it('computes each placed job’s RTT from its origin to its site', () => {
    const text = `
name: rtt
chips: { a: { kind: cpu } }
regions: [{ name: beijing, lat: 39.9042, lon: 116.4074 }, { name: shanghai, lat: 31.2304, lon: 121.4737 }]
sites: [{ name: bj, region: beijing, pools: [{ chip: a, nodes: 1 }] }]
network: { rttMs: { shanghai: { bj: 30 } } }
classes:
  c: { speed: { a: 1 }, work: { dist: constant, value: 1 } }
jobs:
  - { class: c, origin: beijing, arrival: 0, work: 1 }
  - { class: c, origin: shanghai, arrival: 1, work: 1 }
`;
    const r = runScenario(scenarioFrom(text));
    // Beijing to its own site: distance 0, just the 0.2 ms overhead; Shanghai from the table.
    expect(r.rttMs.p50).toBeCloseTo(15.1, 12);
    expect(r.rttMs.max).toBe(30);
    expect(r.rttMs.mean).toBeCloseTo(15.1, 12);
  });
});

describe('Simulation, determinism and common random numbers', () => {
  const withoutPerf = (r: ReturnType<typeof runScenario>): string => JSON.stringify({ ...r, perf: undefined });
  const mmc = queueScenario({ servers: 4, lambda: 3, mu: 1, service: 'exponential', jobs: 20_000, seed: 9 });

  it('gives byte-identical results, perf aside, for the same scenario and seed', () => {
    expect(withoutPerf(runScenario(mmc))).toBe(withoutPerf(runScenario(mmc)));
  });

  it('gives different samples for a different seed', () => {
    const a = runScenario(mmc, { seed: 1 });
    const b = runScenario(mmc, { seed: 2 });
    expect(a.wait.mean).not.toBe(b.wait.mean);
    expect(a.seed).toBe(1);
    expect(b.seed).toBe(2);
  });

  it('draws the same arrivals and work whatever the policy (common random numbers)', () => {
    const greedy: Policy = { name: 'greedy', description: 'test', strictOrder: false };
    const a = simulate(mmc).jobs;
    const b = simulate(mmc, { policy: greedy }).jobs;
    expect(b.length).toBe(a.length);
    expect(b.arrival.subarray(0, b.length)).toEqual(a.arrival.subarray(0, a.length));
    expect(b.work.subarray(0, b.length)).toEqual(a.work.subarray(0, a.length));
  });
});

describe('Simulation hooks', () => {
  it('emits arrive, start and finish in order, with the job and the time', () => {
    const sim = new Simulation(queueScenario({ servers: 2, lambda: 1, mu: 1, service: 'exponential', jobs: 200 }));
    const log: [string, number, number][] = [];
    sim.hooks.on('job:arrive', (job, time) => log.push(['arrive', job, time]));
    sim.hooks.on('job:start', (job, time) => log.push(['start', job, time]));
    sim.hooks.on('job:finish', (job, time) => log.push(['finish', job, time]));
    const run = sim.run();
    expect(log.filter(([e]) => e === 'arrive')).toHaveLength(200);
    expect(log.filter(([e]) => e === 'finish')).toHaveLength(200);
    for (let i = 1; i < log.length; i++) expect((log[i] as [string, number, number])[2]).toBeGreaterThanOrEqual((log[i - 1] as [string, number, number])[2]);
    for (const [event, job, time] of log) {
      if (event === 'start') expect(time).toBe(run.jobs.start[job]);
      if (event === 'finish') expect(time).toBe(run.jobs.finish[job]);
    }
  });

  it('stops calling a listener once it is removed', () => {
    const sim = new Simulation(queueScenario({ servers: 2, lambda: 1, mu: 1, service: 'exponential', jobs: 50 }));
    let calls = 0;
    const listener = (): void => {
      calls++;
    };
    sim.hooks.on('job:finish', listener);
    sim.hooks.off('job:finish', listener);
    expect(sim.hooks.listening['job:finish']).toBe(false);
    sim.run();
    expect(calls).toBe(0);
  });
});

describe('job states', () => {
  it('leaves every job completed, rejected or unfinished at the end of a run', () => {
    const { jobs } = simulate(queueScenario({ servers: 1, lambda: 0.5, mu: 1, service: 'exponential', jobs: 1000 }));
    for (let j = 0; j < jobs.length; j++) expect(jobs.state[j]).toBe(JobState.Completed);
  });
});
