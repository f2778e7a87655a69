import { compareMetrics } from '../../src/compare/compare-metrics.js';
import { compare } from '../../src/compare/compare.js';
import type { Comparison, Difference } from '../../src/compare/comparison.js';
import type { Policy } from '../../src/policy/policy.js';
import { parseScenario, type Scenario } from '../../src/scenario/parse-scenario.js';
import type { MeanInterval } from '../../src/stats/mean-interval.js';

/** A scenario name that would run as a script if the report did not escape it. */
export const hostileName = '<script>alert("x")</script> & co';

/**
 * A small world whose names carry every character HTML cares about (a
 * chip, a site and a circle), two sites and a latency circle with jobs on
 * each side, so that policies differ in cost, speed and placement.
 */
export function reportScenario(name = 'report-fixture'): Scenario {
  return parseScenario(
    `
name: ${JSON.stringify(name)}
seed: 7
horizon: 600
circles: { "c'ity": 1, region: 5, national: 30 }
chips:
  "gpu<a>": { kind: gpu }
  xeon: { kind: cpu }
  npu: { kind: npu }
regions:
  - { name: here, lat: 31.2, lon: 121.5 }
sites:
  - name: "edge & co"
    region: here
    pools:
      - { chip: "gpu<a>", nodes: 1, chipsPerNode: 2, pricePerChipHour: 2.0, powerWatts: { idle: 50, busy: 300 } }
      - { chip: xeon, nodes: 4, chipsPerNode: 2, pricePerChipHour: 0.1, powerWatts: { idle: 40, busy: 200 } }
  - name: "hub \\"west\\""
    lat: 36.1
    lon: 103.8
    pools:
      - { chip: npu, nodes: 2, chipsPerNode: 4, pricePerChipHour: 0.6, powerWatts: { idle: 30, busy: 250 } }
      - { chip: xeon, nodes: 8, chipsPerNode: 2, pricePerChipHour: 0.05, powerWatts: { idle: 40, busy: 200 } }
classes:
  infer:
    speed: { "gpu<a>": 1.0, npu: 0.7, xeon: 0.1 }
    chips: 0.5
    work: { dist: exponential, mean: 0.2 }
    slo: { circle: "c'ity", deadline: 3 }
  batch:
    speed: { xeon: 1.0, npu: 3.0 }
    chips: 1
    work: { dist: lognormal, mean: 60, cv: 1.0 }
    slo: { circle: national }
workload:
  - { class: infer, origin: here, arrivals: { process: poisson, rate: 8 } }
  - { class: batch, origin: here, arrivals: { process: poisson, rate: 0.1 } }
policy: fifo
`,
    'report-fixture.yaml',
  );
}

/** A user policy whose name is markup: it places like fifo. */
export const hostilePolicy: Policy = { name: '<b onmouseover="x">fast</b> & \'cheap\'' };

/** Three policies (one a user policy with a hostile name) over `seeds` seeds. */
export function reportComparison(seeds = 4, name?: string): Comparison {
  return compare(reportScenario(name), { policies: ['fifo', 'cheapest', hostilePolicy], seeds });
}

const interval = (mean: number | null, half: number | null, n = 3): MeanInterval =>
  mean === null ? { n: 0, mean: null, sd: null, low: null, high: null } : { n, mean, sd: half, low: half === null ? null : mean - half, high: half === null ? null : mean + half };

/**
 * A comparison written by hand (no simulation), so the golden file that
 * renders it changes only when the report does: two policies, three seeds,
 * the metrics of `compareMetrics`, a missing value, a significant
 * difference each way, and hostile names in every place a name can go.
 */
export function syntheticComparison(): Comparison {
  const metrics = compareMetrics.map(({ key, label, description, unit, better, inTable }) => ({ key, label, description, unit, better, inTable }));
  const t = Array.from({ length: 12 }, (_, i) => (i + 1) * 300);
  const ramp = (top: number): number[] => t.map((_, i) => Math.min(top, (i + 1) * top * 0.2));
  const quantiles = (scale: number): number[] => Array.from({ length: 101 }, (_, i) => scale * 0.01 * Math.exp(i / 12));
  const base: Record<string, MeanInterval> = {
    jctP95: interval(42.5, 3.1),
    waitP99: interval(12, 4),
    circleMet: interval(0.97, 0.01),
    deadlineMet: interval(null, null),
    cost: interval(120.4, 8.2),
    costPerJob: interval(0.012, 0.001),
    energyKWh: interval(33.3, 1.2),
    utilization: interval(0.41, 0.03),
    jctMean: interval(11.1, 1.4),
    waitMean: interval(2.2, 0.5),
    completed: interval(0.99, 0.004),
    started: interval(0.995, 0.002),
    rttP95: interval(3.1, 0.2),
    slowdownMean: interval(1.4, 0.1),
  };
  const other: Record<string, MeanInterval> = {
    ...base,
    jctP95: interval(61.2, 5.5),
    waitP99: interval(0, 0),
    circleMet: interval(0.995, 0.004),
    cost: interval(88.9, 6.1),
    costPerJob: interval(0.0089, 0.0007),
    utilization: interval(0.52, 0.04),
  };
  const difference = (key: string, significant: boolean): Difference => {
    const a = other[key] as MeanInterval;
    const b = base[key] as MeanInterval;
    const mean = a.mean === null || b.mean === null ? null : a.mean - b.mean;
    return { n: mean === null ? 0 : 3, mean, sd: mean === null ? null : 1, low: mean === null ? null : mean - Math.abs(mean) / 4, high: mean === null ? null : mean + Math.abs(mean) / 4, p: mean === null ? null : significant ? 0.001 : 0.3, pHolm: mean === null ? null : significant ? 0.008 : 1, significant };
  };
  const hostile = '<i>"greedy" & \'quick\'</i>';
  return {
    schemaVersion: 7,
    scenario: hostileName,
    policies: ['fifo', hostile],
    seeds: [1, 2, 3],
    baseline: 'fifo',
    confidence: 0.95,
    alpha: 0.05,
    metrics,
    chipKinds: { 'a100<x>': 'gpu', xeon: 'cpu' },
    summaries: [
      {
        policy: 'fifo',
        metrics: base,
        differences: null,
        sloByCircle: { "c'ity": interval(0.95, 0.02), national: interval(1, 0) },
        jctQuantiles: quantiles(1),
        timeseries: { t, utilizationByChip: { 'a100<x>': ramp(0.8), xeon: ramp(0.3) }, utilizationBySite: { 'edge & co': ramp(0.6) }, queueLength: t.map(() => 0) },
      },
      {
        policy: hostile,
        metrics: other,
        differences: Object.fromEntries(metrics.map((m) => [m.key, difference(m.key, m.key === 'jctP95' || m.key === 'cost')])),
        sloByCircle: { "c'ity": interval(0.99, 0.01), national: interval(1, 0) },
        jctQuantiles: quantiles(1.4),
        timeseries: { t, utilizationByChip: { 'a100<x>': ramp(0.9), xeon: ramp(0.5) }, utilizationBySite: { 'edge & co': ramp(0.7) }, queueLength: t.map(() => 0) },
      },
    ],
    best: { jctP95: ['fifo'], waitP99: [hostile], circleMet: [hostile], deadlineMet: [], cost: [hostile], costPerJob: [hostile], energyKWh: ['fifo', hostile], utilization: [hostile] },
    paretoFront: ['fifo', hostile],
    runs: [],
  };
}
