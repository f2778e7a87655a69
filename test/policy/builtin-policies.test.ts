import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario, Simulation, simulate, type RunRecord } from '../../src/index.js';
import { easyBackfill } from '../../src/policy/easy-backfill.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/** A scenario with the given pools at one site, one class and a job list. */
function scenario(policy: string, pools: string, jobs: string, extra = '', classExtra = ''): string {
  return `name: hand
chips: { a: { kind: cpu }, b: { kind: gpu }, c: { kind: npu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [${pools}] }]
classes: { j: { speed: { a: 1, b: 2, c: 1 }, work: { dist: constant, value: 1 }${classExtra} } }
jobs:
${jobs}
policy: ${policy}
${extra}`;
}

const jobsAt0 = (n: number, work = 2): string => Array.from({ length: n }, (_, i) => `  - { id: j${i}, class: j, origin: r, arrival: 0, work: ${work} }`).join('\n');

function poolsOf(run: RunRecord): string[] {
  return Array.from({ length: run.jobs.length }, (_, j) => run.model.pools[run.jobs.pool[j] as number]?.name ?? '-');
}

describe('fifo', () => {
  it('takes the first declared pool with room, even when a faster one is idle', () => {
    const run = simulate(scenarioFrom(scenario('fifo', '{ name: slow, chip: a, nodes: 1 }, { name: fast, chip: b, nodes: 1 }', jobsAt0(3))));
    // The third job waits for the first chip to free: fast's, at 1 (work 2 at speed 2).
    expect(poolsOf(run)).toEqual(['slow', 'fast', 'fast']);
    expect(Array.from(run.jobs.start.subarray(0, 3))).toEqual([0, 0, 1]);
  });
});

describe('round-robin', () => {
  it('gives pools turns in declaration order', () => {
    const run = simulate(scenarioFrom(scenario('round-robin', '{ name: p0, chip: a, nodes: 4 }, { name: p1, chip: a, nodes: 4 }, { name: p2, chip: a, nodes: 4 }', jobsAt0(5))));
    expect(poolsOf(run)).toEqual(['p0', 'p1', 'p2', 'p0', 'p1']);
  });
});

describe('random', () => {
  it('spreads jobs evenly over pools with room, and the same seed draws the same', () => {
    const jobs = Array.from({ length: 2000 }, (_, i) => `  - { class: j, origin: r, arrival: ${i}, work: 0.5 }`).join('\n');
    const text = scenario('random', '{ name: p0, chip: a, nodes: 1 }, { name: p1, chip: a, nodes: 1 }', jobs);
    const first = poolsOf(simulate(scenarioFrom(text)));
    const p0 = first.filter((p) => p === 'p0').length;
    // Binomial(2000, 1/2): four standard deviations is 89.
    expect(Math.abs(p0 - 1000)).toBeLessThan(90);
    expect(poolsOf(simulate(scenarioFrom(text)))).toEqual(first);
    expect(poolsOf(simulate(scenarioFrom(text), { seed: 99 }))).not.toEqual(first);
  });
});

describe('least-loaded', () => {
  it('takes the pool whose chips are least allocated', () => {
    // big has 4 chips, small 2: loads after each placement 1/4 vs 0, then 1/4 vs 1/2, ...
    const run = simulate(scenarioFrom(scenario('least-loaded', '{ name: big, chip: a, nodes: 4 }, { name: small, chip: a, nodes: 2 }', jobsAt0(5))));
    expect(poolsOf(run)).toEqual(['big', 'small', 'big', 'big', 'small']);
  });
});

describe('cheapest', () => {
  it('weighs price against speed: the dearer chip is cheaper when it is fast enough', () => {
    // On a (speed 1) at $3/h a job of work 2 costs $6/h·s... per job: a: 3·2 = 6, b (speed 2) at $4/h: 4·1 = 4.
    const run = simulate(
      scenarioFrom(scenario('cheapest', '{ name: a-pool, chip: a, nodes: 2, pricePerChipHour: 3 }, { name: b-pool, chip: b, nodes: 1, pricePerChipHour: 4 }', jobsAt0(2))),
    );
    expect(poolsOf(run)).toEqual(['b-pool', 'a-pool']);
  });
});

