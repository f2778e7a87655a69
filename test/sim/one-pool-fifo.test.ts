import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summarize.js';
import { jobsCsvHeader, JobsCsvRows } from '../../src/report/jobs-csv.js';
import { loadScenarioFile, parseScenario } from '../../src/scenario/parse-scenario.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { ScheduleTraceRecorder } from '../../src/sim/schedule-trace.js';
import { Simulation, type SimulationOptions } from '../../src/sim/simulation.js';
import '../helpers/property-seed.js';

const root = join(import.meta.dirname, '..', '..');

/** A run's results (without `perf`) and its per-job CSV, streamed as jobs end; and which path it took. */
function outcome(scenario: Scenario, options: SimulationOptions): { path: string; results: string; csv: string } {
  const sim = new Simulation(scenario, { keepJobs: false, ...options });
  const rows = new JobsCsvRows(sim.model);
  let csv = jobsCsvHeader();
  sim.streamJobs((jobs, job) => (csv += rows.row(jobs, job)));
  const run = sim.run();
  return { path: sim.path, results: JSON.stringify({ ...summarize(run), perf: null }), csv };
}

/**
 * Random scenarios the one-pool fifo path admits, with what it must get
 * exactly as the general path does: shares of a chip, several chips, gangs
 * across nodes, cores and memory per node, jobs rejected at arrival (too
 * large, no capable chip, outside their circle), input data from a far
 * origin, several classes and origins, a horizon with and without drain,
 * a warm-up, deadlines, and arrivals of several processes.
 */
