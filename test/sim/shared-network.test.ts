import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summarize.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';
import { problemsOf } from '../helpers/problems.js';

const expectProblems = (load: () => unknown, patterns: RegExp[]): void => {
  const lines = problemsOf(load);
  for (const p of patterns) expect(lines.some((l) => p.test(l)), `${p} in\n${lines.join('\n')}`).toBe(true);
};

/** n jobs from east, computing 100 s each in the west; one 8 Gb/s (1 GB/s) link with 50 ms one way. */
function scenario(n: number, opts: { hold?: boolean; outputGB?: number; links?: string } = {}): string {
  const jobs = Array.from({ length: n }, () => '{ class: train, origin: east, arrival: 0, work: 100 }').join(', ');
  return `
name: shared
chips: { H100: { kind: gpu } }
regions: [{ name: east }, { name: west }]
sites:
  - { name: wh, region: west, pools: [{ chip: H100, nodes: 10, chipsPerNode: 1, pricePerChipHour: 3.6 }] }
network:
  links: ${opts.links ?? '[{ name: backbone, a: east, b: west, gbps: 8, latencyMs: 50 }]'}
classes:
  train: { speed: { H100: 1 }, work: { dist: constant, value: 100 }, inputGB: 10, outputGB: ${opts.outputGB ?? 2}, holdDuringOutput: ${opts.hold === true} }
jobs: [${jobs}]
policy: fifo
`;
}

const run = (text: string, keepJobs = true) => {
  const sim = new Simulation(parseScenario(text, 'shared.yaml', '.'), { keepJobs, quantiles: 'exact' });
  return { sim, results: summarize(sim.run()) };
};