describe('nearest', () => {
  it('takes the lowest RTT, then the cheaper of equally near pools', () => {
    const text = `name: near
chips: { a: { kind: cpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites:
  - { name: far, lat: 31, lon: 121, pools: [{ chip: a, nodes: 1, pricePerChipHour: 1 }] }
  - { name: here, region: r, pools: [{ name: dear, chip: a, nodes: 1, pricePerChipHour: 5 }, { name: cheap, chip: a, nodes: 1, pricePerChipHour: 2 }] }
classes: { j: { speed: { a: 1 }, work: { dist: constant, value: 1 } } }
jobs:
${jobsAt0(3)}
policy: nearest`;
    expect(poolsOf(simulate(scenarioFrom(text)))).toEqual(['cheap', 'dear', 'far/a']);
  });
});

describe('immediate-mode heuristics on single-chip pools', () => {
  // Work 2 per job; chip a runs it in 2 s, chip b in 1 s.
  const pools = '{ name: A, chip: a, nodes: 1 }, { name: B, chip: b, nodes: 1 }';

  it('met binds every job to the fastest chip, however busy', () => {
    const run = simulate(scenarioFrom(scenario('met', pools, jobsAt0(3))));
    expect(poolsOf(run)).toEqual(['B', 'B', 'B']);
    expect(Array.from(run.jobs.finish.subarray(0, 3))).toEqual([1, 2, 3]);
  });

  it('mct binds each job where it completes first: B (1), A (2, a tie with B at 2 goes to A), B (3)', () => {
    const run = simulate(scenarioFrom(scenario('mct', pools, jobsAt0(4))));
    expect(poolsOf(run)).toEqual(['B', 'A', 'B', 'B']);
    expect(Array.from(run.jobs.finish.subarray(0, 4))).toEqual([1, 2, 2, 3]);
  });

  it('olb binds each job to the pool ready soonest, whatever its speed', () => {
    const run = simulate(scenarioFrom(scenario('olb', pools, jobsAt0(4))));
    // Ready times: A 0, B 0 → A (ready 2); B (ready 1); B (ready 2); A (tie at 2 → A, ready 4).
    expect(poolsOf(run)).toEqual(['A', 'B', 'B', 'A']);
  });
});

describe('batch-mode heuristics', () => {
  // Three tasks, two machines (ETC): t0 = (4, 1), t1 = (2, 3), t2 = (6, 5).
  const etc = `  - { id: t0, class: j, origin: r, arrival: 0, runtimeS: { a: 4, b: 1 } }
  - { id: t1, class: j, origin: r, arrival: 0, runtimeS: { a: 2, b: 3 } }
  - { id: t2, class: j, origin: r, arrival: 0, runtimeS: { a: 6, b: 5 } }`;
  const pools = '{ name: A, chip: a, nodes: 1 }, { name: B, chip: b, nodes: 1 }';

  it('min-min maps t0→B (1), t1→A (2), t2→B (6): makespan 6', () => {
    const run = simulate(scenarioFrom(scenario('min-min', pools, etc)));
    expect(poolsOf(run)).toEqual(['B', 'A', 'B']);
    expect(runScenario(scenarioFrom(scenario('min-min', pools, etc))).makespan).toBe(6);
  });

  it('max-min maps t2→B (5), then t0→A (4), then t1→A (6): makespan 6', () => {
    // Best completions: t0 1 (B), t1 2 (A), t2 5 (B) → t2 first; then t0: A 4, B 6 → largest best is t0 (4) vs t1 (2) → t0→A; t1: A 6, B 8 → A.
    const run = simulate(scenarioFrom(scenario('max-min', pools, etc)));
    expect(poolsOf(run)).toEqual(['A', 'A', 'B']);
    expect(runScenario(scenarioFrom(scenario('max-min', pools, etc))).makespan).toBe(6);
  });

  it('sufferage maps first the task that loses most without its best machine', () => {
    // Sufferage: t0 4−1 = 3, t1 3−2 = 1, t2 6−5 = 1 → t0→B (B ready 1); then t1: A 2, B 4 → 2; t2: A 6, B 6 → 0 → t1→A; t2: A 8, B 6 → B.
    const run = simulate(scenarioFrom(scenario('sufferage', pools, etc)));
    expect(poolsOf(run)).toEqual(['B', 'A', 'B']);
  });
});

