import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation, summarize } from '../../src/index.js';
import { scenarioArb, toYaml } from '../helpers/random-scenarios.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/** Where each job started, and when: from the simulation's own hooks, independently of the explanations. */
function startsOf(sim: Simulation): Map<string, { time: number; pool: string; node: number }[]> {
  const starts = new Map<string, { time: number; pool: string; node: number }[]>();
  sim.hooks.on('job:start', (job, time) => {
    const id = sim.jobs.idOf(job);
    const list = starts.get(id) ?? [];
    list.push({ time, pool: sim.model.pools[sim.jobs.pool[job] as number]?.name ?? '?', node: sim.jobs.node[job] as number });
    starts.set(id, list);
  });
  return starts;
}

describe('explanations', () => {
  it('name, for every start, the pool (and node) the job started on, and change nothing, under every built-in policy', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const text = toYaml(g);
        const sim = new Simulation(scenarioFrom(text), { explain: { sample: 1000 } });
        const starts = startsOf(sim);
        const record = sim.run();
        const explained = record.explanations ?? [];
        // Every job is in a sample larger than the run.
        expect(explained).toHaveLength(record.jobs.length);
        for (const job of explained) {
          const actual = starts.get(job.job) ?? [];
          for (const d of job.decisions) {
            if (d.kind !== 'start') continue;
            const at = actual.find((s) => s.time === d.time && s.pool === d.pool);
            expect(at, `job ${job.job} explained as started on ${d.pool} at ${d.time}`).toBeDefined();
            if (d.node !== undefined) expect(at?.node).toBe(d.node);
            if (d.winner !== undefined) {
              const winner = d.candidates[d.winner];
              expect(winner?.pool).toBe(d.pool);
              expect(winner?.refused).toEqual([]);
              if (winner?.node !== undefined) expect(winner.node).toBe(d.node);
            }
          }
          // Each start of the job was explained (decisions beyond the per-job limit aside).
          if (job.droppedDecisions === undefined) expect(job.decisions.filter((d) => d.kind === 'start' || d.kind === 'enqueue').length).toBeGreaterThanOrEqual(actual.length === 0 ? 0 : 1);
        }
        // Asking why changes no decision.
        const plain = summarize(new Simulation(scenarioFrom(text)).run());
        const strip = (r: object): string => JSON.stringify({ ...r, perf: null, explanations: null });
        expect(strip(summarize(record))).toBe(strip(plain));
      }),
      { numRuns: 120 },
    );
  });

  it('gives every refused candidate its reasons, and every passing one its parts, for a scoring policy', () => {
    const text = `name: why
chips: { g: { kind: gpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites:
  - { name: near, lat: 30.1, lon: 120, pools: [{ name: small, chip: g, nodes: 1, chipsPerNode: 1, pricePerChipHour: 1 }, { name: big, chip: g, nodes: 1, chipsPerNode: 4, pricePerChipHour: 3 }] }
  - { name: far, lat: 36, lon: 120, pools: [{ name: remote, chip: g, nodes: 1, chipsPerNode: 4, pricePerChipHour: 1 }] }
classes: { j: { speed: { g: 1 }, chips: 1, work: { dist: constant, value: 10 }, slo: { deadline: 100 } } }
jobs:
  - { id: first, class: j, origin: r, arrival: 0, work: 10 }
  - { id: second, class: j, origin: r, arrival: 0, work: 10 }
policy: cost-latency
`;
    const record = new Simulation(scenarioFrom(text), { explain: { ids: ['second'] } }).run();
    const [second] = record.explanations ?? [];
    expect(second?.job).toBe('second');
    const d = second?.decisions[0];
    // The first job took 'small' (cheapest, nearest): 'second' finds it full.
    expect(d?.candidates.find((c) => c.pool === 'small')?.refused).toEqual(['no-room']);
    const passing = d?.candidates.filter((c) => c.refused.length === 0) ?? [];
    expect(passing.map((c) => c.pool)).toEqual(['big', 'remote']);
    for (const c of passing) expect(c.parts.map((p) => p.name)).toEqual(['cost', 'latency', 'time']);
    expect(d?.pool).toBe(d?.candidates[d?.winner ?? -1]?.pool);
  });

  it('records requeues, and follows only the jobs asked for', () => {
    const text = `name: requeue
chips: { c: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ name: p, chip: c, nodes: 1, chipsPerNode: 1 }] }]
classes:
  low: { speed: { c: 1 }, work: { dist: constant, value: 10 }, preemptible: true }
  high: { speed: { c: 1 }, work: { dist: constant, value: 1 }, priority: 5 }
jobs:
  - { id: victim, class: low, origin: r, arrival: 0, work: 10 }
  - { id: boss, class: high, origin: r, arrival: 2, work: 1 }
policy: priority-preempt
`;
    const record = new Simulation(scenarioFrom(text), { explain: { ids: ['victim'] } }).run();
    expect(record.explanations?.map((e) => e.job)).toEqual(['victim']);
    const kinds = record.explanations?.[0]?.decisions.map((d) => `${d.kind}@${d.time}`);
    // Back in the queue at 2 it is asked at once and waits (the boss holds the chip), then starts when the boss ends at 3.
    expect(kinds).toEqual(['start@0', 'requeue@2', 'wait@2', 'start@3']);
    expect(record.explanations?.[0]?.decisions[1]?.reason).toBe('preempted on p');
  });

  it('records the start a preemption made room for, naming the jobs preempted', () => {
    const text = `name: preemptor
chips: { c: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ name: p, chip: c, nodes: 1, chipsPerNode: 1 }] }]
classes:
  low: { speed: { c: 1 }, work: { dist: constant, value: 10 }, preemptible: true }
  high: { speed: { c: 1 }, work: { dist: constant, value: 1 }, priority: 5 }
jobs:
  - { id: victim, class: low, origin: r, arrival: 0, work: 10 }
  - { id: boss, class: high, origin: r, arrival: 2, work: 1 }
policy: priority-preempt
`;
    const record = new Simulation(scenarioFrom(text), { explain: { ids: ['boss'] } }).run();
    const boss = record.explanations?.[0]?.decisions ?? [];
    // Asked at 2 the policy says wait (the chip is held); its preemption then evicts the victim and the boss starts.
    expect(boss.map((d) => `${d.kind}@${d.time}`)).toEqual(['wait@2', 'start@2']);
    expect(boss[1]).toMatchObject({ pool: 'p', reason: 'after preempting victim' });
  });
});
