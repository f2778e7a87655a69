import { describe, expect, it } from 'vitest';
import { JobState, runScenario, Simulation, simulate } from '../../src/index.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/**
 * Sites in three cities, one CPU node each. Great-circle distances from
 * Beijing: Tianjin about 103 km, Shanghai about 1,068 km, Guangzhou about
 * 1,888 km. With route factor 1.5, 200 km/ms and 0.2 ms overhead the RTTs
 * are about 1.7, 16.2 and 28.5 ms: Tianjin is in Beijing's region circle but
 * not its city circle, Shanghai in the national circle, Guangzhou outside it.
 */
const cities = `
chips: { cpu: { kind: cpu } }
regions:
  - { name: beijing, lat: 39.9042, lon: 116.4074 }
sites:
  - { name: tianjin, lat: 39.3434, lon: 117.3616, pools: [{ chip: cpu, nodes: 1 }] }
  - { name: shanghai, lat: 31.2304, lon: 121.4737, pools: [{ chip: cpu, nodes: 1 }] }
  - { name: guangzhou, lat: 23.1291, lon: 113.2644, pools: [{ chip: cpu, nodes: 1 }] }
`;

describe('latency circles', () => {
  it('computes RTTs for known city pairs from great-circle distance', () => {
    const sim = new Simulation(scenarioFrom(`name: rtt\n${cities}\nclasses: { c: { speed: { cpu: 1 }, work: { dist: constant, value: 1 } } }\njobs: [{ class: c, origin: beijing, arrival: 0, work: 1 }]`));
    const [tianjin, shanghai, guangzhou] = Array.from(sim.model.rttMs);
    expect(tianjin).toBeCloseTo(1.74, 2);
    expect(shanghai).toBeCloseTo(16.2, 1);
    expect(guangzhou).toBeCloseTo(28.5, 1);
  });

  it('never places a job outside its circle, and rejects one that no site inside can run', () => {
    const text = `name: circles
${cities}
classes:
  city: { speed: { cpu: 1 }, work: { dist: constant, value: 1 }, slo: { circle: city } }
  region: { speed: { cpu: 1 }, work: { dist: constant, value: 1 }, slo: { circle: region } }
  national: { speed: { cpu: 1 }, work: { dist: constant, value: 1 }, slo: { circle: national } }
jobs:
  - { class: city, origin: beijing, arrival: 0, work: 1 }
  - { class: region, origin: beijing, arrival: 0, work: 1 }
  - { class: national, origin: beijing, arrival: 0, work: 1 }
  - { class: national, origin: beijing, arrival: 0, work: 1 }
  - { class: national, origin: beijing, arrival: 0, work: 1 }
`;
    const run = simulate(scenarioFrom(text));
    const siteOf = (j: number): string | undefined => run.model.sites[run.model.pools[run.jobs.pool[j] as number]?.site ?? -1]?.name;
    expect(run.jobs.state[0]).toBe(JobState.Rejected);
    expect(siteOf(1)).toBe('tianjin');
    expect(siteOf(2)).toBe('shanghai');
    // The next national jobs wait for a site inside 20 ms rather than go to Guangzhou, idle all along.
    expect([siteOf(3), run.jobs.start[3]]).toEqual(['tianjin', 1]);
    expect([siteOf(4), run.jobs.start[4]]).toEqual(['shanghai', 1]);
    expect(run.usage.integralAt(2, run.endTime)).toBe(0);
    const r = runScenario(scenarioFrom(text));
    expect(r.rejectReasons).toEqual({ 'outside-circle': 1 });
    // Circle SLOs are over arrived jobs: the rejected city job counts as a miss.
    expect(r.slo.circleMet).toBeCloseTo(4 / 5, 12);
    expect(r.slo.byCircle).toEqual({ city: { jobs: 1, met: 0 }, region: { jobs: 1, met: 1 }, national: { jobs: 3, met: 1 } });
  });

  it('lets a scenario redefine its circles', () => {
    const text = `name: circles
circles: { metro: 2 }
${cities}
classes: { m: { speed: { cpu: 1 }, work: { dist: constant, value: 1 }, slo: { circle: metro } } }
jobs: [{ class: m, origin: beijing, arrival: 0, work: 1 }]`;
    const r = runScenario(scenarioFrom(text));
    expect(r.slo.byCircle).toEqual({ metro: { jobs: 1, met: 1 } });
  });
});

