import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JobState, runScenario, Simulation, summarize, type JobId, type PoolId } from '../../src/index.js';
import { scenarioArb, toYaml } from '../helpers/random-scenarios.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/**
 * Every built-in policy over random small scenarios: two sites a few
 * hundred km apart, pools of three chip kinds, classes with circles,
 * budgets, priorities and preemption, jobs arriving over time. Whatever the
 * policy decides, the hard rules hold.
 */
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
