import { describe, expect, it } from 'vitest';
import { boundedSlowdown } from '../../src/metrics/summarize.js';
import { runScenario } from '../../src/run-scenario.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/** One node with one chip, fifo: jobs run one after another in list order. */
function oneChip(metrics: string): string {
  return `
name: one-chip
${metrics}
chips: { c: { kind: cpu } }
regions: [{ name: here }]
sites: [{ name: s, region: here, pools: [{ chip: c, nodes: 1, chipsPerNode: 1 }] }]
classes:
  long: { speed: { c: 1 }, work: { dist: constant, value: 1 } }
  short: { speed: { c: 2 }, work: { dist: constant, value: 1 } }
jobs:
  - { id: a, class: long, origin: here, arrival: 0, work: 100 }
  - { id: b, class: short, origin: here, arrival: 0, work: 10 }
  - { id: c, class: long, origin: here, arrival: 0, work: 50 }
  - { id: d, class: long, origin: here, arrival: 200, work: 20 }
`;
}

describe('bounded slowdown', () => {
  it('is max(1, JCT / max(run, τ)) with the run on the chip the job used, worked by hand for four jobs', () => {
    // a runs 0–100 (slowdown 1). b (10 s of work at speed 2: 5 s) waits 100 s: JCT 105, run 5 < τ = 10, so 105 / 10 = 10.5.
    // c waits 105 s: JCT 155 over its run of 50 s, 3.1. d arrives at 200 to an idle chip: 1.
    const r = runScenario(scenarioFrom(oneChip('')));
    expect(r.slowdownThresholdS).toBe(10);
    expect(r.slowdown.count).toBe(4);
    expect(r.slowdown.max).toBeCloseTo(10.5, 12);
    expect(r.slowdown.mean).toBeCloseTo((1 + 10.5 + 3.1 + 1) / 4, 12);
    expect(r.byClass['short']?.slowdown.mean).toBeCloseTo(10.5, 12);
    expect(r.byClass['long']?.slowdown.mean).toBeCloseTo((1 + 3.1 + 1) / 3, 12);
  });

  it('takes its threshold from metrics.slowdownThresholdS', () => {
    // τ = 1 s: b's 5 s run counts in full, 105 / 5 = 21; the others are unchanged.
    const r = runScenario(scenarioFrom(oneChip('metrics: { slowdownThresholdS: 1 }')));
    expect(r.slowdownThresholdS).toBe(1);
    expect(r.slowdown.max).toBeCloseTo(21, 12);
    expect(r.slowdown.mean).toBeCloseTo((1 + 21 + 3.1 + 1) / 4, 12);
    // τ = 200 s: every run is below it; b: 105 / 200 and c: 155 / 200 are below 1, a: 100 / 200 too.
    expect(runScenario(scenarioFrom(oneChip('metrics: { slowdownThresholdS: 200 }'))).slowdown.max).toBe(1);
  });

  it('divides a job that was preempted and resumed by its whole run, not by its last piece', () => {
    // L (100 s) starts at 0; H (20 s, higher priority) preempts it at 30 and runs to 50; L resumes with 70 s left and ends at 120.
    // Its slowdown is 120 / 100 = 1.2; dividing by the last piece (120 / 70) would read 1.71.
    const r = runScenario(
      scenarioFrom(`
name: preempted
chips: { c: { kind: cpu } }
regions: [{ name: here }]
sites: [{ name: s, region: here, pools: [{ chip: c, nodes: 1, chipsPerNode: 1 }] }]
classes:
  low: { speed: { c: 1 }, preemptible: true, onPreempt: resume, work: { dist: constant, value: 1 } }
  high: { speed: { c: 1 }, priority: 1, work: { dist: constant, value: 1 } }
jobs:
  - { id: L, class: low, origin: here, arrival: 0, work: 100 }
  - { id: H, class: high, origin: here, arrival: 30, work: 20 }
policy: priority-preempt
`),
    );
    expect(r.jobs.preempted).toBe(1);
    expect(r.byClass['low']?.jct.max).toBeCloseTo(120, 9);
    expect(r.byClass['low']?.slowdown.max).toBeCloseTo(1.2, 12);
    expect(r.byClass['high']?.slowdown.max).toBe(1);
  });

  it('never reads below 1', () => {
    expect(boundedSlowdown(0.5, 0.5, 10)).toBe(1);
    expect(boundedSlowdown(30, 30, 10)).toBe(1);
    expect(boundedSlowdown(30, 3, 10)).toBe(3);
  });
});
