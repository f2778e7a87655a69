import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchPolicies, BenchError } from '../../src/bench/bench-policies.js';
import { countingScheduler } from '../../src/bench/counting-scheduler.js';
import { loadPolicySource } from '../../src/loader/load-policy.js';
import { resolvePolicy, UnknownPolicyError } from '../../src/policy/registry.js';
import { Simulation } from '../../src/sim/simulation.js';
import { scenarioFrom } from '../helpers/scenarios.js';
import { tenJobsYaml } from '../helpers/ten-jobs.js';

const root = join(import.meta.dirname, '..', '..');

const tenJobs = scenarioFrom(tenJobsYaml);

/** One node, three jobs at once: the second and third wait; see the count worked out below. */
const queued = scenarioFrom(`
name: queued
chips: { core: { kind: cpu } }
regions: [{ name: here }]
sites: [{ name: s, region: here, pools: [{ chip: core, nodes: 1, chipsPerNode: 1 }] }]
classes:
  job: { speed: { core: 1 }, chips: 1, work: { dist: constant, value: 10 } }
jobs:
  - { id: a, class: job, origin: here, arrival: 0, work: 10 }
  - { id: b, class: job, origin: here, arrival: 0, work: 10 }
  - { id: c, class: job, origin: here, arrival: 0, work: 10 }
policy: fifo
`);

describe('countingScheduler', () => {
  it('counts one decision per job when every job is placed at its first ask', () => {
    for (const name of ['fifo', 'cost-latency', 'mct']) {
      const counted = countingScheduler(resolvePolicy(name));
      const run = new Simulation(tenJobs, { policy: counted.scheduler }).run();
      expect(run.events).toBe(20);
      expect(counted.decisions()).toBe(10);
    }
  });

  it('counts the asks that end in a wait too', () => {
    // t=0: a starts, b waits (capacity: its shape is blocked, so c is not asked);
    // t=10: b starts, c is asked and waits; t=20: c starts. 2 + 2 + 1 asks.
    const counted = countingScheduler(resolvePolicy('fifo'));
    new Simulation(queued, { policy: counted.scheduler }).run();
    expect(counted.decisions()).toBe(5);
  });

  it('counts each job handed to a batch policy', () => {
    // Arrivals a second apart on free nodes: every pass hands min-min a queue of one job.
    const counted = countingScheduler(resolvePolicy('min-min'));
    new Simulation(tenJobs, { policy: counted.scheduler }).run();
    expect(counted.decisions()).toBe(10);
  });

  it('does not change what the policy decides', () => {
    const plain = new Simulation(queued, { policy: resolvePolicy('cost-latency') }).run();
    const counted = new Simulation(queued, { policy: countingScheduler(resolvePolicy('cost-latency')).scheduler }).run();
    const n = plain.jobs.length;
    expect(Array.from(counted.jobs.start.subarray(0, n))).toEqual(Array.from(plain.jobs.start.subarray(0, n)));
    expect(Array.from(counted.jobs.pool.subarray(0, n))).toEqual(Array.from(plain.jobs.pool.subarray(0, n)));
    expect(counted.events).toBe(plain.events);
  });
});

describe('benchPolicies', () => {
  it('reports decisions, events, rates and ratios to the calibration loop for built-in and module policies', async () => {
    const cheapNotFull = await loadPolicySource(join(root, 'examples', 'policies', 'cheap-not-full.js'));
    const b = benchPolicies(tenJobs, { policies: ['fifo', 'cost-latency', cheapNotFull], rounds: 3, calibrationEvents: 100_000 });
    expect(b.policies.map((p) => p.policy)).toEqual(['fifo', 'cost-latency', 'cheap-not-full']);
    expect(b.rounds).toBe(3);
    expect(b.seed).toBe(3);
    expect(b.calibration.eventsPerSecond).toBeGreaterThan(0);
    for (const p of b.policies) {
      expect(p.decisions).toBe(10);
      expect(p.events).toBe(20);
      expect(p.wallSeconds).toBeGreaterThan(0);
      // Over an odd number of rounds the median rate is the rate of the median run.
      expect(p.decisionsPerSecond / (p.decisions / p.wallSeconds)).toBeCloseTo(1, 9);
      expect(p.eventsPerSecond / (p.events / p.wallSeconds)).toBeCloseTo(1, 9);
      expect(p.eventsVsCalibration).toBeGreaterThan(0);
      expect(p.decisionsVsCalibration / p.eventsVsCalibration).toBeCloseTo(0.5, 6);
    }
  });

  it('rejects no policies, a policy listed twice, an unknown name, a module path and zero rounds', () => {
    expect(() => benchPolicies(tenJobs, { policies: [] })).toThrow(BenchError);
    expect(() => benchPolicies(tenJobs, { policies: ['fifo', 'fifo'] })).toThrow(/listed twice/);
    expect(() => benchPolicies(tenJobs, { policies: ['fifo', 'nope'] })).toThrow(UnknownPolicyError);
    expect(() => benchPolicies(tenJobs, { policies: ['./mine.js'] })).toThrow(/loadPolicySource/);
    expect(() => benchPolicies(tenJobs, { policies: ['fifo'], rounds: 0 })).toThrow(/rounds/);
  });
});