describe('deadlines', () => {
  it('counts a job as meeting its deadline only if it completes by it; rejected and unfinished jobs miss', () => {
    const text = `name: deadlines
chips: { cpu: { kind: cpu }, gpu: { kind: gpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: cpu, nodes: 1 }] }]
classes:
  c: { speed: { cpu: 1 }, work: { dist: constant, value: 1 }, slo: { deadline: 5 } }
  g: { speed: { gpu: 1 }, work: { dist: constant, value: 1 }, slo: { deadline: 5 } }
jobs:
  - { class: c, origin: r, arrival: 0, work: 4 }
  - { class: c, origin: r, arrival: 0, work: 2 }
  - { class: c, origin: r, arrival: 0, work: 1, deadline: 100 }
  - { class: g, origin: r, arrival: 0, work: 1 }
`;
    // Finishes: 4 (met), 6 (missed, due 5), 7 (met, due 100); the GPU job is rejected.
    const r = runScenario(scenarioFrom(text));
    expect(r.slo.deadlineMet).toBeCloseTo(2 / 4, 12);
    expect(r.slo.circleMet).toBeNull();
  });

  it('counts only jobs that have a deadline, so the fraction never exceeds 1 beside jobs without one', () => {
    const text = `name: mixed-deadlines
chips: { cpu: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: cpu, nodes: 4 }] }]
classes:
  due: { speed: { cpu: 1 }, work: { dist: constant, value: 1 }, slo: { deadline: 5 } }
  free: { speed: { cpu: 1 }, work: { dist: constant, value: 1 } }
jobs:
  - { class: due, origin: r, arrival: 0, work: 1 }
  - { class: free, origin: r, arrival: 0, work: 1 }
  - { class: free, origin: r, arrival: 0, work: 1 }
`;
    // One job has a deadline and meets it; the two without one are not counted at all.
    expect(runScenario(scenarioFrom(text)).slo.deadlineMet).toBe(1);
  });
});

describe('input data', () => {
  // One origin in region r; the site is elsewhere, 8 Gbit/s away: 1 GB takes 1 s and costs $0.5.
  const text = (extra: string): string => `name: data
chips: { cpu: { kind: cpu } }
regions: [{ name: r, lat: 0, lon: 0 }, { name: far, lat: 1, lon: 1 }]
sites: [{ name: s, region: far, pools: [{ chip: cpu, nodes: 1, pricePerChipHour: 3600 }] }]
network: { bandwidthGbps: 8, dataFeePerGB: 0.5 }
classes: { c: { speed: { cpu: 1 }, work: { dist: constant, value: 1 }, inputGB: 10 } }
${extra}`;

  it('moves the input before computing, holding the chip, and charges the data fee', () => {
    const run = simulate(scenarioFrom(text('jobs: [{ class: c, origin: r, arrival: 0, work: 3 }]')));
    // 10 s of transfer, then 3 s of compute: the chip is held 13 s at $1 per chip-second, plus 10 GB × $0.5.
    expect(run.jobs.finish[0]).toBe(13);
    expect(run.jobs.cost[0]).toBeCloseTo(13 + 5, 9);
  });

  it('moves nothing and charges nothing for a site in the origin region', () => {
    const run = simulate(scenarioFrom(text('jobs: [{ class: c, origin: far, arrival: 0, work: 3 }]')));
    expect(run.jobs.finish[0]).toBe(3);
    expect(run.jobs.cost[0]).toBeCloseTo(3, 9);
  });

  it('lets an explicit job carry its own input size', () => {
    const run = simulate(scenarioFrom(text('jobs: [{ class: c, origin: r, arrival: 0, work: 3, inputGB: 1 }]')));
    expect(run.jobs.finish[0]).toBe(4);
  });
});

