import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../../src/index.js';
import { bounds, MAX_CV, MAX_PRICE, MAX_TIME_S, MIN_HORIZON_S, outOfBound } from '../../src/scenario/field-bounds.js';
import { problemsOf } from '../helpers/problems.js';
import { expectResultsHoldInvariants } from '../helpers/results-invariants.js';

const dir = mkdtempSync(join(tmpdir(), 'manychip-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small scenario: two regions 1,000 km apart, a CPU pool in each, Poisson arrivals with input data. */
function scenario(overrides: { top?: string; network?: string; work?: string; sites?: string } = {}): string {
  return `name: bounded
horizon: 200
${overrides.top ?? ''}
chips: { cpu: { kind: cpu } }
regions: [{ name: east, lat: 31.2, lon: 121.5 }, { name: west, lat: 30.6, lon: 104.1 }]
sites: ${overrides.sites ?? '[{ name: e, region: east, pools: [{ chip: cpu, nodes: 4, pricePerChipHour: 1 }] }, { name: w, region: west, pools: [{ chip: cpu, nodes: 4 }] }]'}
network: ${overrides.network ?? '{}'}
classes:
  c: { speed: { cpu: 1 }, inputGB: 2, work: ${overrides.work ?? '{ dist: exponential, mean: 5 }'} }
workload:
  - { class: c, origin: { east: 1, west: 1 }, arrivals: { process: poisson, rate: 0.5 } }
policy: cost-latency
`;
}

const problems = (text: string): string[] => problemsOf(() => parseScenario(text, 'test.yaml', dir));

describe('numeric bounds', () => {
  it('refuses a horizon too short to sample, and runs one at the shortest allowed', () => {
    expect(problems(scenario().replace('horizon: 200', 'horizon: 5e-324'))).toEqual([`test.yaml:2:10 horizon: must be at least ${MIN_HORIZON_S}; got 5e-324`]);
    const r = runScenario(parseScenario(scenario().replace('horizon: 200', `horizon: ${MIN_HORIZON_S}`), 'test.yaml', dir));
    expectResultsHoldInvariants(r);
    expect(r.timeseries.t.length).toBeGreaterThan(0);
  });

  it('refuses an RTT overhead of 1e308, and keeps the RTT statistics finite at the largest allowed', () => {
    expect(problems(scenario({ network: '{ overheadMs: 1e308 }' }))).toEqual([`test.yaml:7:24 network.overheadMs: must be at most ${bounds.rttMs.max}; got 1e+308`]);
    const r = runScenario(parseScenario(scenario({ network: `{ overheadMs: ${bounds.rttMs.max} }` }), 'test.yaml', dir));
    expectResultsHoldInvariants(r);
    expect(r.rttMs.count).toBeGreaterThan(0);
    expect(r.rttMs.mean).toBeGreaterThanOrEqual(bounds.rttMs.max);
  });

  it('refuses a data fee of 1e308, and keeps the cost finite at the largest allowed', () => {
    expect(problems(scenario({ network: '{ dataFeePerGB: 1e308 }' }))).toEqual([`test.yaml:7:26 network.dataFeePerGB: must be at most ${MAX_PRICE}; got 1e+308`]);
    const r = runScenario(parseScenario(scenario({ network: `{ dataFeePerGB: ${MAX_PRICE} }` }), 'test.yaml', dir));
    expectResultsHoldInvariants(r);
    // Half the jobs come from the other region: some input crossed regions and paid the fee.
    expect(r.cost.total).toBeGreaterThanOrEqual(2 * MAX_PRICE);
  });

  it('refuses a lognormal coefficient of variation of 1e308, and samples finite work at the largest allowed', () => {
    expect(problems(scenario({ work: '{ dist: lognormal, mean: 5, cv: 1e308 }' }))).toEqual([`test.yaml:9:77 classes.c.work.cv: must be at most ${MAX_CV}; got 1e+308`]);
    const r = runScenario(parseScenario(scenario({ work: `{ dist: lognormal, mean: 5, cv: ${MAX_CV} }` }).replace('horizon: 200', 'horizon: 200\ndrain: true'), 'test.yaml', dir));
    expectResultsHoldInvariants(r);
    expect(r.jobs.completed).toBe(r.jobs.arrived);
  });

  it('refuses failure, MMPP and price times far below any real one (a node failing every 3.6 µs)', () => {
    const sites = `[{ name: e, region: east, pools: [{ chip: cpu, nodes: 2, failures: { mtbfHours: 1e-9, repairHours: 1 }, priceSchedule: { periodS: 1e-9, steps: [{ atS: 0, price: 1 }] } }] }]`;
    const text = scenario({ sites }).replace('{ process: poisson, rate: 0.5 }', '{ process: mmpp, states: [{ rate: 1, meanS: 1e-300 }, { rate: 0, meanS: 1 }] }');
    expect(problems(text)).toEqual([
      `test.yaml:6:88 sites[0].pools[0].failures.mtbfHours: must be at least ${bounds.hours.min}; got 1e-9`,
      `test.yaml:6:138 sites[0].pools[0].priceSchedule.periodS: must be at least ${bounds.periodS.min}; got 1e-9`,
      `test.yaml:11:101 workload[0].arrivals.states[0].meanS: must be at least ${bounds.stayS.min}; got 1e-300`,
    ]);
  });

  it('refuses a seed past the safe integers, where it would have read as the default seed 1', () => {
    // The seed's own bound is the safe range zod checks on every integer: the two issues must not cancel out.
    expect(problems(scenario({ top: 'seed: 1e300' }))).toEqual([`test.yaml:3:7 seed: must be at most ${Number.MAX_SAFE_INTEGER}; got 1e+300`]);
    expect(problems(scenario({ top: 'seed: 9007199254740993' }))).toEqual([`test.yaml:3:7 seed: must be at most ${Number.MAX_SAFE_INTEGER}; got 9007199254740992`]);
    expect(parseScenario(scenario({ top: `seed: ${Number.MAX_SAFE_INTEGER}` }), 'test.yaml', dir).seed).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a warm-up of 1e308 seconds', () => {
    expect(problems(scenario({ top: 'warmupS: 1e308' }))).toEqual([`test.yaml:3:10 warmupS: must be at most ${MAX_TIME_S}; got 1e+308`]);
  });

  it('bounds chips per node the same in the scenario file and in a CSV node list', () => {
    writeFileSync(join(dir, 'huge-nodes.csv'), 'site,region,chip,count,chipsPerNode\nhub,east,cpu,2,1e50\nhub,east,cpu,1,4\n');
    const inFile = problems(scenario({ sites: '[{ name: e, region: east, pools: [{ chip: cpu, nodes: 4, chipsPerNode: 1e50 }] }, { name: w, region: west, pools: [{ chip: cpu, nodes: 4 }] }]' }));
    const inCsv = problems(scenario({ sites: '[{ from: { format: csv, file: huge-nodes.csv } }]' }));
    const why = outOfBound(1e50, bounds.chipsPerNode);
    expect(why).toBe(`must be at most ${bounds.chipsPerNode.max}; got 1e+50`);
    expect(inFile).toEqual([`test.yaml:6:79 sites[0].pools[0].chipsPerNode: ${why}`]);
    expect(inCsv).toEqual([`${relative(process.cwd(), join(dir, 'huge-nodes.csv'))}:2:16 column chipsPerNode: ${why}`]);
  });

  it('bounds the cores and GPUs of an Alibaba node list as a pool’s', () => {
    writeFileSync(join(dir, 'huge-alibaba.csv'), 'sn,cpu_milli,memory_mib,gpu,model\nn0,96000,393216,100000,G2\nn1,999999999999,393216,8,G2\n');
    const found = problems(scenario({ sites: '[{ from: { format: alibaba-nodes, file: huge-alibaba.csv, region: east } }]' }).replace('chips: { cpu: { kind: cpu } }', 'chips: { cpu: { kind: cpu }, G2: { kind: gpu } }'));
    const file = relative(process.cwd(), join(dir, 'huge-alibaba.csv'));
    expect(found).toEqual([
      `${file}:2:17 column gpu: must be at most ${bounds.gpusPerNode.max}; got 100000`,
      `${file}:3:4 column cpu_milli: must be at most ${bounds.cores.max * 1000}; got 999999999999`,
    ]);
  });
});
