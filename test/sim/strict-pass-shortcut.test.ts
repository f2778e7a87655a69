import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summarize.js';
import { fifo } from '../../src/policy/fifo.js';
import type { Scheduler } from '../../src/policy/scheduler.js';
import { Simulation } from '../../src/sim/simulation.js';
import { scenarioArb, toYaml } from '../helpers/random-scenarios.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/**
 * The strict pass does not ask a policy that declares `waitsWhenNoRoom`
 * about a job none of whose pools has room (dispatcher.ts, strictPass): it
 * takes the "wait" the policy would have given. These runs compare fifo
 * with and without the declaration: every decision, hence every job's
 * times and every result, must be the same; and the shortcut must be taken.
 */
function counted(scheduler: Scheduler): { scheduler: Scheduler; asked: () => number } {
  let asked = 0;
  return { scheduler: { ...scheduler, decide: (job, ctx, out) => (asked++, scheduler.decide(job, ctx, out)) }, asked: () => asked };
}

function run(text: string, declares: boolean, explain = false): { out: string; asked: number } {
  const { scheduler, asked } = counted({ ...fifo(), waitsWhenNoRoom: declares });
  const sim = new Simulation(scenarioFrom(text), { policy: scheduler, ...(explain ? { explain: { ids: [], sample: 5 } } : {}) });
  const record = sim.run();
  const jobs = record.jobs;
  const times = Array.from({ length: jobs.length }, (_, j) => `${jobs.state[j]} ${jobs.pool[j]} ${jobs.node[j]} ${jobs.start[j]} ${jobs.finish[j]}`);
  return { out: JSON.stringify({ results: { ...summarize(record), perf: null }, times }), asked: asked() };
}

const mmc = (servers: number, jobs: number): string => `name: mmc
seed: 3
chips: { core: { kind: cpu } }
regions: [{ name: local }]
sites: [{ name: s, region: local, pools: [{ chip: core, nodes: ${servers}, chipsPerNode: 1 }] }]
classes: { job: { speed: { core: 1 }, chips: 1, work: { dist: exponential, mean: 1 } } }
workload: [{ class: job, origin: local, arrivals: { process: poisson, rate: ${0.95 * servers} }, count: ${jobs} }]
policy: fifo
`;

describe('the strict pass without the doomed decision', () => {
  it('gives fifo’s results job for job on M/M/c, asking the policy fewer times', () => {
    const text = mmc(4, 3000);
    const plain = run(text, false);
    const shortcut = run(text, true);
    expect(shortcut.out).toBe(plain.out);
    expect(shortcut.asked).toBeLessThan(plain.asked * 0.8);
  });

  it('gives the same results over random scenarios (chip shares, gangs, circles, budgets, priorities)', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const text = toYaml({ ...g, policy: 'fifo' });
        expect(run(text, true).out).toBe(run(text, false).out);
      }),
      { numRuns: 200 },
    );
  });

  it('records the same explanations: an explained job is always asked', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const text = toYaml({ ...g, policy: 'fifo' });
        expect(run(text, true, true).out).toBe(run(text, false, true).out);
      }),
      { numRuns: 100 },
    );
  });

  it('is declared by the framework for fifo, and not by a policy with a filter or a preemption', async () => {
    expect(fifo().waitsWhenNoRoom).toBe(true);
    const { schedulerFor } = await import('../../src/policy/registry.js');
    expect(schedulerFor('cost-latency').waitsWhenNoRoom).toBe(false);
    expect(schedulerFor('priority-preempt').waitsWhenNoRoom).toBe(false);
  });
});
