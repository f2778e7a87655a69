import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/index.js';
import { responseTime, runSupermarket, supermarketLimit } from '../../helpers/supermarket.js';

describe('the supermarket model’s limit, computed here', () => {
  it('gives the published figures: 2.614 for d = 2 at λ = 0.9, and the M/M/1 value for d = 1', () => {
    expect(supermarketLimit(0.9, 2)).toBeCloseTo(2.614, 3);
    expect(supermarketLimit(0.9, 1)).toBeCloseTo(10, 12);
    expect(supermarketLimit(0.7, 1)).toBeCloseTo(1 / 0.3, 12);
  });

  it('agrees with Little’s law on the fluid limit’s fixed point: a fraction λ^((dⁱ − 1)/(d − 1)) of the queues hold i jobs or more', () => {
    for (const d of [2, 3, 5]) {
      for (const lambda of [0.5, 0.7, 0.9, 0.99]) {
        let jobsPerQueue = 0;
        for (let i = 1; i < 60; i++) jobsPerQueue += lambda ** ((d ** i - 1) / (d - 1));
        expect(supermarketLimit(lambda, d)).toBeCloseTo(jobsPerQueue / lambda, 10);
      }
    }
  });
});

/**
 * How the run lengths were chosen. The mean response time over a window of
 * arrivals has a sampling error that comes mostly from how much work
 * happened to arrive (the load over the window fluctuates, and near λ = 0.9
 * the response time is steep in the load). Between twelve seeds at
 * n = 1,000, λ = 0.9, d = 2, a 250 s window gave a spread (standard
 * deviation) of 1.2%, and the batch-means estimate below agreed with it.
 * The error falls as one over the square root of the window: the windows
 * here (750 s at λ = 0.9, 400 s at λ = 0.7) bring it to about 0.6%, so that
 * 2% is three standard errors or more — a real check, not luck. Each test
 * asserts that the batch-means error it measured is below 0.7%, so that a
 * change making the estimate noisier fails rather than passes by chance.
 * The seed is fixed: the test is deterministic.
 */
describe('power-of-d with a fresh view, at n = 1,000 sites', () => {
  const cases = [
    { d: 2, lambda: 0.7, horizonS: 450 },
    { d: 3, lambda: 0.7, horizonS: 450 },
    { d: 2, lambda: 0.9, horizonS: 800 },
    { d: 3, lambda: 0.9, horizonS: 800 },
  ];
  for (const { d, lambda, horizonS } of cases) {
    it(`d = ${d}, λ = ${lambda}: the mean response time is within 2% of T_d(λ) = ${supermarketLimit(lambda, d).toFixed(4)}`, () => {
      const warmupS = 50;
      const run = runSupermarket({ n: 1000, lambda, brain: 'power-of-d', d, horizonS, warmupS, seed: 1 });
      const measured = responseTime(run, warmupS);
      const limit = supermarketLimit(lambda, d);
      expect(measured.se / measured.mean).toBeLessThan(0.007);
      expect(Math.abs(measured.mean / limit - 1)).toBeLessThan(0.02);
      // The results contract says the same: every job measured completed, and the view was never old.
      const r = summarize(run);
      expect(r.jct.count).toBe(measured.count);
      expect(r.jct.mean).toBeCloseTo(measured.mean, 9);
      expect(r.brain?.viewAgeS.max).toBe(0);
    }, 600_000);
  }

  it('d = 1 (a site drawn at random) gives n independent M/M/1 queues: 1/(1 − λ)', () => {
    const warmupS = 50;
    const run = runSupermarket({ n: 200, lambda: 0.5, brain: 'random', horizonS: 1050, warmupS, seed: 2 });
    const measured = responseTime(run, warmupS);
    expect(measured.se / measured.mean).toBeLessThan(0.01);
    expect(Math.abs(measured.mean / supermarketLimit(0.5, 1) - 1)).toBeLessThan(0.03);
  }, 600_000);
});

describe('a stale view: the herd effect (Mitzenmacher 2000)', () => {
  const warmupS = 100;
  const run = (brain: string, refreshS: number): number => responseTime(runSupermarket({ n: 100, lambda: 0.9, brain, d: 2, refreshS, horizonS: 1100, warmupS, seed: 3 }), warmupS).mean;

  it('at n = 100, λ = 0.9, refreshed every second, least-loaded over every site is at least 20% slower than power-of-2', () => {
    const leastLoaded = run('least-loaded', 1);
    const powerOf2 = run('power-of-d', 1);
    expect(leastLoaded).toBeGreaterThan(1.2 * powerOf2);
  }, 600_000);

  it('least-loaded is the best of the two with a fresh view and gets worse faster as the view ages', () => {
    const ll = [0, 1, 4].map((t) => run('least-loaded', t));
    const p2 = [0, 1, 4].map((t) => run('power-of-d', t));
    // Fresh, least-loaded is join-the-shortest-queue: better than sampling two.
    expect(ll[0]).toBeLessThan(p2[0] as number);
    // Older views hurt both, least-loaded more, until it is worse than the random choice of one site (M/M/1: 10).
    expect(ll[1]).toBeGreaterThan(ll[0] as number);
    expect(ll[2]).toBeGreaterThan(ll[1] as number);
    expect((ll[2] as number) - (ll[0] as number)).toBeGreaterThan((p2[2] as number) - (p2[0] as number));
    expect(ll[2]).toBeGreaterThan(supermarketLimit(0.9, 1));
  }, 600_000);
});
