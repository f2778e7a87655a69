import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/run-scenario.js';
import { erlangC, expectInside, md1Wq, mm1Wq, mmcWq } from '../helpers/queueing.js';
import { queueScenario, type QueueModel } from '../helpers/scenarios.js';

/**
 * The simulator against closed forms. Each case is one long fixed-seed run;
 * the first tenth of the jobs is discarded as warm-up and the rest split into
 * 20 consecutive batches, each more than a hundred times longer than the queue's
 * relaxation time, so that batch means are nearly independent. The closed
 * form must lie inside the 99.9% batch-means interval, and the interval must
 * be narrow enough (relative half-width below a bound) for the test to catch
 * a real error.
 */
function waitsAfterWarmup(m: QueueModel): Float64Array {
  const run = simulate(queueScenario(m));
  const { jobs } = run;
  expect(jobs.length).toBe(m.jobs);
  const skip = Math.floor(m.jobs / 10);
  const waits = new Float64Array(m.jobs - skip);
  for (let i = skip; i < m.jobs; i++) waits[i - skip] = (jobs.start[i] as number) - (jobs.arrival[i] as number);
  return waits;
}


/** Checks the mean wait against `wq` and the probability of waiting at all against `pWait`. */
function expectQueue(m: QueueModel, wq: number, pWait: number, maxRelHalfWidth: number): void {
  const waits = waitsAfterWarmup(m);
  const label = `${m.service === 'exponential' ? 'M/M' : 'M/D'}/${m.servers} ρ=${(m.lambda / (m.servers * m.mu)).toFixed(2)}`;
  expectInside(`${label} mean wait`, waits, wq, maxRelHalfWidth);
  expectInside(`${label} P(wait > 0)`, waits.map((w) => (w > 0 ? 1 : 0)), pWait, maxRelHalfWidth);
}

describe('closed forms used as references', () => {
  it('Erlang C with one server is the M/M/1 formula', () => {
    expect(mmcWq(1, 0.9, 1)).toBeCloseTo(mm1Wq(0.9, 1), 12);
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12);
  });

  it('Erlang C matches a published table value', () => {
    // c = 2, a = 1 (ρ = 0.5): C = 1/3.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    // M/M/16 at ρ = 0.9 (1/μ = 1 s): C ≈ 0.59134, Wq ≈ 0.36959 s.
    expect(erlangC(16, 14.4)).toBeCloseTo(0.59134, 5);
    expect(mmcWq(16, 14.4, 1)).toBeCloseTo(0.36959, 5);
  });
});

describe('waiting in queue against queueing theory (99.9% batch-means interval)', () => {
  it('M/M/1 at ρ = 0.5 matches Wq = ρ/(μ − λ), and waits with probability ρ', () => {
    const m: QueueModel = { servers: 1, lambda: 0.5, mu: 1, service: 'exponential', jobs: 400_000 };
    expectQueue(m, mm1Wq(m.lambda, m.mu), 0.5, 0.05);
  });

  it('M/M/1 at ρ = 0.9 matches Wq = ρ/(μ − λ), and waits with probability ρ', () => {
    const m: QueueModel = { servers: 1, lambda: 0.9, mu: 1, service: 'exponential', jobs: 1_500_000, seed: 2 };
    expectQueue(m, mm1Wq(m.lambda, m.mu), 0.9, 0.1);
  });

  // Wq at c = 16, ρ = 0.5 is about a thousandth of the service time, and
  // only 1 job in 110 waits at all, so its mean is the least precise.
  const cases = [
    { servers: 4, rho: 0.5, jobs: 600_000, bound: 0.1 },
    { servers: 4, rho: 0.9, jobs: 1_500_000, bound: 0.1 },
    { servers: 16, rho: 0.5, jobs: 1_500_000, bound: 0.2 },
    { servers: 16, rho: 0.9, jobs: 2_000_000, bound: 0.1 },
  ];
  for (const { servers, rho, jobs, bound } of cases) {
    it(`M/M/${servers} at ρ = ${rho} matches Erlang C for the mean wait and the probability of waiting`, () => {
      const m: QueueModel = { servers, lambda: rho * servers, mu: 1, service: 'exponential', jobs, seed: 3 };
      expectQueue(m, mmcWq(servers, m.lambda, m.mu), erlangC(servers, m.lambda / m.mu), bound);
    });
  }

  for (const rho of [0.5, 0.9]) {
    it(`M/D/1 at ρ = ${rho} matches Pollaczek-Khinchine, and waits with probability ρ`, () => {
      const m: QueueModel = { servers: 1, lambda: rho, mu: 1, service: 'constant', jobs: rho === 0.9 ? 1_000_000 : 400_000, seed: 4 };
      expectQueue(m, md1Wq(m.lambda, m.mu), rho, 0.1);
    });
  }
});
