import { quantile } from 'd3-array';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { compare } from '../../src/compare/compare.js';
import { QuantileSketch } from '../../src/metrics/quantile-sketch.js';
import { JobState } from '../../src/model/job-table.js';
import { simulate } from '../../src/run-scenario.js';
import { loadScenarioFile } from '../../src/scenario/parse-scenario.js';

const root = join(import.meta.dirname, '..', '..');
const bound = QuantileSketch.relativeError * (1 + 1e-9);

describe('quantiles pooled over runs', () => {
  it('in compare: every job of every seed of a policy as one population, its quantiles within 0.5% of the exact ones read from the jobs', () => {
    const scenario = loadScenarioFile(join(root, 'scenarios', 'quickstart.yaml'));
    const seeds = [3, 4, 5];
    const c = compare(scenario, { policies: ['fifo', 'cheapest'], seeds });
    for (const [p, policy] of ['fifo', 'cheapest'].entries()) {
      const jcts: number[] = [];
      const waits: number[] = [];
      for (const seed of seeds) {
        const run = simulate(scenario, { seed, policy });
        const { jobs } = run;
        for (let j = 0; j < jobs.length; j++) {
          if ((jobs.arrival[j] as number) < scenario.warmupS) continue;
          if (!Number.isNaN(jobs.start[j] as number) && jobs.state[j] !== JobState.Rejected && (jobs.pool[j] as number) >= 0) waits.push((jobs.start[j] as number) - (jobs.arrival[j] as number));
          if (jobs.state[j] === JobState.Completed) jcts.push((jobs.finish[j] as number) - (jobs.arrival[j] as number));
        }
      }
      const pooled = c.summaries[p]?.pooled;
      expect(pooled?.runs).toBe(3);
      expect(pooled?.jct.count).toBe(jcts.length);
      expect(pooled?.wait.count).toBe(waits.length);
      expect(pooled?.jct.max).toBe(jcts.reduce((a, b) => Math.max(a, b), -Infinity));
      expect(Math.abs((pooled?.jct.mean as number) - jcts.reduce((a, b) => a + b, 0) / jcts.length)).toBeLessThan(1e-9);
      for (const [values, summary] of [
        [jcts, pooled?.jct],
        [waits, pooled?.wait],
      ] as const) {
        for (const q of ['p50', 'p95', 'p99'] as const) {
          const exact = quantile(values, Number(q.slice(1)) / 100) as number;
          expect(Math.abs((summary?.[q] as number) - exact), `${policy} ${q}`).toBeLessThanOrEqual(bound * exact);
        }
      }
    }
  });

  it('not in compare with exact quantiles, which have no sketches', () => {
    const c = compare(join(root, 'scenarios', 'quickstart.yaml'), { policies: ['fifo'], seeds: 1, quantiles: 'exact' });
    expect(c.summaries[0]?.pooled).toBeUndefined();
    expect(c.runs[0]?.quantiles.method).toBe('exact');
  });
});
