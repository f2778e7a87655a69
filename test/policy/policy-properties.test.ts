import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JobState, policyNames, runScenario, Simulation, summarize, type JobId, type PoolId } from '../../src/index.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/**
 * Every built-in policy over random small scenarios: two sites a few
 * hundred km apart, pools of three chip kinds, classes with circles,
 * budgets, priorities and preemption, jobs arriving over time. Whatever the
 * policy decides, the hard rules hold.
 */
const chipNames = ['a', 'b', 'c'];
const poolArb = fc.record({
  site: fc.constantFrom('near', 'far'),
  chip: fc.constantFrom(...chipNames),
  nodes: fc.integer({ min: 1, max: 3 }),
  chipsPerNode: fc.integer({ min: 1, max: 4 }),
  price: fc.constantFrom(1, 2, 5),
});
const classArb = fc.record({
  speed: fc.dictionary(fc.constantFrom(...chipNames), fc.constantFrom(0.5, 1, 2), { minKeys: 1 }),
  chips: fc.constantFrom(0.25, 0.5, 1, 2, 5),
  circle: fc.constantFrom(undefined, 'city', 'region', 'national'),
  budget: fc.constantFrom(undefined, 0.01, 1),
  priority: fc.constantFrom(0, 5),
  preemptible: fc.boolean(),
  resume: fc.boolean(),
});
const jobArb = fc.record({ cls: fc.nat(), origin: fc.constantFrom('r1', 'r2'), arrival: fc.integer({ min: 0, max: 30 }), work: fc.integer({ min: 1, max: 40 }) });
const scenarioArb = fc.record({
  pools: fc.array(poolArb, { minLength: 1, maxLength: 4 }),
  classes: fc.array(classArb, { minLength: 1, maxLength: 3 }),
  jobs: fc.array(jobArb, { minLength: 1, maxLength: 30 }),
  policy: fc.constantFrom(...policyNames()),
});
type Generated = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function toYaml(g: Generated): string {
  const pool = (p: Generated['pools'][number]): string => `{ chip: ${p.chip}, nodes: ${p.nodes}, chipsPerNode: ${p.chipsPerNode}, pricePerChipHour: ${p.price} }`;
  const near = g.pools.filter((p) => p.site === 'near').map(pool);
  const far = g.pools.filter((p) => p.site === 'far').map(pool);
  const sites = [
    near.length > 0 ? `  - { name: near, lat: 30.0, lon: 120.0, pools: [${near.join(', ')}] }` : '',
    far.length > 0 ? `  - { name: far, lat: 33.0, lon: 120.0, pools: [${far.join(', ')}] }` : '',
  ].filter((x) => x !== '');
  const classes = g.classes.map((c, i) => {
    const slo = c.circle === undefined ? '' : `, slo: { circle: ${c.circle} }`;
    const budget = c.budget === undefined ? '' : `, budget: ${c.budget}`;
    return `  k${i}: { speed: ${JSON.stringify(c.speed)}, chips: ${c.chips}, priority: ${c.priority}, preemptible: ${c.preemptible}, onPreempt: ${c.resume ? 'resume' : 'restart'}, work: { dist: constant, value: 1 }${slo}${budget} }`;
  });
  const jobs = g.jobs.map((j) => `  - { class: k${j.cls % g.classes.length}, origin: ${j.origin}, arrival: ${j.arrival}, work: ${j.work} }`);
  return `name: generated
seed: 7
chips: { a: { kind: cpu }, b: { kind: gpu }, c: { kind: npu } }
regions: [{ name: r1, lat: 30.0, lon: 120.0 }, { name: r2, lat: 33.0, lon: 120.0 }]
sites:
${sites.join('\n')}
classes:
${classes.join('\n')}
jobs:
${jobs.join('\n')}
policy: ${g.policy}
`;
}

/** Policies that start a job whenever some pool it may use has room (no head-of-line blocking, no local queues, no reservations). */
const workConserving = new Set(['random', 'round-robin', 'least-loaded', 'cheapest', 'nearest', 'cost-latency', 'priority-preempt']);