describe('cost-latency', () => {
  const text = (weights: string, jobs = jobsAt0(1)): string => `name: cl
chips: { a: { kind: cpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites:
  - { name: far, lat: 35, lon: 120, pools: [{ name: cheap-far, chip: a, nodes: 1, pricePerChipHour: 1 }] }
  - { name: here, region: r, pools: [{ name: dear-near, chip: a, nodes: 1, pricePerChipHour: 5 }] }
classes: { j: { speed: { a: 1 }, work: { dist: constant, value: 1 }, slo: { deadline: 10 } } }
jobs:
${jobs}
policy: cost-latency
policyOptions: { weights: ${weights} }`;

  it('goes where the weights point: cost to the cheap far pool, latency to the dear near one', () => {
    expect(poolsOf(simulate(scenarioFrom(text('{ cost: 1, latency: 0, time: 0 }'))))).toEqual(['cheap-far']);
    expect(poolsOf(simulate(scenarioFrom(text('{ cost: 0, latency: 1, time: 0 }'))))).toEqual(['dear-near']);
    // Equal weights: cost 100 vs 0 and latency 0 vs 100 tie; time ties at 100: the pool declared first.
    expect(poolsOf(simulate(scenarioFrom(text('{ cost: 1, latency: 1, time: 1 }'))))).toEqual(['cheap-far']);
  });

  it('explains its decision part by part, raw, normalised and weighted, from the code that decided', () => {
    const run = new Simulation(scenarioFrom(text('{ cost: 2, latency: 1, time: 1 }')), { explain: { ids: ['j0'] } }).run();
    const decision = run.explanations?.[0]?.decisions[0];
    // Both pools free at 0: cost favours cheap-far (100 vs 0), latency dear-near (0 vs 100),
    // time ties (100 each). Weighted 2:1:1: (200 + 0 + 100) / 4 = 75 and (0 + 100 + 100) / 4 = 50.
    expect(decision?.kind).toBe('start');
    expect(decision?.pool).toBe('cheap-far');
    expect(decision?.winner).toBe(0);
    const view = decision?.candidates.map((c) => ({ pool: c.pool, normalised: Object.fromEntries(c.parts.map((p) => [p.name, p.normalised])), total: c.total }));
    expect(view).toEqual([
      { pool: 'cheap-far', normalised: { cost: 100, latency: 0, time: 100 }, total: 75 },
      { pool: 'dear-near', normalised: { cost: 0, latency: 100, time: 100 }, total: 50 },
    ]);
    // Raw parts in their own units: $ for two chip-seconds (work 2) at $1 and $5 an hour, RTT in ms, seconds.
    const raw = decision?.candidates.map((c) => c.parts.map((p) => p.raw));
    expect(raw?.[0]?.[0]).toBeCloseTo(2 / 3600, 12);
    expect(raw?.[1]?.[0]).toBeCloseTo(10 / 3600, 12);
    expect(raw?.[0]?.[2]).toBe(2);
    expect(raw?.[0]?.[1]).toBeGreaterThan(raw?.[1]?.[1] ?? Infinity);
    expect(decision?.candidates[0]?.parts.map((p) => p.weighted)).toEqual([200, 0, 100]);
  });

  it('rejects a job no pool could finish by its deadline', () => {
    const r = runScenario(scenarioFrom(text('{ cost: 1, latency: 1, time: 1 }', '  - { class: j, origin: r, arrival: 0, work: 50 }')));
    expect(r.rejectReasons).toEqual({ 'deadline-infeasible': 1 });
  });

  it('refuses weights it does not know', () => {
    expect(() => simulate(scenarioFrom(text('{ cost: 1, speed: 2 }')))).toThrow(/policyOptions.weights.speed is not one of its parts — known: cost, latency, time/);
  });
});

