import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { parseScenario, runScenario, type Scenario } from '../../src/index.js';
import { assertFiniteResults } from '../../src/metrics/finite-results.js';
import { expectResultsHoldInvariants } from '../helpers/results-invariants.js';

const valid = parseScenario(
  `name: overflow
chips: { a: { kind: cpu } }
regions: [{ name: east, lat: 31.2, lon: 121.5 }, { name: west, lat: 30.6, lon: 104.1 }]
sites: [{ name: w, region: west, pools: [{ chip: a, nodes: 2 }] }]
classes: { c: { speed: { a: 1 }, inputGB: 1, work: { dist: constant, value: 1 } } }
jobs:
  - { class: c, origin: east, arrival: 0, work: 1 }
  - { class: c, origin: east, arrival: 1, work: 1 }
  - { class: c, origin: east, arrival: 2, work: 1 }
`,
  'overflow.yaml',
);

/** The scenario with network fields no validation would let through, as a library caller could build it. */
function unchecked(network: Partial<Scenario['network']>): Scenario {
  const copy = structuredClone(valid) as { network: Record<string, unknown> };
  Object.assign(copy.network, network);
  return copy as unknown as Scenario;
}

describe('results that overflow', () => {
  it('keep a finite mean when the values are finite but their sum is not', () => {
    const r = runScenario(unchecked({ overheadMs: 1e308 }));
    expectResultsHoldInvariants(r);
    expect(r.rttMs.count).toBe(3);
    expect(r.rttMs.mean).toBeGreaterThanOrEqual(1e308);
    expect(JSON.parse(JSON.stringify(r)).rttMs.mean).not.toBeNull();
  });

  it('fail with a message naming the field, never with a null in the JSON', () => {
    let error: unknown;
    try {
      runScenario(unchecked({ dataFeePerGB: 1e308 }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      "the results overflowed: cost.total is Infinity; the scenario's prices, fees, powers or run times are too large to add up (lower them)",
    );
  });

  it('name a number deep in arrays and objects by its whole path, and pass finite results through', () => {
    const nested = { timeSeries: { t: [0, 1, 2], pools: [{ used: [0.5, 1] }, { used: [0.25, NaN] }] }, perf: { wallSeconds: Infinity } };
    expect(() => assertFiniteResults(nested as never)).toThrow('the results overflowed: timeSeries.pools[1].used[1] is NaN;');
    const fine = { a: [1, [2, 3]], b: { c: -4 }, perf: { eventsPerSecond: Infinity } };
    expect(assertFiniteResults(fine as never)).toBe(fine);
  });
});
