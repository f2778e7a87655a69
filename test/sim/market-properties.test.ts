import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { policyNames, Simulation, simulate, summarize } from '../../src/index.js';
import { UserError } from '../../src/errors.js';
import { marketIdentityProblems } from '../../src/metrics/market-identities.js';
import type { MarketLedger } from '../../src/model/market-ledger.js';
import { scenarioFrom } from '../helpers/scenarios.js';
import { expectMarketIdentities } from '../helpers/market-identities.js';

/**
 * Random small markets: pools at fixed, scheduled or dynamic prices over
 * two providers, classes with bids, spot tiers, budgets and deadlines,
 * listed jobs, every mechanism and every built-in policy.
 */
const poolArb = fc.record({
  provider: fc.constantFrom('east', 'west'),
  chip: fc.constantFrom('a', 'b'),
  nodes: fc.integer({ min: 1, max: 3 }),
  chipsPerNode: fc.integer({ min: 1, max: 4 }),
  price: fc.constantFrom(1, 2, 4),
  pricing: fc.constantFrom('fixed', 'schedule', 'dynamic'),
});
const classArb = fc.record({
  chips: fc.constantFrom(0.5, 1, 2, 5),
  bid: fc.constantFrom(undefined, 1.5, 3, 6),
  spot: fc.boolean(),
  budget: fc.constantFrom(undefined, 0.005, 0.05),
  deadline: fc.constantFrom(undefined, 30),
  resume: fc.boolean(),
});
const marketArb = fc.record({
  pools: fc.array(poolArb, { minLength: 1, maxLength: 4 }),
  classes: fc.array(classArb, { minLength: 1, maxLength: 3 }),
  jobs: fc.array(fc.record({ cls: fc.nat(), arrival: fc.integer({ min: 0, max: 60 }), work: fc.integer({ min: 1, max: 60 }), bid: fc.constantFrom(undefined, 2, 5) }), { minLength: 1, maxLength: 25 }),
  mechanism: fc.constantFrom('posted', 'call', 'continuous'),
  k: fc.constantFrom(0, 0.5, 1),
  noticeS: fc.constantFrom(0, 5, 20),
  horizon: fc.constantFrom(undefined, 80),
  policy: fc.constantFrom(...policyNames()),
});

/**
 * A fixed seed keeps CI's runs the same from one to the next (a new seed
 * each run once found a market that never ended, in CI, where nobody could
 * look at it). Change it locally to explore other markets; each finding
 * becomes a hand-worked test in market.test.ts.
 */
const PROPERTY_SEED = 20261205;
type Market = typeof marketArb extends fc.Arbitrary<infer T> ? T : never;

function toYaml(g: Market): string {
  const pricing = (p: Market['pools'][number]): string => {
    if (p.pricing === 'schedule') return `, priceSchedule: { periodS: 40, steps: [{ atS: 0, price: ${p.price} }, { atS: 20, price: ${p.price * 2} }] }`;
    if (p.pricing === 'dynamic') return `, pricing: { dynamic: { curve: [[0, 0.5], [0.5, 1], [1, 3]], intervalS: 5 } }`;
    return '';
  };
  const sites = g.pools.map((p, i) => `  - { name: s${i}, region: r, provider: ${p.provider}, pools: [{ chip: ${p.chip}, nodes: ${p.nodes}, chipsPerNode: ${p.chipsPerNode}, pricePerChipHour: ${p.price}${pricing(p)} }] }`);
  const classes = g.classes.map((c, i) => {
    const bid = c.bid ?? (c.spot ? 3 : undefined);
    const extra = [
      bid === undefined ? '' : `, bid: ${bid}`,
      c.spot ? ', tier: spot' : '',
      c.budget === undefined ? '' : `, budget: ${c.budget}`,
      c.deadline === undefined ? '' : `, slo: { deadline: ${c.deadline} }`,
    ].join('');
    return `  k${i}: { speed: { a: 1, b: 2 }, chips: ${c.chips}, preemptible: true, onPreempt: ${c.resume ? 'resume' : 'restart'}, work: { dist: constant, value: 1 }${extra} }`;
  });
  const jobs = g.jobs.map((j) => `  - { class: k${j.cls % g.classes.length}, origin: r, arrival: ${j.arrival}, work: ${j.work}${j.bid === undefined ? '' : `, bid: ${j.bid}`} }`);
  return `name: random-market
chips: { a: { kind: cpu }, b: { kind: gpu } }
regions: [{ name: r }]
${g.horizon === undefined ? '' : `horizon: ${g.horizon}\n`}sites:
${sites.join('\n')}
classes:
${classes.join('\n')}
jobs:
${jobs.join('\n')}
policy: ${g.policy}
market: { mechanism: ${g.mechanism}, intervalS: 10, k: ${g.k}, noticeS: ${g.noticeS} }
`;
}

