import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summarize.js';
import { JobState } from '../../src/model/job-table.js';
import type { PoolId } from '../../src/policy/ids.js';
import { policyNames } from '../../src/policy/registry.js';
import { Simulation } from '../../src/sim/simulation.js';
import { expectResultsHoldInvariants } from '../helpers/results-invariants.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/** Random elastic pools: every rule, boot distributions, timeouts, cooldowns, limits on boots, reserved floors, failures. */
const elasticArb = fc
  .record({
    max: fc.integer({ min: 1, max: 5 }),
    min: fc.nat({ max: 5 }),
    start: fc.nat({ max: 5 }),
    reserved: fc.nat({ max: 5 }),
    boot: fc.constantFrom('{ dist: constant, value: 3 }', '{ dist: exponential, mean: 4 }', '{ dist: uniform, min: 0, max: 6 }', '{ dist: constant, value: 0 }'),
    shutdownS: fc.constantFrom(0, 2),
    idleTimeoutS: fc.constantFrom(0, 1, 5),
    cooldownS: fc.constantFrom(0, 4),
    inFlight: fc.constantFrom(undefined, 1, 2),
    rule: fc.constantFrom(
      'rule: demand',
      'rule: target-utilisation, targetUtilisation: { target: 0.6, intervalS: 3, stabilisationS: 6 }',
      'rule: queue-length, queueLength: { jobsPerStep: 2, intervalS: 0 }',
      'rule: queue-length, queueLength: { jobsPerStep: 1, nodesPerStep: 2, intervalS: 2 }',
      'rule: schedule, schedule: { periodS: 40, steps: [{ atS: 0, nodes: 1 }, { atS: 15, nodes: 4 }, { atS: 30, nodes: 0 }] }',
    ),
  })
  .map((e) => {
    const min = Math.min(e.min, e.max);
    return { ...e, min, start: Math.min(e.start, e.max), reserved: Math.min(e.reserved, min) };
  });

const poolArb = fc.record({
  chipsPerNode: fc.integer({ min: 1, max: 2 }),
  price: fc.constantFrom(1, 3.6),
  elastic: fc.option(elasticArb, { nil: undefined }),
  fails: fc.boolean(),
});

const scenarioArb = fc.record({
  pools: fc.array(poolArb, { minLength: 1, maxLength: 3 }),
  chips: fc.array(fc.constantFrom(0.5, 1, 2, 3), { minLength: 1, maxLength: 2 }),
  coldStartS: fc.constantFrom(0, 2),
  jobs: fc.array(fc.record({ cls: fc.nat(), arrival: fc.integer({ min: 0, max: 60 }), work: fc.integer({ min: 1, max: 30 }) }), { minLength: 1, maxLength: 30 }),
  policy: fc.constantFrom(...policyNames()),
  // A horizon always: a rule may leave a job waiting for ever (queue-length's steps never reach a gang's width).
  horizon: fc.constantFrom(50, 120),
});
type Generated = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function toYaml(g: Generated, failures: boolean): string {
  const pools = g.pools.map((p, i) => {
    const e = p.elastic;
    const fail = failures && p.fails ? ', failures: { mtbfHours: 0.005, repairHours: 0.002 }' : '';
    const elastic =
      e === undefined
        ? ''
        : `, elastic: { minNodes: ${e.min}, maxNodes: ${e.max}, bootS: ${e.boot}, shutdownS: ${e.shutdownS}, idleTimeoutS: ${e.idleTimeoutS}, cooldownS: ${e.cooldownS}${
            e.inFlight === undefined ? '' : `, maxBootsInFlight: ${e.inFlight}`
          }, reservedNodes: ${e.reserved}, reservedPricePerChipHour: 2, ${e.rule} }`;
    return `{ name: p${i}, chip: a, nodes: ${e === undefined ? 2 : e.start}, chipsPerNode: ${p.chipsPerNode}, pricePerChipHour: ${p.price}${fail}${elastic} }`;
  });
  const classes = g.chips.map((c, i) => `  k${i}: { speed: { a: 1 }, chips: ${c}, priority: ${i}, preemptible: true, coldStartS: ${g.coldStartS}, work: { dist: constant, value: 1 } }`);
  const jobs = g.jobs.map((j) => `  - { class: k${j.cls % g.chips.length}, origin: r, arrival: ${j.arrival}, work: ${j.work} }`);
  return `name: elastic-generated
seed: 5
horizon: ${g.horizon}
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites:
  - { name: s, region: r, pools: [${pools.join(', ')}] }
classes:
${classes.join('\n')}
jobs:
${jobs.join('\n')}
policy: ${g.policy}
`;
}

