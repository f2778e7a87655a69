import { describe, expect, it } from 'vitest';
import { compare } from '../../src/compare/compare.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/**
 * Two sites with room for every job at once (nothing ever waits), so each
 * job's cost is exactly price × runtime: `cheapest` puts every job on the
 * far pool (1 $/chip-h, speed 1), `nearest` on the near one (3 $/chip-h,
 * speed 2, so 1.5 $ per reference-chip hour). Under one seed both policies
 * see the same 100 job sizes (common random numbers), so the paired
 * difference in total cost is (1 − 1.5) / 3600 × the seed's total work, and
 * its expectation is exactly 100 jobs × 100 s × (−0.5 / 3600) $.
 */
const JOBS = 100;
const MEAN_WORK_S = 100;
const EXPECTED_COST_DIFFERENCE = (JOBS * MEAN_WORK_S * (1 / 1 - 3 / 2)) / 3600;

const scenario = scenarioFrom(`
name: known-difference
seed: 1
chips: { slow: { kind: cpu }, fast: { kind: gpu } }
regions: [{ name: here, lat: 0, lon: 0 }]
sites:
  - { name: near, lat: 0, lon: 0.01, pools: [{ chip: fast, nodes: ${JOBS}, chipsPerNode: 1, pricePerChipHour: 3 }] }
  - { name: far, lat: 0, lon: 5, pools: [{ chip: slow, nodes: ${JOBS}, chipsPerNode: 1, pricePerChipHour: 1 }] }
circles: { anywhere: 1000 }
classes:
  batch: { speed: { slow: 1, fast: 2 }, chips: 1, work: { dist: exponential, mean: ${MEAN_WORK_S} } }
workload:
  - { class: batch, origin: here, arrivals: { process: poisson, rate: 0.01 }, count: ${JOBS} }
policy: fifo
`);

describe('compare intervals', () => {
  it('cover an exactly known paired difference in 91% to 99% of 200 fixed-seed compares', () => {
    let covered = 0;
    let significant = 0;
    const compares = 200;
    for (let k = 0; k < compares; k++) {
      // Fixed seeds, disjoint across compares.
      const seeds = Array.from({ length: 10 }, (_, i) => 10 * k + i + 1);
      const c = compare(scenario, { policies: ['nearest', 'cheapest'], seeds, baseline: 'nearest' });
      // Guard the construction: under each seed, every job ran where the design says (nearest costs 1.5× cheapest).
      for (let i = 0; i < seeds.length; i++) {
        const near = c.runs[i];
        const far = c.runs[seeds.length + i];
        expect(near?.jobs.completed).toBe(JOBS);
        expect(far?.jobs.completed).toBe(JOBS);
        expect((near?.cost.total as number) / (far?.cost.total as number)).toBeCloseTo(1.5, 10);
      }
      const cheapest = c.summaries[1];
      const d = cheapest?.differences?.cost;
      expect(d?.n).toBe(10);
      if ((d?.low as number) <= EXPECTED_COST_DIFFERENCE && EXPECTED_COST_DIFFERENCE <= (d?.high as number)) covered++;
      if (d?.significant === true) significant++;
    }
    const coverage = covered / compares;
    console.log(`coverage of the 95% paired interval: ${covered}/${compares} = ${(coverage * 100).toFixed(1)}%`);
    expect(coverage).toBeGreaterThanOrEqual(0.91);
    expect(coverage).toBeLessThanOrEqual(0.99);
    // The difference is real and large: it should be found nearly every time.
    expect(significant).toBeGreaterThan(compares * 0.9);
  });
});
