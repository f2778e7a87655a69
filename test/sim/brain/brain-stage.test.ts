import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario, simulate, type Results } from '../../../src/index.js';

interface Job {
  at: number;
  work: number;
}

/**
 * Sites `a` and `b` (one single-chip node each unless said otherwise, `a`
 * cheaper), jobs from region r, and a brain block as given.
 */
function twoSites(brain: string, jobs: readonly Job[], extra = ''): string {
  return `name: hand-worked
chips: { cpu: { kind: cpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites:
  - { name: a, lat: 30, lon: 120, pools: [{ chip: cpu, nodes: 1, pricePerChipHour: 1 }] }
  - { name: b, lat: 30, lon: 120, pools: [{ chip: cpu, nodes: 1, pricePerChipHour: 2 }] }
${extra}
classes: { c: { speed: { cpu: 1 }, work: { dist: constant, value: 1 } } }
jobs:
${jobs.map((j) => `  - { class: c, origin: r, arrival: ${j.at}, work: ${j.work} }`).join('\n')}
brain: ${brain}
`;
}

function run(text: string): Results {
  // Exact quantiles: the view ages below are worked by hand.
  return runScenario(parseScenario(text), { quantiles: 'exact' });
}

/** Each job's wait (start − arrival), in arrival order. */
function waits(text: string): number[] {
  const jobs = simulate(parseScenario(text)).jobs;
  return Array.from({ length: jobs.length }, (_, j) => (jobs.start[j] as number) - (jobs.arrival[j] as number));
}

describe('the view’s age', () => {
  it('with a report every 10 s arriving 3 s late: the report held is the last one that has arrived', () => {
    // t = 1: the first report (t = 0); t = 12: the report of t = 10 arrives at 13, so still t = 0;
    // t = 14: that of t = 10; t = 25: that of t = 20 (arrived at 23). Ages 1, 12, 4, 5.
    const r = run(twoSites('{ policy: least-loaded, view: { refreshS: 10, delayS: 3 } }', [1, 12, 14, 25].map((at) => ({ at, work: 1 }))));
    // R-7 quantiles of 1, 4, 5, 12: p95 at 2.85 → 5 + 0.85 · 7, p99 at 2.97 → 5 + 0.97 · 7.
    expect(r.brain?.viewAgeS).toEqual({ count: 4, mean: 5.5, p50: 4.5, p95: expect.closeTo(10.95, 9) as number, p99: expect.closeTo(11.79, 9) as number, max: 12 });
  });

  it('without a refresh period, a site that reports each change is known as of now minus the delay', () => {
    // Before the delay has passed the brain knows only the start: age t; after, the delay.
    const r = run(twoSites('{ policy: least-loaded, view: { refreshS: 0, delayS: 2 } }', [0.5, 5, 9].map((at) => ({ at, work: 1 }))));
    expect(r.brain?.viewAgeS.mean).toBeCloseTo((0.5 + 2 + 2) / 3, 12);
    expect(r.brain?.viewAgeS.max).toBe(2);
  });

  it('per site: a delay by name, and half the round trip from the brain’s region', () => {
    // Round-robin reads no view, but the age of the chosen site's view is still recorded: a at 11, b at 12.
    const named = run(twoSites('{ policy: round-robin, view: { refreshS: 10, delayS: { a: 4 } } }', [11, 12].map((at) => ({ at, work: 1 }))));
    // a's report of t = 10 arrives at 14: at 11 it still holds t = 0. b reports without delay.
    expect(named.brain?.viewAgeS).toMatchObject({ count: 2, mean: 6.5, max: 11 });
    const rtt = 'network: { rttMs: { r: { a: 40, b: 100 } } }';
    const halfTrip = run(twoSites('{ policy: round-robin, region: r, view: { refreshS: 10, delayS: rtt } }', [10.03, 10.04].map((at) => ({ at, work: 1 })), rtt));
    // a's report of t = 10 arrives at 10.02 (age 0.03 at 10.03); b's at 10.05, so at 10.04 b is still as of t = 0.
    expect(halfTrip.brain?.viewAgeS.mean).toBeCloseTo((0.03 + 10.04) / 2, 9);
  });
});

describe('the herd effect, by hand', () => {
  const jobs = [1, 2, 3].map((at) => ({ at, work: 10 }));

  it('on a stale view every job goes where it was best at the last report, though another site had room', () => {
    // Both sites looked empty at t = 0 and a is cheaper: cost-latency sends all three to a.
    const stale = twoSites('{ policy: cost-latency, view: { refreshS: 100 } }', jobs);
    const r = run(stale);
    expect(r.brain?.dispatches.bySite).toEqual({ a: 3, b: 0 });
    // Jobs 2 and 3 found a busy while b was free: misrouted.
    expect(r.brain?.misrouted).toBe(2);
    expect(r.brain?.misroutedFraction).toBeCloseTo(2 / 3, 12);
    expect(waits(stale)).toEqual([0, 9, 18]);
  });

  it('on a fresh view the second job sees a full and goes to b', () => {
    const fresh = twoSites('{ policy: cost-latency }', jobs);
    const r = run(fresh);
    // The third finds both busy, nothing waiting at either: the cheaper a, free again at t = 11.
    expect(r.brain?.dispatches.bySite).toEqual({ a: 2, b: 1 });
    expect(r.brain?.misrouted).toBe(0);
    expect(waits(fresh)).toEqual([0, 0, 8]);
  });
});