/**
 * Runs the scenario, watching every elastic pool at the end of every
 * instant (when its controller has acted): the counts by state, from which
 * the integral of nodes on is taken here, independently of the meter.
 */
function watchedRun(yaml: string): void {
  const scenario = scenarioFrom(yaml);
  const sim = new Simulation(scenario);
  const elastic = sim.model.pools.flatMap((p) => {
    const view = sim.context.elastic(p.index as PoolId);
    return view === undefined ? [] : [{ pool: p, view }];
  });
  // Nodes on after each instant, as (time, counts): integrated after the run, up to its end.
  const steps: { time: number; on: number[] }[] = [];
  const check = (time: number): void => {
    steps.push({ time, on: elastic.map(({ view }) => view.on) });
    elastic.forEach(({ pool, view }) => {
      const spec = pool.elastic;
      if (spec === undefined) return;
      expect(view.on, `${pool.name} at t=${time}: nodes on`).toBeLessThanOrEqual(spec.maxNodes);
      // The floor holds after every instant, unless failed nodes or the limit on boots in flight keep the pool from it.
      if (view.failed === 0 && view.booting < spec.bootsInFlight) expect(view.booting + view.idle + view.busy, `${pool.name} at t=${time}: nodes on or coming`).toBeGreaterThanOrEqual(spec.minNodes);
    });
  };
  // The counts the start of the run left (its first evaluation, at t=0) are those the first event finds.
  const handle = sim.handle.bind(sim);
  sim.handle = (kind: number, payload: number, time: number): void => {
    if (steps.length === 0) steps.push({ time: 0, on: elastic.map(({ view }) => view.on) });
    handle(kind, payload, time);
  };
  const endOfInstant = sim.endOfInstant.bind(sim);
  sim.endOfInstant = (time: number): void => {
    endOfInstant(time);
    check(time);
  };
  // Every start ends in a finish, an eviction by a failure, a preemption, or is still running at the end: scale-in loses none.
  const running = new Set<number>();
  sim.hooks.on('job:start', (job) => running.add(job));
  for (const end of ['job:finish', 'job:evict', 'job:preempt'] as const) sim.hooks.on(end, (job) => running.delete(job));
  const record = sim.run();
  const cut = new Set<number>();
  for (let j = 0; j < record.jobs.length; j++) if (record.jobs.state[j] === JobState.Unfinished && !Number.isNaN(record.jobs.start[j] as number)) cut.add(j);
  expect([...running].sort((a, b) => a - b)).toEqual([...cut].sort((a, b) => a - b));
  const results = summarize(record);
  expectResultsHoldInvariants(results);
  // Billed node-seconds are the integral of nodes on, and the bill follows from it.
  const end = record.endTime;
  elastic.forEach(({ pool }, k) => {
    const spec = pool.elastic;
    if (spec === undefined) return;
    let total = 0;
    let onDemand = 0;
    steps.forEach(({ time, on }, i) => {
      const dt = Math.max(0, Math.min(end, steps[i + 1]?.time ?? end) - time);
      total += (on[k] as number) * dt;
      onDemand += Math.max(0, (on[k] as number) - spec.reservedNodes) * pool.chipsPerNode * dt;
    });
    const r = results.elastic?.byPool[pool.name];
    expect(r?.nodeSecondsOn).toBeCloseTo(total, 6);
    const price = pool.price.priceAt(0) / 3600;
    const reserved = (spec.reservedNodes * pool.chipsPerNode * spec.reservedPricePerChipHour * end) / 3600;
    expect(r?.cost.total).toBeCloseTo(reserved + onDemand * price, 6);
  });
}

describe('elastic pools over random scenarios', () => {
  it('keep nodes on within maxNodes and the floor, bill the integral of nodes on, and conserve jobs (no failures)', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        watchedRun(toYaml(g, false));
      }),
      { numRuns: 150, seed: 16 },
    );
  });

  it('hold the same with nodes failing and being replaced', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        watchedRun(toYaml(g, true));
      }),
      { numRuns: 100, seed: 61 },
    );
  });
});