/**
 * The run, or undefined when it stopped as the simulation stops a run
 * without a horizon that would go on for ever: spot jobs reclaimed for
 * ever (work longer than the time their price stays under the bid,
 * restarting each time), or jobs waiting for a start whose run the price
 * curve keeps within their budget, while the prices keep changing.
 */
function simulateOrStop(text: string): ReturnType<typeof simulate> | undefined {
  try {
    return simulate(scenarioFrom(text));
  } catch (e) {
    if (e instanceof UserError && /reclaimed [\d,]+ times in a row with no job completing|prices changed [\d,]+ times in a row with jobs waiting/.test(e.message)) return undefined;
    throw e;
  }
}

describe('every market run', () => {
  it('holds the identities: paid = earned per provider, no job above its bid or budget, no trade below the ask, jobs conserved; and is deterministic', () => {
    fc.assert(
      fc.property(marketArb, (g) => {
        const text = toYaml(g);
        const run = simulateOrStop(text);
        if (run === undefined) return;
        expectMarketIdentities(run);
        const r = summarize(run);
        expect(r.jobs.arrived).toBe(r.jobs.completed + r.jobs.rejected + r.jobs.failed + r.jobs.unfinished);
        const m = r.market;
        expect(m?.paid).toBeCloseTo(Object.values(m?.revenueByProvider ?? {}).reduce((a, b) => a + b, 0), 12);
        // Every start was a trade.
        expect(m?.trades).toBe((run.market as MarketLedger).trades);
        const again = summarize(simulate(scenarioFrom(text)));
        expect(JSON.stringify({ ...again, perf: null })).toBe(JSON.stringify({ ...r, perf: null }));
      }),
      { numRuns: 150, seed: PROPERTY_SEED },
    );
  });

  it('explains its decisions, clearings included, without moving any of them', () => {
    fc.assert(
      fc.property(marketArb, (g) => {
        const text = toYaml(g);
        if (simulateOrStop(text) === undefined) return;
        const explained = new Simulation(scenarioFrom(text), { explain: { sample: 1000 } }).run();
        const plain = new Simulation(scenarioFrom(text)).run();
        // Without perf and explanations (which the explained run adds, where the results place them).
        const strip = (r: object): string => {
          const { perf: _perf, explanations: _explanations, ...rest } = r as Record<string, unknown>;
          return JSON.stringify(rest);
        };
        expect(strip(summarize(explained))).toBe(strip(summarize(plain)));
        // A clearing's start names its pool and its trade.
        for (const job of explained.explanations ?? []) {
          for (const d of job.decisions) {
            if (d.trade === undefined) continue;
            expect(d.kind).toBe('start');
            expect(d.candidates[d.winner as number]?.pool).toBe(d.pool);
            expect(d.trade.price).toBeGreaterThanOrEqual(d.trade.ask);
            expect(d.trade.ask).toBeLessThanOrEqual(d.trade.bid);
          }
        }
      }),
      { numRuns: 80, seed: PROPERTY_SEED },
    );
  });
});

describe('the identity check', () => {
  const text = toYaml({
    pools: [
      { provider: 'east', chip: 'a', nodes: 1, chipsPerNode: 2, price: 1, pricing: 'fixed' },
      { provider: 'west', chip: 'b', nodes: 1, chipsPerNode: 2, price: 2, pricing: 'fixed' },
    ],
    classes: [{ chips: 1, bid: 6, spot: false, budget: undefined, deadline: undefined, resume: false }],
    jobs: [0, 1, 2, 3, 4].map((i) => ({ cls: 0, arrival: i, work: 30, bid: undefined })),
    mechanism: 'call',
    k: 0.5,
    noticeS: 5,
    horizon: undefined,
    policy: 'fifo',
  });

  it('names a provider paid less than its contracts say, a trade below the ask, a job charged what it did not pay', () => {
    const run = simulate(scenarioFrom(text));
    const m = run.market as MarketLedger;
    expect(marketIdentityProblems(m, run.jobs, run.model)).toEqual([]);
    m.revenue[0] = (m.revenue[0] as number) + 1;
    m.price[0] = 0.5;
    run.jobs.cost[1] = (run.jobs.cost[1] as number) + 1;
    const problems = marketIdentityProblems(m, run.jobs, run.model);
    expect(problems.some((p) => p.startsWith('provider east earned'))).toBe(true);
    expect(problems.some((p) => /^trade 0 .* at 0\.5 is below the ask 1 /.test(p))).toBe(true);
    expect(problems.some((p) => new RegExp(`^job ${run.jobs.idOf(1)} was charged .* but paid`).test(p))).toBe(true);
    // A run whose identities broke is a bug: the results say so rather than report it.
    expect(() => summarize(run)).toThrow(/market identities broken/);
  });
});
