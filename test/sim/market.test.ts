import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenarioFile, runScenario, simulate, summarize } from '../../src/index.js';
import type { MarketLedger } from '../../src/model/market-ledger.js';
import { scenarioFrom } from '../helpers/scenarios.js';
import { expectMarketIdentities } from '../helpers/market-identities.js';

/** A pool of the order books: its name (its site's), chip, chips, ask (or a schedule), and RTT from the one region. */
interface PoolRow {
  name: string;
  chip?: string;
  chips?: number;
  ask: number;
  rttMs?: number;
  schedule?: string;
}

/**
 * A scenario of hand-worked order books: one region, one site per pool
 * (so that each has its own RTT), listed jobs of one class whose speed is
 * 1 on chip g, 0.5 on slow and 2 on fast.
 */
function book(pools: PoolRow[], jobs: string[], market: string): string {
  return `
name: book
chips: { g: { kind: gpu }, slow: { kind: gpu }, fast: { kind: gpu } }
regions: [{ name: r }]
sites:
${pools
  .map(
    (p) =>
      `  - { name: ${p.name}, region: r, provider: ${p.name}, pools: [{ chip: ${p.chip ?? 'g'}, nodes: 1, chipsPerNode: ${p.chips ?? 1}, pricePerChipHour: ${p.ask}${p.schedule === undefined ? '' : `, priceSchedule: ${p.schedule}`} }] }`,
  )
  .join('\n')}
network: { rttMs: { r: { ${pools.map((p) => `${p.name}: ${p.rttMs ?? 1}`).join(', ')} } } }
classes:
  c: { speed: { g: 1, slow: 0.5, fast: 2 }, work: { dist: constant, value: 1 } }
jobs:
${jobs.map((j) => `  - { class: c, origin: r, ${j} }`).join('\n')}
market: ${market}
`;
}

/** Each trade as [job id, site of the pool, start time, price per chip-hour], in the order made. */
function trades(text: string): [string, string, number, number][] {
  const run = simulate(scenarioFrom(text));
  const m = run.market as MarketLedger;
  expectMarketIdentities(run);
  return m.job.map((job, t) => [run.jobs.idOf(job), run.model.sites[run.model.pools[m.pool[t] as number]?.site as number]?.name as string, m.time[t] as number, m.price[t] as number]);
}