describe('a shared network', () => {
  it('moves a lone job’s input after the one-way latency at the link’s bandwidth, and its output back the same way', () => {
    const { results } = run(scenario(1));
    // 0.05 + 10 GB / 1 GB/s, then 100 s of compute, then 0.05 + 2 GB / 1 GB/s.
    expect(results.jct.mean).toBeCloseTo(0.05 + 10 + 100 + 0.05 + 2, 9);
    expect(results.network?.transferShareOfJct).toBeCloseTo(12.1 / 112.1, 9);
    expect(results.network?.links[0]?.gbMoved).toBeCloseTo(12, 9);
  });

  it('plans a started job’s end from its input transfer as it is before the job’s own flow joins (not counting itself as a competitor)', () => {
    // 0.05 s of latency, 10 GB at 1 GB/s with the link to itself, 100 s of compute.
    const sim = new Simulation(parseScenario(scenario(1), 'shared.yaml', '.'), { keepJobs: true });
    let planned = NaN;
    sim.hooks.on('job:start', (job) => (planned = sim.jobs.estEnd[job] as number));
    sim.run();
    expect(planned).toBeCloseTo(0.05 + 10 + 100, 9);
  });

  it('gives n jobs starting together a 1/n share each, so each transfer takes n times as long', () => {
    for (const n of [2, 5]) {
      const { results } = run(scenario(n));
      expect(results.jct.mean).toBeCloseTo(0.05 + 10 * n + 100 + 0.05 + 2 * n, 9);
      expect(results.jct.max).toBeCloseTo(results.jct.mean as number, 9);
      expect(results.network?.transfers.input.timeS.mean as number).toBeCloseTo(0.05 + 10 * n, 9);
      expect(results.network?.transfers.input.timeS.max as number).toBeCloseTo(0.05 + 10 * n, 9);
    }
  });

  it('bills the chips through the input transfer and compute, and through the output only when the class holds them', () => {
    // 1 chip at 3.6 per hour = 0.001 per second.
    const free = run(scenario(1)).results;
    const held = run(scenario(1, { hold: true })).results;
    expect(free.cost.total).toBeCloseTo((0.05 + 10 + 100) * 0.001, 9);
    expect(held.cost.total).toBeCloseTo((0.05 + 10 + 100 + 0.05 + 2) * 0.001, 9);
  });

  it('takes the RTT of a routed pair from its route: twice the one-way latencies plus the overhead', () => {
    const { sim } = run(scenario(1, { links: '[{ name: a, a: east, b: hub, gbps: 8, latencyMs: 10 }, { name: b, a: hub, b: wh, gbps: 8, latencyMs: 15 }]' }).replace("regions: [{ name: east }, { name: west }]", 'regions: [{ name: east }, { name: west }, { name: hub }]'));
    expect(sim.model.rttMs[0 * sim.model.sites.length + 0]).toBeCloseTo(2 * 25 + 0.2, 9);
  });

  it('gives the same results whether the run keeps its jobs or recycles their slots', () => {
    const kept = run(scenario(7, { hold: false }), true).results;
    const recycled = run(scenario(7, { hold: false }), false).results;
    expect({ ...recycled, perf: null }).toEqual({ ...kept, perf: null });
  });

  it('refuses a link to an unknown end, a broken route and a pair with data but no route, each located', () => {
    expectProblems(() => parseScenario(scenario(1, { links: '[{ name: backbone, a: east, b: mars, gbps: 8 }]' }), 'shared.yaml', '.'), [
      /shared\.yaml:\d+:\d+ .*network\.links\[0\]\.b.*unknown region or site "mars"/,
    ]);
    expect(() => parseScenario(scenario(1, { links: '[{ name: backbone, a: east, b: west, gbps: 0 }]' }), 'shared.yaml', '.')).toThrow(/gbps/);
    const broken = scenario(1, { links: '[{ name: backbone, a: east, b: west, gbps: 8 }, { name: spur, a: west, b: hub, gbps: 8 }]' })
      .replace("regions: [{ name: east }, { name: west }]", 'regions: [{ name: east }, { name: west }, { name: hub }]')
      .replace('network:\n', 'network:\n  routes: { east: { wh: [spur] } }\n');
    expectProblems(() => parseScenario(broken, 'shared.yaml', '.'), [/network\.routes\.east\.wh.*does not connect "east" to "wh"/]);
    const cut = scenario(1, { links: '[{ name: spur, a: west, b: hub, gbps: 8 }]' }).replace("regions: [{ name: east }, { name: west }]", 'regions: [{ name: east, lat: 31, lon: 121 }, { name: west, lat: 30, lon: 104 }, { name: hub }]');
    expectProblems(() => parseScenario(cut, 'shared.yaml', '.'), [/no route from region "east" to site "wh"/]);
  });

  it('places by the transfers the current sharing gives: data-gravity counts the way back, mct does not', () => {
    // Origin east has a local site whose chips take 100 s a job; the western hub's take 25 s, over one 1 GB/s
    // backbone with 10 ms one way (metro links of no latency and ample bandwidth at each end). Ten jobs arrive
    // together, each with 10 GB in and 5 GB out. Job i (from 1) placed west expects its input at the share
    // left with i − 1 transfers about to compete: 0.01 + 10·i s; its output, under the same sharing (a link
    // carries both ways), 0.01 + 5·i s. data-gravity: 0.01 + 10·i + 25 + 0.01 + 5·i < 100 for i ≤ 4;
    // mct, which does not count the way back: 0.01 + 10·i + 25 < 100 for i ≤ 7.
    const text = (policy: string): string => `
name: gravity
chips: { fast: { kind: gpu }, slow: { kind: gpu } }
regions: [{ name: east }, { name: west }]
sites:
  - { name: local, region: east, pools: [{ name: near, chip: slow, nodes: 10, chipsPerNode: 1 }] }
  - { name: wh, region: west, pools: [{ name: far, chip: fast, nodes: 10, chipsPerNode: 1 }] }
network:
  links:
    - { name: backbone, a: east, b: west, gbps: 8, latencyMs: 10 }
    - { name: metro-east, a: east, b: local, gbps: 8000, latencyMs: 0 }
    - { name: metro-west, a: west, b: wh, gbps: 8000, latencyMs: 0 }
classes:
  train: { speed: { fast: 4, slow: 1 }, work: { dist: constant, value: 100 }, inputGB: 10, outputGB: 5 }
jobs: [${Array.from({ length: 10 }, () => '{ class: train, origin: east, arrival: 0, work: 100 }').join(', ')}]
policy: ${policy}
`;
    const placed = (policy: string): string[] => {
      const sim = new Simulation(parseScenario(text(policy), 'gravity.yaml', '.'), { keepJobs: true });
      const r = sim.run();
      return Array.from({ length: 10 }, (_, i) => sim.model.pools[r.jobs.pool[i] as number]?.name as string);
    };
    expect(placed('data-gravity')).toEqual([...Array<string>(4).fill('far'), ...Array<string>(6).fill('near')]);
    expect(placed('mct')).toEqual([...Array<string>(7).fill('far'), ...Array<string>(3).fill('near')]);
  });
});