describe('easy-backfill', () => {
  // One pool of 4 chips. A (2 chips, 10 s) runs from 0; B (4 chips) waits for it until 10;
  // C (2 chips, 5 s) fits beside A and ends by 10, so it backfills at 2; D (2 chips, 20 s)
  // would delay B, so it waits, and runs after B.
  const jobs = `  - { id: A, class: two, origin: r, arrival: 0, work: 10 }
  - { id: B, class: four, origin: r, arrival: 1, work: 5 }
  - { id: C, class: two, origin: r, arrival: 2, work: 5 }
  - { id: D, class: two, origin: r, arrival: 3, work: 20 }`;
  const text = (policy: string): string => `name: easy
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: a, nodes: 1, chipsPerNode: 4 }] }]
classes:
  two: { speed: { a: 1 }, chips: 2, work: { dist: constant, value: 1 } }
  four: { speed: { a: 1 }, chips: 4, work: { dist: constant, value: 1 } }
jobs:
${jobs}
policy: ${policy}`;

  it('backfills a short job that does not delay the first waiting one', () => {
    const run = simulate(scenarioFrom(text('easy-backfill')));
    expect(Array.from(run.jobs.start.subarray(0, 4))).toEqual([0, 10, 2, 15]);
  });

  it('reserves where and when the job could start first, as a walk of each pool\'s running jobs by estimated end does: ties and endless jobs included (property)', () => {
    // Running jobs on up to three pools, with few distinct ends (ties decide which releases
    // are counted, and so the spare chips), some endless (estimated end ∞) and some whose
    // end cannot be estimated (NaN, taken as ∞).
    const running = fc.array(fc.record({ pool: fc.nat({ max: 2 }), end: fc.constantFrom(5, 5, 7, 7, 9, Infinity, NaN), milli: fc.constantFrom(500, 1000, 2000, 3000) }), { maxLength: 40 });
    const scenarioArb = fc.record({ running, free: fc.array(fc.constantFrom(0, 500, 1000, 4000), { minLength: 3, maxLength: 3 }), need: fc.constantFrom(1000, 2000, 5000, 20_000), pools: fc.subarray([0, 1, 2], { minLength: 1 }) });
    const policy = easyBackfill();
    fc.assert(
      fc.property(scenarioArb, ({ running, free, need, pools }) => {
        const now = 3;
        const job = running.length;
        const ctx = {
          now,
          candidates: () => Int32Array.from(pools),
          heldMilli: () => need,
          capacity: (p: number) => ({ freeMilli: free[p] }),
          running: { size: running.length, at: (r: number) => r },
          jobs: { pool: running.map((r) => r.pool), estEnd: running.map((r) => r.end), held: running.map((r) => r.milli) },
        };
        // The reference: per candidate pool, its running jobs sorted by end (stable), released
        // one by one (at least one) until the job fits; the earliest such time wins, the first pool on a tie.
        let expected = { job, pool: -1, at: Infinity, spareMilli: 0 };
        for (const p of pools) {
          const ends = running.filter((r) => r.pool === p).map((r) => ({ ...r, end: Number.isNaN(r.end) ? Infinity : r.end })).sort((a, b) => a.end - b.end);
          let f = free[p] as number;
          let at = now;
          let k = 0;
          while ((f < need || k === 0) && k < ends.length) {
            const e = ends[k++] as (typeof ends)[number];
            f += e.milli;
            at = Math.max(now, e.end);
          }
          if (f >= need && at < expected.at) expected = { job, pool: p, at, spareMilli: f - need };
        }
        expect(policy.reserve?.(job as never, ctx as never)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('differs from plain FCFS, which holds C behind B', () => {
    const run = simulate(scenarioFrom(text('fifo')));
    expect(Array.from(run.jobs.start.subarray(0, 4))).toEqual([0, 10, 15, 15]);
  });
});

describe('priority-preempt', () => {
  const text = (onPreempt: string): string => `name: pp
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: a, nodes: 1 }] }]
classes:
  low: { speed: { a: 1 }, work: { dist: constant, value: 1 }, priority: 0, preemptible: true, onPreempt: ${onPreempt} }
  high: { speed: { a: 1 }, work: { dist: constant, value: 1 }, priority: 10 }
jobs:
  - { id: low, class: low, origin: r, arrival: 0, work: 10 }
  - { id: high, class: high, origin: r, arrival: 4, work: 3 }
policy: priority-preempt`;

  it('preempts a lower-priority job, which then starts over', () => {
    const run = simulate(scenarioFrom(text('restart')));
    // high runs 4..7; low restarts at 7 for its full 10 s.
    expect([run.jobs.start[1], run.jobs.finish[1]]).toEqual([4, 7]);
    expect([run.jobs.start[0], run.jobs.finish[0]]).toEqual([7, 17]);
    const r = runScenario(scenarioFrom(text('restart')));
    expect(r.jobs.preempted).toBe(1);
  });

  it('lets a resumable job continue where it stopped', () => {
    const run = simulate(scenarioFrom(text('resume')));
    // 4 of low's 10 s were done before the preemption: 6 remain after 7.
    expect([run.jobs.start[0], run.jobs.finish[0]]).toEqual([7, 13]);
  });

  it('orders the queue by priority', () => {
    const jobs = `  - { id: hold, class: low, origin: r, arrival: 0, work: 5 }
  - { id: l2, class: low, origin: r, arrival: 1, work: 1 }
  - { id: h2, class: high, origin: r, arrival: 2, work: 1 }`;
    const t = text('restart').replace(/jobs:[\s\S]*policy/, `jobs:\n${jobs}\npolicy`).replace('preemptible: true', 'preemptible: false');
    const run = simulate(scenarioFrom(t));
    // h2 arrived after l2 but goes first when the chip frees at 5.
    expect(Array.from(run.jobs.start.subarray(0, 3))).toEqual([0, 6, 5]);
  });
});