describe('the call market, on hand-worked order books', () => {
  // Bids 5, 5, 5 and 3 meet asks 2 (RTT 3), 2 (RTT 1), 1 (RTT 5) and 2 (RTT 1, two chips), at the clearing at t = 10.
  // a (bid 5, first by index among the t = 0 bids) takes the lowest ask, p3 at 1 + 0.5 · (5 − 1) = 3;
  // b ties p1, p2 and p4 on ask, p2 and p4 on RTT, and takes p2, declared first: 2 + 0.5 · 3 = 3.5;
  // c (arrived later) takes p4, and d (bid 3, last) its second chip at 2 + 0.5 · 1 = 2.5; p1 stays idle.
  it('breaks ties of bids by arrival, then index, and ties of asks by RTT, then declaration', () => {
    const text = book(
      [
        { name: 'p1', ask: 2, rttMs: 3 },
        { name: 'p2', ask: 2, rttMs: 1 },
        { name: 'p3', ask: 1, rttMs: 5 },
        { name: 'p4', ask: 2, rttMs: 1, chips: 2 },
      ],
      ['id: a, arrival: 0, work: 100, bid: 5', 'id: b, arrival: 0, work: 100, bid: 5', 'id: c, arrival: 1, work: 100, bid: 5', 'id: d, arrival: 0, work: 100, bid: 3'],
      '{ mechanism: call, intervalS: 10 }',
    );
    expect(trades(text)).toEqual([
      ['a', 'p3', 10, 3],
      ['b', 'p2', 10, 3.5],
      ['c', 'p4', 10, 3.5],
      ['d', 'p4', 10, 2.5],
    ]);
  });

  // y (bid 5) takes p2 at t = 10 (ask 3 below p1's 4) at 3 + 0.5 · 2 = 4; x (bid 2.5) finds no pool
  // with room under its bid (p1 asks 4; p2 is taken, and asks 3 even when y leaves at 60) and waits,
  // call after call, until p2's ask falls to 2 at t = 100: then it trades at 2 + 0.5 · 0.5 = 2.25.
  // z bids 1.5, below the lowest ask any pool will ever post (2): rejected at once.
  it('leaves a job that fits no pool under its bid waiting for a later call, and rejects one under every ask for good', () => {
    const text = book(
      [
        { name: 'p1', ask: 4 },
        { name: 'p2', ask: 3, schedule: '{ periodS: 100000, steps: [{ atS: 0, price: 3 }, { atS: 100, price: 2 }] }' },
      ],
      ['id: y, arrival: 0, work: 50, bid: 5', 'id: x, arrival: 0, work: 10, bid: 2.5', 'id: z, arrival: 0, work: 10, bid: 1.5'],
      '{ mechanism: call, intervalS: 10 }',
    );
    expect(trades(text)).toEqual([
      ['y', 'p2', 10, 4],
      ['x', 'p2', 100, 2.25],
    ]);
    const r = runScenario(scenarioFrom(text));
    expect(r.rejectReasons).toEqual({ 'bid-below-every-ask': 1 });
  });

  // z and v bid 6 for an hour of reference work. On slow p1 (ask 2) it runs 2 h, on fast p2 (ask 3) half an hour.
  // z (budget 5): p1's trade price is 2 + 0.5 · 4 = 4, so 8 for two hours, over budget (at the ask it would be 4, within);
  // p2's is 4.5, 2.25 for half an hour: z trades there. v (budget 9) then takes p1 at 4 (8 ≤ 9).
  it('holds a budget at the trade price, not at the ask', () => {
    const text = book(
      [
        { name: 'p1', chip: 'slow', ask: 2 },
        { name: 'p2', chip: 'fast', ask: 3 },
      ],
      ['id: z, arrival: 0, work: 3600, bid: 6, budget: 5', 'id: v, arrival: 0, work: 3600, bid: 6, budget: 9'],
      '{ mechanism: call, intervalS: 10 }',
    );
    expect(trades(text)).toEqual([
      ['z', 'p2', 10, 4.5],
      ['v', 'p1', 10, 4],
    ]);
    const run = simulate(scenarioFrom(text));
    // Paid exactly at the locked prices: 4.5 × 0.5 h and 4 × 2 h.
    expect(Array.from(run.jobs.cost.subarray(0, 2))).toEqual([2.25, 8]);
  });

  // w bids 6 with budget 1.5 for an hour on p1 (ask 1, which a periodic schedule raises to 2 for a while):
  // at the ask it would pay 1 (within budget), but a trade locks 1 + 0.5 · 5 = 3.5 at best. It can never
  // trade, so it is rejected over budget at once, rather than wait for ever while the schedule turns
  // (a run without a horizon never ended before).
  it('rejects a job whose budget the lowest trade price already exceeds, so that a run without horizon ends', () => {
    const text = book(
      [{ name: 'p1', ask: 1, schedule: '{ periodS: 100, steps: [{ atS: 0, price: 1 }, { atS: 50, price: 2 }] }' }],
      ['id: w, arrival: 0, work: 3600, bid: 6, budget: 1.5', 'id: u, arrival: 0, work: 3600, bid: 6, budget: 4'],
      '{ mechanism: continuous }',
    );
    expect(trades(text)).toEqual([['u', 'p1', 0, 3.5]]);
    const r = runScenario(scenarioFrom(text));
    expect(r.rejectReasons).toEqual({ 'over-budget': 1 });
    expect(r.jobs.completed).toBe(1);
  });

  it('rejects a job that only a pool above its bid could keep within budget, rather than leave it waiting while the prices change', () => {
    // On p1 (speed 1, ask 1, under the bid) a trade at k = 1 locks the bid: 2 × 1 h = 2 > 1.5. On p2 (speed 2)
    // 0.5 h would be within budget, but its ask (3, then 6) never comes down to the bid 2. No pool passes both;
    // before, the job passed each check on a different pool and waited while p2's price kept changing.
    const text = book(
      [
        { name: 'p1', ask: 1 },
        { name: 'p2', chip: 'fast', ask: 3, schedule: '{ periodS: 100, steps: [{ atS: 0, price: 3 }, { atS: 50, price: 6 }] }' },
      ],
      ['id: w, arrival: 0, work: 3600, bid: 2, budget: 1.5'],
      '{ mechanism: call, intervalS: 10, k: 1 }',
    );
    const r = runScenario(scenarioFrom(text));
    expect(r.rejectReasons).toEqual({ 'over-budget': 1 });
    expect(r.jobs).toMatchObject({ arrived: 1, rejected: 1, unfinished: 0 });
  });

  // k = 0: the trade price is the ask. a and c (bids 5) take p1 (ask 2) and p2 (ask 3) at t = 10; b (bid 4,
  // arrived with a) comes after both and waits; a leaves at 30, and the clearing then gives b p1 at 2.
  it('trades at the ask with k = 0', () => {
    const text = book(
      [
        { name: 'p1', ask: 2 },
        { name: 'p2', ask: 3 },
      ],
      ['id: a, arrival: 0, work: 20, bid: 5', 'id: b, arrival: 0, work: 5, bid: 4', 'id: c, arrival: 2, work: 25, bid: 5'],
      '{ mechanism: call, intervalS: 10, k: 0 }',
    );
    expect(trades(text)).toEqual([
      ['a', 'p1', 10, 2],
      ['c', 'p2', 10, 3],
      ['b', 'p1', 30, 2],
    ]);
  });

  // k = 1: the trade price is the bid, except for a spot job, which pays the ask. p1 asks 1 for two chips:
  // s (spot, bid 4) and a (bid 3) take them at 1 and 3; b (bid 2.5) waits until both leave at 20, then pays 2.5.
  it('trades at the bid with k = 1, and a spot job at the ask', () => {
    const text = book(
      [{ name: 'p1', ask: 1, chips: 2 }],
      ['id: s, arrival: 0, work: 10, bid: 4, tier: spot', 'id: a, arrival: 0, work: 10, bid: 3', 'id: b, arrival: 0, work: 10, bid: 2.5'],
      '{ mechanism: call, intervalS: 10, k: 1 }',
    );
    expect(trades(text)).toEqual([
      ['s', 'p1', 10, 1],
      ['a', 'p1', 10, 3],
      ['b', 'p1', 20, 2.5],
    ]);
    const run = simulate(scenarioFrom(text));
    expect(Array.from(run.jobs.cost.subarray(0, 3))).toEqual([10 / 3600, 30 / 3600, 25 / 3600]);
  });

  it('matches the same books at each arrival and release in a continuous market, without waiting for a call', () => {
    const text = book(
      [
        { name: 'p1', ask: 2 },
        { name: 'p2', ask: 3 },
      ],
      ['id: a, arrival: 0, work: 20, bid: 5', 'id: b, arrival: 0, work: 5, bid: 4', 'id: c, arrival: 2, work: 25, bid: 5'],
      '{ mechanism: continuous, k: 0 }',
    );
    // At 0, a (bid 5, first) takes p1 and b (bid 4) p2; c arrives at 2 to a full market and waits
    // until b leaves p2 at 5.
    expect(trades(text)).toEqual([
      ['a', 'p1', 0, 2],
      ['b', 'p2', 0, 3],
      ['c', 'p2', 5, 3],
    ]);
  });
});