describe('late binding', () => {
  it('reserves a place at both sites; the first site to start the job takes it and the other place is withdrawn', () => {
    // t = 0: a (declared first) starts job 0; t = 1: a is busy, b starts job 1;
    // t = 2: both busy, job 2 waits at both; at t = 10 a frees first and takes it.
    const text = twoSites('{ policy: late-binding, options: { d: 2 } }', [0, 1, 2].map((at) => ({ at, work: 10 })));
    const r = run(text);
    expect(r.brain?.probes).toEqual({ sent: 6, bound: 3, withdrawn: 3 });
    expect(r.brain?.dispatches.bySite).toEqual({ a: 2, b: 1 });
    expect(r.brain?.misrouted).toBe(0);
    expect(waits(text)).toEqual([0, 0, 8]);
    expect(r.jobs).toMatchObject({ arrived: 3, completed: 3 });
    // Job 2 waited once, not once per reservation.
    expect(r.timeseries.queueLength.reduce((a, v) => a + v, 0)).toBeGreaterThan(0);
  });

  it('leaves a job that ran at one site finished at the horizon, while its other reservation is still on its way', () => {
    // Reservations travel a round trip: to a in 0.04 s, to b in 2 s. Job 0 runs at a from 0.04 to 0.05 (done);
    // job 1 from 0.05 to 10.05 (running at the horizon). Both reservations at b are still on their way at t = 1.
    const text = twoSites(
      '{ policy: late-binding, region: r, transfer: rtt, options: { d: 2 } }',
      [{ at: 0, work: 0.01 }, { at: 0.01, work: 10 }],
      'network: { rttMs: { r: { a: 40, b: 2000 } } }\nhorizon: 1',
    );
    const r = run(text);
    expect(r.jobs).toMatchObject({ arrived: 2, completed: 1, unfinished: 1, neverStarted: 0 });
    const jobs = simulate(parseScenario(text)).jobs;
    // The running job keeps its start; the finished one its finish.
    expect([jobs.start[0], jobs.finish[0]]).toEqual([0.04, 0.05]);
    expect(jobs.start[1]).toBeCloseTo(0.05, 12);
  });

  it('counts a job reserved at two sites once in the queue length', () => {
    const text = twoSites('{ policy: late-binding, options: { d: 2 } }', [0, 0, 0].map((at) => ({ at, work: 10 })), 'metrics: { sampleIntervalS: 5 }\nhorizon: 10');
    const r = run(text);
    // Three jobs at t = 0 on two single-chip sites: one waits from 0 to the horizon, counted once.
    expect(r.timeseries.queueLength).toEqual([1, 1]);
    expect(r.brain?.timeseries.waitingBySite).toEqual({ a: [1, 1], b: [1, 1] });
  });
});

describe('transfer to the site', () => {
  it('costs a round trip between the brain’s region and the site before the job joins its queue', () => {
    const text = twoSites('{ policy: round-robin, region: r, transfer: rtt }', [{ at: 0, work: 1 }, { at: 0, work: 1 }], 'network: { rttMs: { r: { a: 40, b: 100 } } }');
    expect(waits(text)).toEqual([0.04, 0.1]);
    expect(run(text).jct.mean).toBeCloseTo((1.04 + 1.1) / 2, 12);
  });

  it('is off by default', () => {
    expect(waits(twoSites('{ policy: round-robin, region: r }', [{ at: 0, work: 1 }], 'network: { rttMs: { r: { a: 40, b: 100 } } }'))).toEqual([0]);
  });

  it('leaves a job still on its way at the horizon unfinished, and counted', () => {
    const r = run(twoSites('{ policy: round-robin, region: r, transfer: rtt }', [{ at: 9.99, work: 1 }], 'network: { rttMs: { r: { a: 40, b: 100 } } }\nhorizon: 10'));
    expect(r.jobs).toMatchObject({ arrived: 1, unfinished: 1, neverStarted: 1 });
  });
});

describe('sites with policies of their own', () => {
  it('each site schedules its pools with its own policy and options, the others with the scenario’s', () => {
    const text = `name: own-policies
chips: { cpu: { kind: cpu }, gpu: { kind: gpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites:
  - { name: a, lat: 30, lon: 120, policy: cheapest, pools: [{ chip: cpu, nodes: 1, pricePerChipHour: 3 }, { chip: gpu, nodes: 1, pricePerChipHour: 1 }] }
  - { name: b, lat: 30, lon: 120, pools: [{ chip: cpu, nodes: 1, pricePerChipHour: 3 }, { chip: gpu, nodes: 1, pricePerChipHour: 1 }] }
classes: { c: { speed: { cpu: 1, gpu: 1 }, work: { dist: constant, value: 1 } } }
jobs:
  - { class: c, origin: r, arrival: 0, work: 1 }
  - { class: c, origin: r, arrival: 0, work: 1 }
policy: fifo
brain: { policy: round-robin }
`;
    const record = simulate(parseScenario(text));
    const pools = record.model.pools;
    // Job 0 goes to a, whose cheapest policy takes the GPU; job 1 to b, whose fifo takes the first pool, the CPU.
    expect(pools[record.jobs.pool[0] as number]?.name).toBe('a/gpu');
    expect(pools[record.jobs.pool[1] as number]?.name).toBe('b/cpu');
    expect(runScenario(parseScenario(text)).brain?.sitePolicies).toEqual({ a: 'cheapest', b: 'fifo' });
  });
});
