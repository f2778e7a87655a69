import { describe, expect, it } from 'vitest';
import { PolicyError, simulate, type Policy, type RunRecord } from '../../src/index.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/** Start and finish of each job by id. */
function times(run: RunRecord): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (let j = 0; j < run.jobs.length; j++) out[run.jobs.idOf(j)] = [run.jobs.start[j] as number, run.jobs.finish[j] as number];
  return out;
}

describe('the dispatcher', () => {
  it('keeps the queue whole when a policy preempts a job of the waiting job’s own shape', () => {
    let asked = 0;
    const policy: Policy = { name: 'evict-first', preempt: (_job, ctx) => (asked++ > 0 ? [] : ctx.running().filter((r) => r.id === 'j0')) };
    const run = simulate(
      scenarioFrom(`name: own-shape
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: a, nodes: 1 }] }]
classes: { j: { speed: { a: 1 }, work: { dist: constant, value: 10 } } }
jobs:
  - { id: j0, class: j, origin: r, arrival: 0, work: 10 }
  - { id: j1, class: j, origin: r, arrival: 1, work: 10 }`),
      { policy },
    );
    // j1 takes the chip at 1; j0, back in the queue, runs again from 11 in full.
    expect(times(run)).toEqual({ j0: [11, 21], j1: [1, 11] });
    expect(Array.from(run.jobs.preemptions.subarray(0, 2))).toEqual([1, 0]);
  });

  it('stops a policy that preempts in a loop with an error naming it, instead of hanging', () => {
    const policy: Policy = { name: 'evict-any', preempt: (_job, ctx) => ctx.running().slice(0, 1) };
    const text = `name: loop
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: a, nodes: 1 }] }]
classes: { j: { speed: { a: 1 }, work: { dist: constant, value: 10 } } }
jobs: [{ class: j, origin: r, arrival: 0, work: 10 }, { class: j, origin: r, arrival: 1, work: 10 }]`;
    expect(() => simulate(scenarioFrom(text), { policy })).toThrow(PolicyError);
    expect(() => simulate(scenarioFrom(text), { policy })).toThrow(/policy "evict-any": scheduling passes at t=1 keep calling for more/);
  });

  it('gives the room a preemption leaves over to the jobs waiting for it', () => {
    // h2 (1 chip) preempts l0 (4 chips): 3 chips are then free, and m1 (2 chips) must start at once.
    const run = simulate(
      scenarioFrom(`name: leftover
chips: { a: { kind: gpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: a, nodes: 1, chipsPerNode: 8 }] }]
classes:
  n: { speed: { a: 1 }, chips: 4, work: { dist: constant, value: 10 } }
  l: { speed: { a: 1 }, chips: 4, priority: 1, preemptible: true, work: { dist: constant, value: 10 } }
  m: { speed: { a: 1 }, chips: 2, priority: 0, work: { dist: constant, value: 10 } }
  h: { speed: { a: 1 }, chips: 1, priority: 5, work: { dist: constant, value: 10 } }
jobs:
  - { id: n0, class: n, origin: r, arrival: 0, work: 10000 }
  - { id: l0, class: l, origin: r, arrival: 0, work: 10000 }
  - { id: m1, class: m, origin: r, arrival: 1, work: 10 }
  - { id: h2, class: h, origin: r, arrival: 2, work: 500 }
policy: priority-preempt`),
    );
    const t = times(run);
    expect(t.h2).toEqual([2, 502]);
    expect(t.m1).toEqual([2, 12]);
  });

  it('does not let a filter’s refusal pass for a lack of room, across classes', () => {
    // Class x may never use pool A. x1 waits for B; y2 must not wait with it while A is idle.
    const policy: Policy = { name: 'x-not-on-A', filter: (job, pool) => (job.class === 'x' && pool.name === 'A' ? { reason: 'x never on A', never: true } : undefined) };
    const run = simulate(
      scenarioFrom(`name: filtered
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ name: B, chip: a, nodes: 1 }, { name: A, chip: a, nodes: 1 }] }]
classes:
  x: { speed: { a: 1 }, work: { dist: constant, value: 10 } }
  y: { speed: { a: 1 }, work: { dist: constant, value: 10 } }
jobs:
  - { id: y0, class: y, origin: r, arrival: 0, work: 1000 }
  - { id: x1, class: x, origin: r, arrival: 1, work: 10 }
  - { id: y2, class: y, origin: r, arrival: 2, work: 10 }`),
      { policy },
    );
    expect(times(run).y2).toEqual([2, 12]);
  });

  it('runs a pass under strict order when a job joins at the head of the queue', () => {
    const policy: Policy = { name: 'strict-priority', strictOrder: true, order: (a, b) => b.priority - a.priority };
    const run = simulate(
      scenarioFrom(`name: strict-head
chips: { a: { kind: gpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: a, nodes: 1, chipsPerNode: 8 }] }]
classes:
  big: { speed: { a: 1 }, chips: 6, work: { dist: constant, value: 10 } }
  mid: { speed: { a: 1 }, chips: 4, work: { dist: constant, value: 10 } }
  urgent: { speed: { a: 1 }, chips: 1, priority: 9, work: { dist: constant, value: 10 } }
jobs:
  - { id: a0, class: big, origin: r, arrival: 0, work: 1000 }
  - { id: b1, class: mid, origin: r, arrival: 1, work: 10 }
  - { id: c5, class: urgent, origin: r, arrival: 5, work: 10 }`),
      { policy },
    );
    expect(times(run).c5).toEqual([5, 15]);
  });

  it('lets EASY reserve for the new first waiting job when the old one starts mid-pass', () => {
    const run = simulate(
      scenarioFrom(`name: easy-head
oracle: true
chips: { p: { kind: gpu }, q: { kind: gpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ name: P, chip: p, nodes: 1, chipsPerNode: 4 }, { name: Q, chip: q, nodes: 1, chipsPerNode: 4 }] }]
classes:
  fp: { speed: { p: 1 }, chips: 3, work: { dist: constant, value: 10 } }
  fq: { speed: { q: 1 }, chips: 4, work: { dist: constant, value: 10 } }
  h:  { speed: { q: 1 }, chips: 4, work: { dist: constant, value: 10 } }
  j2: { speed: { p: 1 }, chips: 4, work: { dist: constant, value: 10 } }
  j3: { speed: { p: 1 }, chips: 1, work: { dist: constant, value: 10 } }
jobs:
  - { id: fp0, class: fp, origin: r, arrival: 0, work: 50 }
  - { id: fq0, class: fq, origin: r, arrival: 0, work: 10 }
  - { id: h1,  class: h,  origin: r, arrival: 1, work: 100 }
  - { id: j2,  class: j2, origin: r, arrival: 2, work: 10 }
  - { id: j3,  class: j3, origin: r, arrival: 10, work: 1000 }
policy: easy-backfill`),
    );
    // At 10, h1 starts on Q; j2 is now first in line with a reservation on P at 50, so j3 (1,000 s) may not backfill.
    const t = times(run);
    expect(t.h1).toEqual([10, 110]);
    expect(t.j2).toEqual([50, 60]);
    expect(t.j3).toEqual([60, 1060]);
  });
});

describe('cost-latency', () => {
  it('places a job the same whether it reads the per-pool tables or the general estimates', () => {
    const run = simulate(
      scenarioFrom(`name: paths
chips: { fast: { kind: gpu }, slow: { kind: cpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites:
  - { name: far, lat: 31, lon: 120, pools: [{ name: X, chip: fast, nodes: 4, pricePerChipHour: 2 }] }
  - { name: near, region: r, pools: [{ name: Y, chip: slow, nodes: 4, pricePerChipHour: 1 }] }
classes: { j: { speed: { fast: 2, slow: 1 }, work: { dist: constant, value: 3 } } }
jobs:
  - { id: typical, class: j, origin: r, arrival: 1.7, work: 3 }
  - { id: table, class: j, origin: r, arrival: 1.7, runtimeS: { fast: 1.5, slow: 3 } }
policy: cost-latency`),
    );
    // Both cost the same on either pool (2 × 1.5 = 1 × 3): cost ties, the pools differ only in RTT and time.
    expect(run.jobs.pool[0]).toBe(run.jobs.pool[1]);
  });
});
