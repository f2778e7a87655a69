import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JobState, Simulation, summarize, type Policy } from '../../src/index.js';
import { scenarioFrom } from '../helpers/scenarios.js';

const chipNames = ['a', 'b', 'c'];

const poolArb = fc.record({
  chip: fc.constantFrom(...chipNames),
  nodes: fc.integer({ min: 1, max: 4 }),
  chipsPerNode: fc.integer({ min: 1, max: 4 }),
  cpuCores: fc.constantFrom(0, 4, 16),
  memGiB: fc.constantFrom(0, 8, 32),
});
const classArb = fc.record({
  speed: fc.dictionary(fc.constantFrom(...chipNames), fc.constantFrom(0.5, 1, 2), { minKeys: 1 }),
  chips: fc.constantFrom(0.25, 0.5, 0.6, 1, 2, 3, 8),
  cpuCores: fc.constantFrom(0, 0.5, 2, 6),
  memGiB: fc.constantFrom(0, 4, 12),
});
const jobArb = fc.record({
  cls: fc.nat(),
  arrival: fc.integer({ min: 0, max: 40 }).map((t) => t / 2),
  work: fc.integer({ min: 0, max: 20 }).map((w) => w / 4),
  chips: fc.option(fc.constantFrom(0.3, 0.7, 1, 2), { nil: undefined }),
});
const scenarioArb = fc.record({
  pools: fc.array(poolArb, { minLength: 1, maxLength: 3 }),
  classes: fc.array(classArb, { minLength: 1, maxLength: 3 }),
  jobs: fc.array(jobArb, { minLength: 1, maxLength: 40 }),
  horizon: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  warmupS: fc.constantFrom(0, 0, 3),
  drain: fc.boolean(),
  strictOrder: fc.boolean(),
});

type Generated = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function toYaml(g: Generated): string {
  const pools = g.pools.map(
    (p) => `{ chip: ${p.chip}, nodes: ${p.nodes}, chipsPerNode: ${p.chipsPerNode}, cpuCores: ${p.cpuCores}, memGiB: ${p.memGiB}, pricePerChipHour: 1 }`,
  );
  const classes = g.classes.map(
    (c, i) => `  k${i}: { speed: ${JSON.stringify(c.speed)}, chips: ${c.chips}, cpuCores: ${c.cpuCores}, memGiB: ${c.memGiB}, work: { dist: constant, value: 1 } }`,
  );
  const jobs = g.jobs.map(
    (j) => `  - { class: k${j.cls % g.classes.length}, origin: r, arrival: ${j.arrival}, work: ${j.work}${j.chips === undefined ? '' : `, chips: ${j.chips}`} }`,
  );
  return `
name: generated
chips: { a: { kind: cpu }, b: { kind: gpu }, c: { kind: npu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [${pools.join(', ')}] }]
classes:
${classes.join('\n')}
jobs:
${jobs.join('\n')}
${g.horizon === undefined ? '' : `horizon: ${g.horizon}`}
${g.horizon !== undefined && g.warmupS >= g.horizon ? '' : `warmupS: ${g.warmupS}`}
drain: ${g.drain}
`;
}

describe('invariants over random small scenarios', () => {
  it('conserves jobs, never exceeds capacity, and keeps every job’s times consistent', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const policy: Policy = { name: g.strictOrder ? 'fifo' : 'greedy', description: 'generated', strictOrder: g.strictOrder };
        const sim = new Simulation(scenarioFrom(toYaml(g)), { policy });
        const { model, jobs } = sim;
        const running = new Set<number>();

        // At every start, recount what the running jobs hold, chip by chip, from the table alone.
        sim.hooks.on('job:start', (job) => {
          running.add(job);
          const perNode = new Map<string, { whole: number; shares: Map<number, number>; cores: number; mem: number }>();
          for (const j of running) {
            const pool = model.pools[jobs.pool[j] as number];
            if (pool === undefined) throw new Error('running job without a pool');
            const cls = model.classes[jobs.cls[j] as number];
            const gang = jobs.gangNodes.get(j);
            const nodes = gang === undefined ? [jobs.node[j] as number] : Array.from(gang);
            for (const node of nodes) {
              expect(node).toBeLessThan(pool.nodes);
              const key = `${pool.index}/${node}`;
              const used = perNode.get(key) ?? { whole: 0, shares: new Map<number, number>(), cores: 0, mem: 0 };
              const milli = jobs.milli[j] as number;
              if (gang !== undefined) {
                used.whole += pool.chipsPerNode;
                used.cores += pool.milliCoresPerNode;
                used.mem += pool.memMiBPerNode;
              } else {
                if (milli >= 1000) used.whole += milli / 1000;
                else used.shares.set(jobs.slot[j] as number, (used.shares.get(jobs.slot[j] as number) ?? 0) + milli);
                if (pool.milliCoresPerNode > 0) used.cores += cls?.milliCores ?? 0;
                if (pool.memMiBPerNode > 0) used.mem += cls?.memMiB ?? 0;
              }
              perNode.set(key, used);
              // A share lives on one chip; whole chips and chips hosting shares never overlap.
              for (const [chip, share] of used.shares) {
                expect(chip).toBeGreaterThanOrEqual(0);
                expect(chip).toBeLessThan(pool.chipsPerNode);
                expect(share).toBeLessThanOrEqual(1000);
              }
              expect(used.whole + used.shares.size).toBeLessThanOrEqual(pool.chipsPerNode);
              expect(used.cores).toBeLessThanOrEqual(pool.milliCoresPerNode);
              expect(used.mem).toBeLessThanOrEqual(pool.memMiBPerNode);
            }
          }
        });
        sim.hooks.on('job:finish', (job) => running.delete(job));

        const run = sim.run();
        const r = summarize(run);
        const { arrived, completed, rejected, failed, unfinished } = r.jobs;
        expect(arrived).toBe(completed + rejected + failed + unfinished);
        const warmupS = g.horizon !== undefined && g.warmupS >= g.horizon ? 0 : g.warmupS;
        expect(arrived).toBe(g.jobs.filter((j) => (g.horizon === undefined || j.arrival < g.horizon) && j.arrival >= warmupS).length);

        let lastStart = -Infinity;
        for (let j = 0; j < jobs.length; j++) {
          const state = jobs.state[j];
          expect([JobState.Completed, JobState.Rejected, JobState.Unfinished]).toContain(state);
          if (state === JobState.Unfinished) expect(r.makespan).toBeNull();
          const start = jobs.start[j] as number;
          if (Number.isNaN(start)) continue;
          expect(start).toBeGreaterThanOrEqual(jobs.arrival[j] as number);
          if (state === JobState.Completed) {
            const pool = model.pools[jobs.pool[j] as number];
            const speed = model.classes[jobs.cls[j] as number]?.speedByChip[pool?.chip ?? -1] as number;
            expect(jobs.finish[j]).toBeCloseTo(start + (jobs.work[j] as number) / speed, 9);
          }
          // Under strict FCFS, jobs start in arrival order.
          if (g.strictOrder) {
            expect(start).toBeGreaterThanOrEqual(lastStart);
            lastStart = start;
          }
        }
        if (g.horizon !== undefined && !g.drain) expect(run.endTime).toBe(g.horizon);
        for (const u of Object.values(r.utilization.byChip)) expect(u).toBeLessThanOrEqual(1 + 1e-12);
      }),
      { numRuns: 300 },
    );
  });
});
