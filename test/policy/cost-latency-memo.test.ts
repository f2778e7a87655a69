import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summarize.js';
import { costLatency } from '../../src/policy/cost-latency.js';
import type { IdList, JobId, PoolId } from '../../src/policy/ids.js';
import { Simulation } from '../../src/sim/simulation.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/**
 * cost-latency remembers its choice per (class, origin) while the set of
 * pools with room for the class is unchanged. These runs compare it with
 * the same policy forbidden to remember: every decision, hence every
 * result, must be the same.
 */
const poolArb = fc.record({
  site: fc.constantFrom('east', 'mid', 'west'),
  chip: fc.constantFrom('g', 'n', 'c'),
  nodes: fc.integer({ min: 1, max: 6 }),
  chipsPerNode: fc.constantFrom(1, 2, 4, 8),
  price: fc.constantFrom(0.5, 1, 2.5),
  cores: fc.constantFrom(0, 64),
  failing: fc.boolean(),
});
const classArb = fc.record({
  chips: fc.constantFrom(0.25, 0.5, 1, 2, 8),
  speed: fc.dictionary(fc.constantFrom('g', 'n', 'c'), fc.constantFrom(0.5, 1, 3), { minKeys: 1 }),
  cores: fc.constantFrom(0, 0, 8),
  deadline: fc.constantFrom(undefined, undefined, 30),
  rate: fc.constantFrom(0.5, 2, 6),
  inputGB: fc.constantFrom(0, 0, 1),
});
const scenarioArb = fc.record({ pools: fc.array(poolArb, { minLength: 1, maxLength: 6 }), classes: fc.array(classArb, { minLength: 1, maxLength: 3 }), seed: fc.nat(1000) });

function toYaml(g: typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never): string {
  const site = (name: string, lon: number): string => {
    const pools = g.pools
      .filter((p) => p.site === name)
      .map(
        (p) =>
          `{ chip: ${p.chip}, nodes: ${p.nodes}, chipsPerNode: ${p.chipsPerNode}, cpuCores: ${p.cores}, pricePerChipHour: ${p.price}${p.failing ? ', failures: { mtbfHours: 0.01, repairHours: 0.002 }' : ''} }`,
      );
    return pools.length === 0 ? '' : `  - { name: ${name}, lat: 30, lon: ${lon}, pools: [${pools.join(', ')}] }`;
  };
  const classes = g.classes.map((c, i) => {
    const slo = c.deadline === undefined ? '' : `, slo: { deadline: ${c.deadline} }`;
    return `  k${i}: { speed: ${JSON.stringify(c.speed)}, chips: ${c.chips}, cpuCores: ${c.cores}, inputGB: ${c.inputGB}, work: { dist: exponential, mean: 4 }${slo} }`;
  });
  const workload = g.classes.map((c, i) => `  - { class: k${i}, origin: { o1: 2, o2: 1 }, arrivals: { process: poisson, rate: ${c.rate} }, count: 150 }`);
  return `name: memo
seed: ${g.seed}
chips: { g: { kind: gpu }, n: { kind: npu }, c: { kind: cpu } }
regions: [{ name: o1, lat: 30, lon: 110 }, { name: o2, lat: 30, lon: 120 }]
sites:
${[site('east', 121), site('mid', 112), site('west', 100)].filter((s) => s !== '').join('\n')}
network: { bandwidthGbps: 10 }
classes:
${classes.join('\n')}
workload:
${workload.join('\n')}
policy: cost-latency
`;
}

function results(text: string, remember: boolean, fused = true): string {
  const record = new Simulation(scenarioFrom(text), { policy: costLatency({ remember, fused }) }).run();
  return JSON.stringify({ ...summarize(record), perf: null });
}

describe('cost-latency’s fused gather', () => {
  it('picks what the plain plugins pick, decision for decision, over random busy scenarios', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const text = toYaml(g);
        expect(results(text, false, true)).toBe(results(text, false, false));
      }),
      { numRuns: 150 },
    );
  });

  it('is the path taken for jobs shaped like their class at constant prices (the plugins are not called)', () => {
    const text = toYaml({
      pools: [
        { site: 'east', chip: 'g', nodes: 2, chipsPerNode: 8, price: 1, cores: 0, failing: false },
        { site: 'west', chip: 'g', nodes: 2, chipsPerNode: 8, price: 0.5, cores: 0, failing: false },
      ],
      classes: [{ chips: 1, speed: { g: 1 }, cores: 0, deadline: 30, rate: 2, inputGB: 1 }],
      seed: 1,
    });
    const costCalls = (fused: boolean): number => {
      const sim = new Simulation(scenarioFrom(text), { policy: costLatency({ remember: false, fused }) });
      let calls = 0;
      const cost = sim.context.expectedCost.bind(sim.context);
      sim.context.expectedCost = (job, pool) => {
        calls++;
        return cost(job, pool);
      };
      sim.run();
      return calls;
    };
    expect(costCalls(true)).toBe(0);
    expect(costCalls(false)).toBeGreaterThan(100);
  });
});

describe('cost-latency remembering its choices', () => {
  it('changes no decision over random busy scenarios with failures, shares, gangs, deadlines and input data', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const text = toYaml(g);
        expect(results(text, true)).toBe(results(text, false));
      }),
      { numRuns: 150 },
    );
  });

  it('remembers in a busy cluster: most decisions of fractional jobs reuse a choice', () => {
    const text = `name: busy
seed: 3
chips: { g: { kind: gpu } }
regions: [{ name: o, lat: 30, lon: 110 }]
sites:
  - { name: a, lat: 30, lon: 111, pools: [{ chip: g, nodes: 50, chipsPerNode: 8, pricePerChipHour: 1 }] }
  - { name: b, lat: 30, lon: 118, pools: [{ chip: g, nodes: 50, chipsPerNode: 8, pricePerChipHour: 0.5 }] }
classes:
  infer: { speed: { g: 1 }, chips: 0.25, work: { dist: exponential, mean: 1 } }
workload:
  - { class: infer, origin: o, arrivals: { process: poisson, rate: 1000 }, count: 20000 }
policy: cost-latency
`;
    let gathered = 0;
    const policy = costLatency();
    const counting = { ...policy, decide: policy.decide };
    const sim = new Simulation(scenarioFrom(text), { policy: counting });
    // Count decisions that had to score the pools: each reads the candidates once.
    const candidates = sim.context.candidates.bind(sim.context);
    sim.context.candidates = (job: JobId): IdList<PoolId> => {
      gathered++;
      return candidates(job);
    };
    const r = summarize(sim.run());
    expect(r.jobs.completed).toBe(20000);
    expect(gathered).toBeLessThan(20000 / 10);
    expect(JSON.stringify({ ...r, perf: null })).toBe(results(text, false));
  });
});