describe('the identities at an instant where the price changes', () => {
  // Found by the market property: at t = 110 a job started at the ask then in force (1), and the re-pricing
  // of the same instant raised it to 3. Both asks were posted at t = 110; the trade is not below the ask.
  it('counts a trade made before a re-pricing of the same instant at the ask it met', () => {
    const file = join(import.meta.dirname, '..', 'fixtures', 'market', 'trade-at-a-repricing-instant.yaml');
    const run = simulate(loadScenarioFile(file));
    expectMarketIdentities(run);
    const m = run.market as MarketLedger;
    const t = m.time.findIndex((time, i) => time === 110 && m.price[i] === 1);
    expect(t).toBeGreaterThanOrEqual(0);
    expect(run.model.pools[m.pool[t] as number]?.price.priceAt(110)).toBe(3);
    expect(summarize(run).market?.trades).toBe(m.trades);
  });
});

describe('spot contracts', () => {
  // One pool asking 1, then 3 from t = 100, then 1 again from t = 300. A spot job bidding 2 with 1,000 s
  // of work starts at 0 (posted market). At 100 the ask passes its bid: notice. At 220 (notice 120 s) it is
  // reclaimed and requeued; it cannot start again while the ask is 3 and restarts at 300, ending at 1300.
  // It pays the ask, but never above its bid: 100 s at 1, 120 s at 2 (the ask is 3), 1,000 s at 1.
  const spot = (onPreempt: string, work = 1000, steps = '{ atS: 0, price: 1 }, { atS: 100, price: 3 }, { atS: 300, price: 1 }'): string => `
name: spot
chips: { g: { kind: gpu } }
regions: [{ name: r }]
sites:
  - { name: s, region: r, provider: p, pools: [{ chip: g, nodes: 1, pricePerChipHour: 1,
      priceSchedule: { periodS: 100000, steps: [${steps}] } }] }
classes:
  c: { speed: { g: 1 }, work: { dist: constant, value: 1 }, bid: 2, tier: spot, preemptible: true, onPreempt: ${onPreempt} }
jobs:
  - { id: j, class: c, origin: r, arrival: 0, work: ${work} }
market: { mechanism: posted, noticeS: 120 }
`;

  it('gives notice when the price crosses the bid, reclaims after the notice, requeues and restarts the job, with exact times and cost', () => {
    const run = simulate(scenarioFrom(spot('restart')));
    const m = run.market as MarketLedger;
    expect([m.notices, m.reclamations]).toEqual([1, 1]);
    expect(m.time).toEqual([0, 300]);
    expect(m.end).toEqual([220, 1300]);
    expect(run.jobs.finish[0]).toBe(1300);
    expect(run.jobs.cost[0]).toBeCloseTo((100 * 1 + 120 * 2 + 1000 * 1) / 3600, 15);
    expect(m.amount[0]).toBeCloseTo(340 / 3600, 15);
    const r = summarize(run);
    expect(r.market?.spot).toEqual({ notices: 1, reclamations: 1 });
    expect(r.jobs.preempted).toBe(0);
    expectMarketIdentities(run);
  });

  it('stops a run without a horizon whose spot job can never finish between reclamations, and says why', () => {
    // The price is under the bid for 100 s of every 200 (then 3 > 2 for 100 s); with a 120 s notice the job
    // runs 220 s at most, and its 1,000 s of work starts over after each reclamation: it would never end.
    const steps = '{ atS: 0, price: 1 }, { atS: 100, price: 3 }, { atS: 200, price: 1 }, { atS: 300, price: 3 }';
    const text = spot('restart', 1000, steps).replace('periodS: 100000', 'periodS: 400');
    expect(() => simulate(scenarioFrom(text))).toThrow(/spot jobs were reclaimed 10,000 times in a row with no job completing .*\(onPreempt: resume\)/);
    // Resuming, the same job keeps its progress and finishes.
    expect(runScenario(scenarioFrom(text.replace('onPreempt: restart', 'onPreempt: resume'))).jobs.completed).toBe(1);
  });

  it('rejects a reclaimed spot job whose budget its earlier runs have used up, so that a run without horizon ends', () => {
    // Found by the market property (it ran for ever): spot jobs with a budget restart after each reclamation,
    // and what they paid before counts against the budget; once no pool is within what is left, they are rejected.
    const file = join(import.meta.dirname, '..', 'fixtures', 'market', 'spot-budget-spent.yaml');
    const run = simulate(loadScenarioFile(file));
    expectMarketIdentities(run);
    const r = summarize(run);
    expect(r.rejectReasons['over-budget']).toBeGreaterThan(0);
    expect(r.jobs.arrived).toBe(r.jobs.completed + r.jobs.rejected + r.jobs.failed + r.jobs.unfinished);
    // Each was rejected after a reclamation, having paid at most its budget.
    const m = run.market as MarketLedger;
    expect(m.reclamations).toBeGreaterThan(0);
  });

  it('resumes a reclaimed job where it stopped when its class resumes', () => {
    const run = simulate(scenarioFrom(spot('resume')));
    // 220 s of its 1,000 done before the reclamation: 780 left from 300.
    expect(run.jobs.finish[0]).toBe(1080);
    expect(run.jobs.cost[0]).toBeCloseTo((100 + 240 + 780) / 3600, 15);
  });

  it('gives one notice per contract, however often the price changes above the bid meanwhile', () => {
    // 3 from 100, 4 from 150, 1 from 300: one notice at 100, the reclamation at 220.
    const run = simulate(scenarioFrom(spot('restart', 1000, '{ atS: 0, price: 1 }, { atS: 100, price: 3 }, { atS: 150, price: 4 }, { atS: 300, price: 1 }')));
    const m = run.market as MarketLedger;
    expect([m.notices, m.reclamations]).toEqual([1, 1]);
    expect(m.end).toEqual([220, 1300]);
  });

  it('lets a notice lapse when the job finishes before it runs out', () => {
    const run = simulate(scenarioFrom(spot('restart', 150)));
    const m = run.market as MarketLedger;
    expect([m.notices, m.reclamations]).toEqual([1, 0]);
    expect(run.jobs.finish[0]).toBe(150);
    expect(run.jobs.cost[0]).toBeCloseTo((100 * 1 + 50 * 2) / 3600, 15);
  });
});

