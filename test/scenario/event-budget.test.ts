import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/index.js';
import { MAX_EVENTS } from '../../src/scenario/event-budget.js';
import { problemsOf } from '../helpers/problems.js';

const head = `name: events
chips: { a: { kind: cpu } }
regions: [{ name: r }]
classes: { c: { speed: { a: 1 }, work: { dist: exponential, mean: 1 } } }
`;
const pool = '{ name: s, region: r, pools: [{ chip: a, nodes: 10 }] }';
const poisson = '{ class: c, origin: r, arrivals: { process: poisson, rate: 1 } }';

const problems = (text: string): string[] => problemsOf(() => parseScenario(text, 'test.yaml'));

function scenario(parts: { horizon?: string; sites?: string; workload?: string }): string {
  return `${head}${parts.horizon ?? 'horizon: 86400'}\nsites: [${parts.sites ?? pool}]\nworkload: [${parts.workload ?? poisson}]\n`;
}

const budget = MAX_EVENTS.toLocaleString('en-US');

describe('event budget', () => {
  it('refuses an MMPP whose every state has rate 0, even with a short horizon', () => {
    const text = scenario({ horizon: 'horizon: 50', workload: '{ class: c, origin: r, arrivals: { process: mmpp, states: [{ rate: 0, meanS: 1 }, { rate: 0, meanS: 1 }] } }' });
    expect(problems(text)).toEqual([
      'test.yaml:7:70 workload[0].arrivals.states: every state has rate 0, so this MMPP never brings a job (and would switch states forever): give a state a rate above 0',
    ]);
  });

  it('refuses an MMPP that switches state every millisecond for 100 days, naming the events it implies', () => {
    const text = scenario({
      horizon: 'horizon: 8640000',
      workload: '{ class: c, origin: r, arrivals: { process: mmpp, states: [{ rate: 0, meanS: 0.001 }, { rate: 0.002, meanS: 0.001 }] } }',
    });
    // 8,640,000 s of switches every 1 ms on average, and 0.001 arrivals a second.
    const implied = Math.round(8640000 / 0.001 + 0.001 * 8640000).toLocaleString('en-US');
    expect(problems(text)).toEqual([
      `test.yaml:7:45 workload[0].arrivals: this MMPP (state switches and arrivals): about ${implied} events before the horizon; at most ${budget} are simulated (a mean time or period is probably in the wrong unit)`,
    ]);
  });

  it('counts an elastic pool’s rule evaluated on an interval: the autoscaler every millisecond for a year is refused', () => {
    const elastic = '{ name: s, region: r, pools: [{ chip: a, nodes: 1, elastic: { maxNodes: 4, bootS: { dist: constant, value: 5 }, rule: target-utilisation, targetUtilisation: { intervalS: 0.001 } } }] }';
    const text = scenario({ horizon: 'horizon: 31536000', sites: elastic });
    const ticks = Math.round(31536000 / 0.001).toLocaleString('en-US');
    const [problem] = problems(text);
    expect(problem).toMatch(new RegExp(`sites\\[0\\]\\.pools\\[0\\]\\.elastic\\.rule: the target-utilisation rule of pool s/a \\(evaluated every 0\\.001 s\\): about ${ticks} events before the horizon`));
  });

  it('refuses 100,000 nodes that fail every second, counting a failure and a repair per node and cycle', () => {
    const text = scenario({ sites: '{ name: s, region: r, pools: [{ chip: a, nodes: 100000, failures: { mtbfHours: 0.0003, repairHours: 0.0003 } }] }' });
    const cycleS = 0.0006 * 3600;
    const failures = Math.round((2 * 100000 * 86400) / cycleS).toLocaleString('en-US');
    expect(problems(text)).toEqual([
      `test.yaml:6:75 sites[0].pools[0].failures: the failures of pool s/a (100,000 nodes): about ${failures} events before the horizon; at most ${budget} are simulated (a mean time or period is probably in the wrong unit)`,
    ]);
  });

  it('refuses a price schedule of ten steps a second over a long horizon', () => {
    const steps = Array.from({ length: 10 }, (_, i) => `{ atS: ${i / 10}, price: ${i} }`).join(', ');
    const text = scenario({ horizon: 'horizon: 1e9', sites: `{ name: s, region: r, pools: [{ chip: a, nodes: 1, priceSchedule: { periodS: 1, steps: [${steps}] } }] }`, workload: `${poisson.replace(' }', ', count: 10 }')}` });
    expect(problems(text)[0]).toMatch(/sites\[0\]\.pools\[0\]\.priceSchedule: the price schedule of pool s\/a \(10 steps a period\): about 10,000,000,000 events before the horizon/);
  });

  it('without a horizon, counts up to the last expected arrival', () => {
    const mmpp = '{ class: c, origin: r, count: 10000, arrivals: { process: mmpp, states: [{ rate: 0.001, meanS: 0.001 }, { rate: 0.001, meanS: 0.001 }] } }';
    // 10,000 arrivals at 0.001 a second take about 1e7 s: 1e10 switches.
    expect(problems(scenario({ horizon: '', workload: mmpp }))[0]).toContain('(state switches and arrivals): about 10,000,010,000 events before the last expected arrival');
  });

  it('accepts failures and bursts at realistic rates', () => {
    const text = scenario({
      sites: '{ name: s, region: r, pools: [{ chip: a, nodes: 1000, failures: { mtbfHours: 1000, repairHours: 4 } }] }',
      workload: '{ class: c, origin: r, arrivals: { process: mmpp, states: [{ rate: 1, meanS: 60 }, { rate: 20, meanS: 5 }] } }',
    });
    expect(parseScenario(text, 'test.yaml').horizon).toBe(86400);
  });
});

describe('restarts without end', () => {
  const failing = (mtbfHours: number): string => `{ name: s, region: r, pools: [{ chip: a, nodes: 10, failures: { mtbfHours: ${mtbfHours}, repairHours: 0.001 } }] }`;
  const oneJob = `${head.replace('mean: 1 }', 'mean: 100 }')}sites: [SITES]\njobs: [{ class: c, origin: r, arrival: 0, work: 100 }]\n`;

  it('refuses, without a horizon, nodes that fail so often that a job of mean size would start over forever', () => {
    // 100 s of work against a failure every 3.6 s: e^(100 / 3.6) − 1 restarts.
    expect(problems(oneJob.replace('SITES', failing(0.001)))).toEqual([
      `test.yaml:5:71 sites[0].pools[0].failures: a job of class "c" of mean size (100 s in pool s/a, its most reliable) would start over about ${Math.expm1(100 / 3.6).toExponential(1)} times before it finished, since a failure restarts it; without a horizon (or with drain) the run would not end`,
    ]);
  });

  it('accepts the same nodes with a horizon and no drain, where the run ends at the horizon', () => {
    const text = oneJob.replace('SITES', failing(0.001)).replace('jobs:', 'horizon: 10\njobs:');
    expect(parseScenario(text, 'test.yaml').horizon).toBe(10);
  });

  it('accepts failures rare against the work, and a reliable pool beside a failing one', () => {
    expect(parseScenario(oneJob.replace('SITES', failing(1)), 'test.yaml').jobs).toHaveLength(1);
    const both = oneJob.replace('SITES', `${failing(0.001)}, { name: t, region: r, pools: [{ chip: a, nodes: 1 }] }`);
    expect(parseScenario(both, 'test.yaml').sites).toHaveLength(2);
  });
});