const leanArb = fc.record({
  nodes: fc.integer({ min: 1, max: 8 }),
  chipsPerNode: fc.integer({ min: 1, max: 4 }),
  cpuCores: fc.constantFrom(0, 8),
  memGiB: fc.constantFrom(0, 32),
  price: fc.constantFrom(0.5, 1, 3),
  chips: fc.constantFrom(0.25, 0.5, 1, 2, 3, 9),
  jobCores: fc.constantFrom(0, 2, 12),
  jobMem: fc.constantFrom(0, 4),
  inputGB: fc.constantFrom(0, 2),
  classes: fc.array(
    fc.record({
      chip: fc.constantFrom('a', 'b'),
      speed: fc.constantFrom(0.5, 1, 2),
      circle: fc.constantFrom(undefined, 'city', 'national'),
      deadline: fc.constantFrom(undefined, 5),
      work: fc.constantFrom('{ dist: exponential, mean: 2 }', '{ dist: constant, value: 1.5 }', '{ dist: uniform, min: 0.5, max: 4 }', '{ dist: lognormal, mean: 2, cv: 1.5 }'),
      origin: fc.constantFrom('r1', 'r2'),
      arrivals: fc.constantFrom(
        '{ process: poisson, rate: 2 }',
        '{ process: poisson, rate: 6 }',
        '{ process: mmpp, states: [{ rate: 8, meanS: 5 }, { rate: 0.5, meanS: 10 }] }',
      ),
      count: fc.integer({ min: 5, max: 200 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  horizon: fc.constantFrom(undefined, 20, 60),
  drain: fc.boolean(),
  warmupS: fc.constantFrom(0, 5),
  sampleIntervalS: fc.constantFrom(undefined, 2),
  seed: fc.integer({ min: 1, max: 1000 }),
});
type Lean = typeof leanArb extends fc.Arbitrary<infer T> ? T : never;

function leanYaml(g: Lean): string {
  const classes = g.classes.map((c, i) => {
    const slo = c.circle === undefined && c.deadline === undefined ? '' : `, slo: { ${[c.circle === undefined ? '' : `circle: ${c.circle}`, c.deadline === undefined ? '' : `deadline: ${c.deadline}`].filter((x) => x !== '').join(', ')} }`;
    return `  k${i}: { speed: { ${c.chip}: ${c.speed} }, chips: ${g.chips}, cpuCores: ${g.jobCores}, memGiB: ${g.jobMem}, inputGB: ${g.inputGB}, work: ${c.work}${slo} }`;
  });
  const workload = g.classes.map((c, i) => `  - { class: k${i}, origin: ${c.origin}, arrivals: ${c.arrivals}, count: ${c.count} }`);
  return `name: lean
seed: ${g.seed}
${g.horizon === undefined ? '' : `horizon: ${g.horizon}\ndrain: ${g.drain}\n`}warmupS: ${g.warmupS}
${g.sampleIntervalS === undefined ? '' : `metrics: { sampleIntervalS: ${g.sampleIntervalS} }\n`}chips: { a: { kind: cpu }, b: { kind: gpu } }
regions: [{ name: r1, lat: 30.0, lon: 120.0 }, { name: r2, lat: 36.0, lon: 112.0 }]
sites:
  - { name: s, region: r1, lat: 30.0, lon: 120.0, dataFeePerGB: 0.3, pools: [{ chip: a, nodes: ${g.nodes}, chipsPerNode: ${g.chipsPerNode}, cpuCores: ${g.cpuCores}, memGiB: ${g.memGiB}, pricePerChipHour: ${g.price} }] }
classes:
${classes.join('\n')}
workload:
${workload.join('\n')}
policy: fifo
`;
}

describe('the one-pool fifo path', () => {
  it('gives the general path’s results and per-job rows, byte for byte, in both quantile modes', () => {
    fc.assert(
      fc.property(leanArb, fc.constantFrom('sketch' as const, 'exact' as const), (g, quantiles) => {
        const scenario = parseScenario(leanYaml(g), 'lean.yaml');
        const lean = outcome(scenario, { quantiles });
        const general = outcome(scenario, { quantiles, generalPath: true });
        expect(lean.path).toBe('one-pool fifo');
        expect(general.path).toBe('general');
        expect(lean.results).toBe(general.results);
        expect(lean.csv).toBe(general.csv);
      }),
      { numRuns: 150 },
    );
  });

  it('runs the bundled M/M/16 scenario, with the same results as the general path', () => {
    const scenario = loadScenarioFile(join(root, 'scenarios', 'mmc.yaml'));
    const lean = outcome(scenario, {});
    const general = outcome(scenario, { generalPath: true });
    expect(lean.path).toBe('one-pool fifo');
    expect(lean.results).toBe(general.results);
    expect(lean.csv).toBe(general.csv);
  });

  const mmc = `name: m
seed: 3
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites:
  - { name: s, region: r, pools: [{ chip: a, nodes: 2, chipsPerNode: 1 }] }
classes:
  k: { speed: { a: 1 }, work: { dist: exponential, mean: 1 } }
workload:
  - { class: k, origin: r, arrivals: { process: poisson, rate: 1.5 }, count: 50 }
policy: fifo
`;
  const pathOf = (yaml: string, options: SimulationOptions = {}, attach?: (sim: Simulation) => void): string => {
    const sim = new Simulation(parseScenario(yaml, 'm.yaml'), { keepJobs: false, ...options });
    attach?.(sim);
    sim.run();
    return sim.path;
  };

  it('is taken only where nothing needs the general machinery', () => {
    expect(pathOf(mmc)).toBe('one-pool fifo');
    // Each of these needs what the path leaves out.
    expect(pathOf(mmc, { policy: 'easy-backfill' })).toBe('general');
    expect(pathOf(mmc, { generalPath: true })).toBe('general');
    expect(pathOf(mmc, { explain: { ids: ['3'], sample: 0 } })).toBe('general');
    expect(pathOf(mmc, {}, (sim) => new ScheduleTraceRecorder().attach(sim))).toBe('general');
    expect(pathOf(mmc.replace('chipsPerNode: 1 }', 'chipsPerNode: 1 }, { chip: a, nodes: 1 }'))).toBe('general');
    expect(pathOf(mmc.replace('chipsPerNode: 1 }', 'chipsPerNode: 1, failures: { mtbfHours: 1, repairHours: 1 } }'))).toBe('general');
    expect(pathOf(mmc.replace('work: {', 'budget: 5, work: {'))).toBe('general');
    expect(pathOf(mmc.replace("  k: { speed: { a: 1 }, work: { dist: exponential, mean: 1 } }", "  k: { speed: { a: 1 }, work: { dist: exponential, mean: 1 } }\n  two: { speed: { a: 1 }, chips: 0.5, work: { dist: constant, value: 1 } }"))).toBe('general');
    expect(pathOf(mmc.replace('workload:', 'jobs: [{ class: k, origin: r, arrival: 1, work: 2 }]\nworkload:'))).toBe('general');
  });
});