describe('every built-in policy, over random scenarios', () => {
  it('conserves jobs, never exceeds a chip, never breaks chip, circle or budget rules, leaves no startable job waiting, and is deterministic', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const text = toYaml(g);
        const sim = new Simulation(scenarioFrom(text));
        const { model, jobs } = sim;
        const running = new Set<number>();
        sim.hooks.on('job:start', (job, time) => {
          running.add(job);
          const pool = model.pools[jobs.pool[job] as number];
          const cls = model.classes[jobs.cls[job] as number];
          if (pool === undefined || cls === undefined) throw new Error('started without pool or class');
          // The chip can run the class.
          expect(cls.speedByChip[pool.chip]).toBeGreaterThan(0);
          // Inside the circle.
          expect(model.rttMs[(jobs.origin[job] as number) * model.sites.length + pool.site]).toBeLessThanOrEqual(cls.circleRttMs);
          // Within budget, by the estimate at the price of the pool (prices are constant here).
          if (cls.budget !== Infinity) {
            const seconds = (jobs.estimate[job] as number) / (cls.speedByChip[pool.chip] as number);
            const held = sim.context.heldMilli(job as JobId, pool.index as PoolId) / 1000;
            expect((held * pool.price.priceAt(time) * seconds) / 3600).toBeLessThanOrEqual(cls.budget + 1e-12);
          }
          // No chip over capacity: shares per chip and whole chips per node, recounted from the table.
          const perNode = new Map<string, { whole: number; shares: Map<number, number> }>();
          for (const j of running) {
            const p = model.pools[jobs.pool[j] as number];
            if (p === undefined) continue;
            const gang = jobs.gangNodes.get(j);
            for (const node of gang === undefined ? [jobs.node[j] as number] : Array.from(gang)) {
              const key = `${p.index}/${node}`;
              const used = perNode.get(key) ?? { whole: 0, shares: new Map<number, number>() };
              const milli = jobs.milli[j] as number;
              if (gang !== undefined) used.whole += p.chipsPerNode;
              else if (milli >= 1000) used.whole += milli / 1000;
              else used.shares.set(jobs.slot[j] as number, (used.shares.get(jobs.slot[j] as number) ?? 0) + milli);
              perNode.set(key, used);
              for (const share of used.shares.values()) expect(share).toBeLessThanOrEqual(1000);
              expect(used.whole + used.shares.size).toBeLessThanOrEqual(p.chipsPerNode);
            }
          }
        });
        for (const event of ['job:finish', 'job:preempt'] as const) sim.hooks.on(event, (job) => running.delete(job));
        // Work-conserving policies leave no job waiting that could start now:
        // after every pass, no waiting job without a budget fits a pool it may use.
        if (workConserving.has(g.policy)) {
          const endOfInstant = sim.endOfInstant.bind(sim);
          sim.endOfInstant = (time: number): void => {
            endOfInstant(time);
            for (const job of sim.dispatcher.central.all()) {
              if (jobs.budget[job] !== Infinity) continue;
              for (const pool of Array.from(sim.context.candidates(job as JobId))) expect(sim.context.fitsNow(job as JobId, pool), `job ${job} fits pool ${pool} at ${time}`).toBe(false);
            }
          };
        }
        const run = sim.run();
        const r = summarize(run);
        expect(r.jobs.arrived).toBe(g.jobs.length);
        expect(r.jobs.arrived).toBe(r.jobs.completed + r.jobs.rejected + r.jobs.failed + r.jobs.unfinished);
        // Without a horizon every job that is not rejected completes.
        for (let j = 0; j < jobs.length; j++) expect([JobState.Completed, JobState.Rejected]).toContain(jobs.state[j]);
        const strip = (x: ReturnType<typeof runScenario>): string => JSON.stringify({ ...x, perf: null });
        expect(strip(runScenario(scenarioFrom(text)))).toBe(strip(r));
      }),
      { numRuns: 250 },
    );
  });
});