describe('prices that change over time', () => {
  // $3600 per chip-hour ($1/s) for the first 10 s of every 20, then $7200 ($2/s).
  const text = (jobs: string, classExtra = ''): string => `name: prices
chips: { cpu: { kind: cpu } }
regions: [{ name: r }]
sites:
  - name: s
    region: r
    provider: acme
    pools:
      - { chip: cpu, nodes: 1, priceSchedule: { periodS: 20, steps: [{ atS: 0, price: 3600 }, { atS: 10, price: 7200 }] } }
classes: { c: { speed: { cpu: 1 }, work: { dist: constant, value: 1 }${classExtra} } }
jobs:
${jobs}`;

  it('bills each job for the price over the time it held its chips', () => {
    const r = runScenario(scenarioFrom(text('  - { class: c, origin: r, arrival: 5, work: 10 }')));
    expect(r.cost.total).toBeCloseTo(5 * 1 + 5 * 2, 9);
    expect(r.cost.byProvider).toEqual({ acme: r.cost.total });
  });

  it('holds a job back while the price would break its budget, and starts it when the price drops', () => {
    // 5 s at $2/s is $10, over a $6 budget; from t=20 the price is $1/s again.
    const run = simulate(scenarioFrom(text('  - { class: c, origin: r, arrival: 12, work: 5, budget: 6 }')));
    expect(run.jobs.start[0]).toBe(20);
    expect(run.jobs.cost[0]).toBeCloseTo(5, 9);
  });

  it('rejects a job that no price could bring within budget', () => {
    const r = runScenario(scenarioFrom(text('  - { class: c, origin: r, arrival: 0, work: 5, budget: 4 }')));
    expect(r.rejectReasons).toEqual({ 'over-budget': 1 });
  });

  it('judges the budget by the estimate, not the true work', () => {
    // The class says estimates are half the work: 10 s of work looks like 5 s, $5, within a $6 budget;
    // it really costs 10 s at $1/s.
    const run = simulate(scenarioFrom(text('  - { class: c, origin: r, arrival: 0, work: 10, budget: 6 }', ', estimate: { factor: 0.5 }')));
    expect(run.jobs.estimate[0]).toBe(5);
    expect(run.jobs.start[0]).toBe(0);
    expect(run.jobs.cost[0]).toBeCloseTo(10, 9);
  });
});

describe('estimates', () => {
  const text = (extra: string, classExtra = ''): string => `name: est
${extra}
chips: { cpu: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: cpu, nodes: 100 }] }]
classes: { c: { speed: { cpu: 1 }, work: { dist: exponential, mean: 10 }${classExtra} } }
workload: [{ class: c, origin: r, arrivals: { process: poisson, rate: 1 }, count: 2000 }]`;

  it('tells policies the class mean by default', () => {
    const { jobs } = simulate(scenarioFrom(text('')));
    expect(new Set(jobs.estimate.subarray(0, jobs.length))).toEqual(new Set([10]));
  });

  it('tells the truth in oracle scenarios', () => {
    const { jobs } = simulate(scenarioFrom(text('oracle: true')));
    expect(jobs.estimate.subarray(0, jobs.length)).toEqual(jobs.work.subarray(0, jobs.length));
  });

  it('scales the truth by factor, with lognormal noise of mean 1 and the given cv', () => {
    const { jobs } = simulate(scenarioFrom(text('', ', estimate: { factor: 2, cv: 0.5 }')));
    const ratios = Array.from({ length: jobs.length }, (_, i) => (jobs.estimate[i] as number) / (jobs.work[i] as number));
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    const sd = Math.sqrt(ratios.reduce((a, b) => a + (b - mean) ** 2, 0) / (ratios.length - 1));
    // Independent draws: four standard errors of the mean of 2000.
    expect(Math.abs(mean - 2)).toBeLessThan((4 * 2 * 0.5) / Math.sqrt(2000));
    expect(sd / mean).toBeCloseTo(0.5, 1);
  });

  it('draws the same arrivals and work whether or not estimates are noisy', () => {
    const plain = simulate(scenarioFrom(text(''))).jobs;
    const noisy = simulate(scenarioFrom(text('', ', estimate: { factor: 2, cv: 0.5 }'))).jobs;
    expect(noisy.work.subarray(0, noisy.length)).toEqual(plain.work.subarray(0, plain.length));
    expect(noisy.arrival.subarray(0, noisy.length)).toEqual(plain.arrival.subarray(0, plain.length));
  });
});

describe('explicit runtime tables (ETC rows)', () => {
  it('runs a job for its listed runtime on each chip, and only on listed chips', () => {
    const text = `name: etc
chips: { fast: { kind: gpu }, slow: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: slow, nodes: 1 }, { chip: fast, nodes: 1 }] }]
classes: { c: { speed: { slow: 1 }, work: { dist: constant, value: 1 } } }
jobs:
  - { id: a, class: c, origin: r, arrival: 0, runtimeS: { slow: 40, fast: 8 } }
  - { id: b, class: c, origin: r, arrival: 0, runtimeS: { fast: 3 } }
`;
    const run = simulate(scenarioFrom(text));
    // a takes the first pool (slow) for 40 s; b may only run on fast.
    expect(Array.from(run.jobs.finish.subarray(0, 2))).toEqual([40, 3]);
    expect(run.model.chips[run.model.pools[run.jobs.pool[1] as number]?.chip ?? -1]?.name).toBe('fast');
  });
});