describe('dynamic pricing', () => {
  // One pool of 4 chips, base 1, curve from 1× idle to 3× full, every 10 s. Two one-chip jobs from 0 to 25,
  // a third from 12 to 22. Utilisation at 10: 2/4 → ask 2; at 20: 3/4 → 2.5; at 30: 0 → 1.
  const text = `
name: dynamic
chips: { g: { kind: gpu } }
regions: [{ name: r }]
sites:
  - { name: s, region: r, pools: [{ chip: g, nodes: 1, chipsPerNode: 4, pricePerChipHour: 1,
      pricing: { dynamic: { curve: [[0, 1], [1, 3]], intervalS: 10 } } }] }
classes:
  c: { speed: { g: 1 }, work: { dist: constant, value: 1 } }
jobs:
  - { class: c, origin: r, arrival: 0, work: 25 }
  - { class: c, origin: r, arrival: 0, work: 25 }
  - { class: c, origin: r, arrival: 12, work: 10 }
`;

  it('re-evaluates the ask from the utilisation at every interval, each change an event, and locks each trade at the ask of its start', () => {
    const run = simulate(scenarioFrom(text));
    const price = run.model.pools[0]?.price;
    expect([5, 15, 25, 35].map((t) => price?.priceAt(t))).toEqual([1, 2, 2.5, 1]);
    const m = run.market as MarketLedger;
    expect(m.price).toEqual([1, 1, 2]);
    expect(Array.from(run.jobs.cost.subarray(0, 3))).toEqual([25 / 3600, 25 / 3600, 20 / 3600]);
    const r = summarize(run);
    expect(r.market?.mechanism).toBe('posted');
  });

  it('prices by the provider’s utilisation with of: provider', () => {
    const two = `
name: provider
chips: { g: { kind: gpu } }
regions: [{ name: r }]
sites:
  - { name: s, region: r, provider: west, pools: [{ chip: g, nodes: 1, chipsPerNode: 2, pricePerChipHour: 1 }, { chip: g, nodes: 1, chipsPerNode: 2, pricePerChipHour: 2 }] }
providers:
  west: { pricing: { dynamic: { curve: [[0, 1], [1, 2]], intervalS: 10, of: provider } } }
classes:
  c: { speed: { g: 1 }, work: { dist: constant, value: 1 } }
jobs:
  - { class: c, origin: r, arrival: 0, work: 15 }
`;
    const run = simulate(scenarioFrom(two));
    // One chip of the provider's four in use at 10: both pools at 1.25× their own price.
    expect(run.model.pools.map((p) => p.price.priceAt(12))).toEqual([1.25, 2.5]);
  });
});

