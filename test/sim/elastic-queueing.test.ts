import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/run-scenario.js';
import { summarize } from '../../src/metrics/summarize.js';
import { solveSetupQueue, type SetupQueue } from '../helpers/mmk-setup.js';
import { expectInside, mmcWq } from '../helpers/queueing.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/**
 * Elastic pools against queueing theory with setup times: a pool that
 * starts with no node on, the `demand` rule, idle timeout 0 and exponential
 * boots is the M/M/k/setup queue. Each case is one long fixed-seed run; the
 * first tenth is warm-up, the rest split into 20 batches, and the reference
 * must lie in the 99.9% batch-means interval, which must be narrow enough
 * to catch a real error.
 */
function setupScenario(q: SetupQueue, jobs: number, seed: number): ReturnType<typeof scenarioFrom> {
  // About 400 time-series points over the run: enough intervals for batch means of nodes on.
  const sampleS = jobs / q.lambda / 400;
  return scenarioFrom(`
name: mmk-setup
seed: ${seed}
metrics: { sampleIntervalS: ${sampleS} }
chips: { core: { kind: cpu } }
regions: [{ name: here }]
sites:
  - name: s
    region: here
    pools:
      - chip: core
        nodes: 0
        elastic: { maxNodes: ${q.k}, bootS: { dist: exponential, mean: ${1 / q.alpha} }, idleTimeoutS: 0, rule: demand }
classes:
  job: { speed: { core: 1 }, chips: 1, work: { dist: exponential, mean: ${1 / q.mu} } }
workload:
  - { class: job, origin: here, arrivals: { process: poisson, rate: ${q.lambda} }, count: ${jobs} }
policy: fifo
`);
}


/** Response times (arrival to finish) of the jobs after the first tenth, in arrival order; and nodes on per time-series interval after the first tenth. */
function measure(q: SetupQueue, jobs: number, seed: number): { response: Float64Array; on: number[] } {
  const run = simulate(setupScenario(q, jobs, seed));
  const t = run.jobs;
  expect(t.length).toBe(jobs);
  const skip = Math.floor(jobs / 10);
  const response = new Float64Array(jobs - skip);
  for (let i = skip; i < jobs; i++) response[i - skip] = (t.finish[i] as number) - (t.arrival[i] as number);
  const pool = summarize(run).elastic?.byPool['s/core'];
  if (pool === undefined) throw new Error('no elastic results');
  // Equal intervals but the last, which is cut short by the end of the run.
  const on = pool.timeseries.on.slice(0, -1);
  return { response, on: on.slice(Math.floor(on.length / 10)) };
}

describe('the M/M/k/setup reference (a CTMC solved here)', () => {
  it('gives the M/M/1/setup closed form E[T] = 1/(μ − λ) + 1/α', () => {
    for (const [lambda, alpha] of [
      [0.5, 0.5],
      [0.8, 2],
    ] as const) {
      expect(solveSetupQueue({ k: 1, lambda, mu: 1, alpha }).meanResponseS).toBeCloseTo(1 / (1 - lambda) + 1 / alpha, 7);
    }
  });

  it('becomes M/M/k (Erlang C) when setup takes no time', () => {
    expect(solveSetupQueue({ k: 4, lambda: 2, mu: 1, alpha: 1e7 }).meanResponseS).toBeCloseTo(mmcWq(4, 2, 1) + 1, 5);
  });
});

describe('an elastic pool under the demand rule against queueing theory (99.9% batch-means interval)', () => {
  it('M/M/1/setup: mean response time 1/(μ − λ) + 1/α, and the server on as long as the chain says', () => {
    const q = { k: 1, lambda: 0.5, mu: 1, alpha: 0.5 };
    const { response, on } = measure(q, 400_000, 11);
    expectInside('M/M/1/setup mean response', response, 1 / (q.mu - q.lambda) + 1 / q.alpha, 0.05);
    expectInside('M/M/1/setup mean servers on', on, solveSetupQueue(q).meanOn, 0.05);
  });

  const cases = [
    { k: 4, rho: 0.5, jobs: 300_000 },
    { k: 4, rho: 0.8, jobs: 500_000 },
    { k: 8, rho: 0.5, jobs: 400_000 },
    { k: 8, rho: 0.8, jobs: 500_000 },
    { k: 16, rho: 0.5, jobs: 500_000 },
    { k: 16, rho: 0.8, jobs: 600_000 },
  ];
  for (const { k, rho, jobs } of cases) {
    it(`M/M/${k}/setup at ρ = ${rho}: mean response time and mean nodes on match the chain`, () => {
      const q = { k, lambda: rho * k, mu: 1, alpha: 0.5 };
      const exact = solveSetupQueue(q);
      const { response, on } = measure(q, jobs, 20 + k);
      expectInside(`M/M/${k}/setup ρ=${rho} mean response`, response, exact.meanResponseS, 0.05);
      expectInside(`M/M/${k}/setup ρ=${rho} mean nodes on`, on, exact.meanOn, 0.05);
    });
  }
});