describe('node failures', () => {
  // Ten one-chip nodes failing every 50 s on average each, repaired in 5 s on average.
  const farm = (onNodeFailure: string): string => `name: failures
seed: 3
onNodeFailure: ${onNodeFailure}
chips: { cpu: { kind: cpu } }
regions: [{ name: r }]
sites:
  - name: s
    region: r
    pools: [{ chip: cpu, nodes: 10, powerWatts: { idle: 100, busy: 100 }, failures: { mtbfHours: ${50 / 3600}, repairHours: ${5 / 3600} } }]
classes: { c: { speed: { cpu: 1 }, work: { dist: exponential, mean: 20 } } }
workload: [{ class: c, origin: r, arrivals: { process: poisson, rate: 0.3 }, count: 300 }]
`;

  it('puts a failed node’s jobs back in the queue and runs them again in full, conserving jobs', () => {
    const sim = new Simulation(scenarioFrom(farm('requeue')));
    const downs: [number, number][] = [];
    const evicted = new Map<number, number>();
    sim.hooks.on('node:down', (_pool, node, time) => downs.push([node, time]));
    sim.hooks.on('job:evict', (job, time) => {
      // The job was on the node that just failed.
      expect(sim.jobs.node[job]).toBe(downs.at(-1)?.[0]);
      expect(time).toBe(downs.at(-1)?.[1]);
      evicted.set(job, (evicted.get(job) ?? 0) + 1);
    });
    const run = sim.run();
    expect(downs.length).toBeGreaterThan(10);
    expect(evicted.size).toBeGreaterThan(0);
    for (const [job, times] of evicted) {
      expect(run.jobs.restarts[job]).toBe(times);
      expect(run.jobs.state[job]).toBe(JobState.Completed);
      // Restarted from scratch with the same work: its last run lasted work / speed.
      expect((run.jobs.finish[job] as number) - (run.jobs.start[job] as number)).toBeCloseTo(run.jobs.work[job] as number, 9);
    }
    const r = runScenario(scenarioFrom(farm('requeue')));
    expect(r.jobs).toMatchObject({ arrived: 300, completed: 300, failed: 0, unfinished: 0 });
    expect(r.jobs.restarts).toBe([...evicted.values()].reduce((a, b) => a + b, 0));
  });

  it('counts the jobs of a failed node as failed when the scenario says so', () => {
    const r = runScenario(scenarioFrom(farm('fail')));
    expect(r.jobs.failed).toBeGreaterThan(0);
    expect(r.jobs.arrived).toBe(r.jobs.completed + r.jobs.failed + r.jobs.rejected + r.jobs.unfinished);
    expect(r.jobs.restarts).toBe(0);
  });

  it('leaves down time out of utilisation and energy', () => {
    const run = simulate(scenarioFrom(farm('requeue')));
    const r = runScenario(scenarioFrom(farm('requeue')));
    const downChipS = run.down.integralAt(0, run.endTime) / 1000;
    const busyChipS = run.usage.integralAt(0, run.endTime) / 1000;
    expect(downChipS).toBeGreaterThan(0);
    expect(r.utilization.byChip.cpu).toBeCloseTo(busyChipS / (10 * run.endTime - downChipS), 9);
    // 100 W per chip whether busy or idle, but nothing while down.
    expect(r.energyKWh).toBeCloseTo((100 * (10 * run.endTime - downChipS)) / 3.6e6, 9);
  });
});

describe('warnings', () => {
  it('warns once per class and origin whose jobs are rejected, and about listed jobs past the horizon', () => {
    const text = `name: warn
horizon: 10
chips: { cpu: { kind: cpu }, gpu: { kind: gpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: cpu, nodes: 1 }] }]
classes: { g: { speed: { gpu: 1 }, work: { dist: constant, value: 1 } } }
jobs:
  - { class: g, origin: r, arrival: 1, work: 1 }
  - { class: g, origin: r, arrival: 2, work: 1 }
  - { class: g, origin: r, arrival: 20, work: 1 }
`;
    const run = simulate(scenarioFrom(text));
    expect(run.warnings).toEqual([
      '1 of the listed jobs arrive at or after the horizon (10 s) and are not simulated',
      'jobs of class "g" from r are rejected: no-capable-chip (first at t=1)',
    ]);
  });
});