describe('a posted market', () => {
  it('never starts a job where the ask exceeds its bid: it waits for the price to come down', () => {
    const text = `
name: posted
chips: { g: { kind: gpu } }
regions: [{ name: r }]
sites:
  - { name: s, region: r, pools: [{ chip: g, nodes: 1, pricePerChipHour: 1,
      priceSchedule: { periodS: 1000, steps: [{ atS: 0, price: 3 }, { atS: 400, price: 1.5 }] } }] }
classes:
  c: { speed: { g: 1 }, work: { dist: constant, value: 1 }, bid: 2 }
jobs:
  - { id: j, class: c, origin: r, arrival: 0, work: 100 }
`;
    for (const policy of ['fifo', 'cheapest', 'mct', 'min-min', 'best-fit', 'dbc-cost', 'dbc-time']) {
      const run = simulate(scenarioFrom(text), { policy });
      expect(run.jobs.start[0], policy).toBe(400);
      expect((run.market as MarketLedger).price, policy).toEqual([1.5]);
    }
  });

  it('holds an on-demand budget at the price the trade locks, not at the price curve over the run', () => {
    // Found by the market property (it ran for ever). The ask is 4 for the first 20 s of every 40 and 8 after.
    // 43 s at a locked 4/chip-hour cost 43·4/3600 = 0.0478, within the budget of 0.05; the curve over any
    // 43 s crosses a dear step (at best 20·4 + 20·8 + 3·4 = 252 → 0.07), so judging the budget by the
    // curve kept the job waiting for a start that never came, while the price kept changing.
    const text = `
name: locked-budget
chips: { g: { kind: gpu } }
regions: [{ name: r }]
sites:
  - { name: s, region: r, provider: p, pools: [{ chip: g, nodes: 1, pricePerChipHour: 4,
      priceSchedule: { periodS: 40, steps: [{ atS: 0, price: 4 }, { atS: 20, price: 8 }] } }] }
classes:
  c: { speed: { g: 1 }, work: { dist: constant, value: 1 }, bid: 5, budget: 0.05 }
jobs:
  - { id: j, class: c, origin: r, arrival: 49, work: 43 }
market: { mechanism: posted }
`;
    for (const policy of ['fifo', 'cheapest', 'mct', 'dbc-cost']) {
      const run = simulate(scenarioFrom(text), { policy });
      expect(run.jobs.start[0], policy).toBe(49);
      expect(run.jobs.finish[0], policy).toBe(92);
      expect(run.jobs.cost[0], policy).toBeCloseTo((43 * 4) / 3600, 15);
      expectMarketIdentities(run);
    }
    // A call market locks ask + k·(bid − ask) = 4 + 0.5·1 = 4.5: 43·4.5/3600 = 0.05375 breaks the budget, so the job is rejected at once.
    const call = summarize(simulate(scenarioFrom(text.replace('mechanism: posted', 'mechanism: call, intervalS: 10'))));
    expect(call.rejectReasons['over-budget']).toBe(1);
  });

  it('runs a scenario without a market, bids or dynamic prices exactly as before: no ledger, no contracts, no market block', () => {
    const text = book([{ name: 'p', ask: 1 }], ['arrival: 0, work: 1'], '{ mechanism: posted }').replace(/\nmarket: .*\n/, '\n');
    const run = simulate(scenarioFrom(text));
    expect(run.market).toBeUndefined();
    expect(run.model.market).toBeUndefined();
    expect('market' in summarize(run)).toBe(false);
  });
});
