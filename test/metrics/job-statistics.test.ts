import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobStatistics } from '../../src/metrics/job-statistics.js';
import type { Summary } from '../../src/metrics/results.js';
import { simulate } from '../../src/run-scenario.js';

const root = join(import.meta.dirname, '..', '..');

/**
 * Same count, quantiles and maximum; means within what summing n values one
 * after another may drift (n roundings of at most 2^-53 each, relative, of
 * non-negative values): the cells' sum takes each cell's value × count in
 * one step, so it drifts less.
 */
function expectSameSummary(cells: Summary, oneByOne: Summary, where: string): void {
  const { mean, ...rest } = cells;
  const { mean: oneMean, ...oneRest } = oneByOne;
  expect(rest, where).toEqual(oneRest);
  if (mean === null || oneMean === null) expect(mean, where).toBe(oneMean);
  else expect(Math.abs(mean - oneMean), `${where}: mean ${mean} vs ${oneMean}`).toBeLessThanOrEqual(oneByOne.count * 2 ** -52 * Math.abs(oneMean));
}

describe('JobStatistics', () => {
  // Scenarios with several origins, sites and classes, so that jobs land in many (class, origin, site) cells of different RTTs.
  for (const file of ['national-grid.yaml', 'edge-inference.yaml', 'east-data-west-compute.yaml', 'quickstart.yaml']) {
    it(`${file}: RTTs counted per (class, origin, site) cell give the summaries that adding each job's RTT gives, run, classes and origins, in both modes`, () => {
      const run = simulate(join(root, 'scenarios', file));
      const { jobs, model, scenario } = run;
      let distinct = 0;
      for (const method of ['sketch', 'exact'] as const) {
        const cells = new JobStatistics(model, scenario, method);
        const oneByOne = new JobStatistics(model, scenario, method, 0);
        for (let j = 0; j < jobs.length; j++) {
          cells.add(jobs, j);
          oneByOne.add(jobs, j);
        }
        const all = oneByOne.rttMs.summary();
        expect(all.count, 'placed jobs').toBeGreaterThan(0);
        expectSameSummary(cells.rttMs.summary(), all, `${method} run`);
        model.classes.forEach((_, g) => expectSameSummary(cells.rttMs.classSummary(g), oneByOne.rttMs.classSummary(g), `${method} class ${g}`));
        model.regions.forEach((_, g) => expectSameSummary(cells.rttMs.originSummary(g), oneByOne.rttMs.originSummary(g), `${method} origin ${g}`));
        expect(cells.rttMs.grid([0, 0.25, 0.5, 0.75, 1])).toEqual(oneByOne.rttMs.grid([0, 0.25, 0.5, 0.75, 1]));
        distinct = new Set(oneByOne.rttMs.grid([0, 0.25, 0.5, 0.75, 1])).size;
      }
      // Not a one-value case, where any sum would do.
      expect(distinct, 'distinct RTT quantiles').toBeGreaterThan(1);
    });
  }

  it('counts jobs added after a read, on the next read', () => {
    const run = simulate(join(root, 'scenarios', 'quickstart.yaml'));
    const stats = new JobStatistics(run.model, run.scenario, 'sketch');
    const half = run.jobs.length >> 1;
    for (let j = 0; j < half; j++) stats.add(run.jobs, j);
    const first = stats.rttMs.summary().count;
    for (let j = half; j < run.jobs.length; j++) stats.add(run.jobs, j);
    const reference = new JobStatistics(run.model, run.scenario, 'sketch', 0);
    for (let j = 0; j < run.jobs.length; j++) reference.add(run.jobs, j);
    expect(first).toBeGreaterThan(0);
    expect(stats.rttMs.summary().count).toBe(reference.rttMs.summary().count);
    expect(stats.rttMs.summary().count).toBeGreaterThan(first);
    expectSameSummary(stats.rttMs.summary(), reference.rttMs.summary(), 'after two reads');
  });
});
