import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brainPolicyNames, parseScenario, policyNames, runScenario, simulate, summarize } from '../../../src/index.js';
import { expectResultsHoldInvariants } from '../../helpers/results-invariants.js';
import { scenarioArb, toYaml } from '../../helpers/random-scenarios.js';

/** A brain over the random scenarios' two sites: any policy, view, delay, transfer, and sometimes a policy of `far`'s own. */
const brainArb = fc.record({
  policy: fc.constantFrom(...brainPolicyNames()),
  d: fc.constantFrom(1, 2),
  refreshS: fc.constantFrom(0, 1, 7),
  delayS: fc.constantFrom<number | 'rtt'>(0, 0.5, 3, 'rtt'),
  transfer: fc.constantFrom('none', 'rtt'),
  farPolicy: fc.constantFrom(undefined, ...policyNames()),
  horizon: fc.constantFrom(undefined, 15),
  warmupS: fc.constantFrom(0, 4),
});

/** A random scenario under a random brain, as text. */
function brainScenario(g: Parameters<typeof toYaml>[0], b: typeof brainArb extends fc.Arbitrary<infer T> ? T : never): string {
  const sites = new Set(g.pools.map((p) => p.site)).size;
  let text = toYaml(g);
  if (b.farPolicy !== undefined) text = text.replace('{ name: far,', `{ name: far, policy: ${b.farPolicy},`);
  if (b.horizon !== undefined) text += `horizon: ${b.horizon}\n`;
  text += `warmupS: ${b.warmupS}\n`;
  text += `brain: { policy: ${b.policy}, region: r1, options: { d: ${Math.min(b.d, sites)} }, view: { refreshS: ${b.refreshS}, delayS: ${b.delayS} }, transfer: ${b.transfer} }\n`;
  return text;
}

describe('every brain policy, on random scenarios', () => {
  it('gives the same results whether the run keeps its jobs or recycles their slots (issue 20)', () => {
    fc.assert(
      fc.property(scenarioArb, brainArb, (g, b) => {
        const text = brainScenario(g, b);
        // runScenario recycles a finished job's slot for the next arrival; simulate keeps every job by default.
        const recycled = runScenario(parseScenario(text), { quantiles: 'exact' });
        const kept = summarize(simulate(parseScenario(text), { quantiles: 'exact', keepJobs: true }));
        expect(JSON.stringify({ ...recycled, perf: null })).toBe(JSON.stringify({ ...kept, perf: null }));
      }),
      { numRuns: 100, seed: 29 },
    );
  }, 600_000);

  it('conserves jobs, keeps every figure finite, and keeps its own books straight', () => {
    fc.assert(
      fc.property(scenarioArb, brainArb, (g, b) => {
        const text = brainScenario(g, b);
        const r = runScenario(parseScenario(text));
        expectResultsHoldInvariants(r);
        const brain = r.brain;
        if (brain === undefined) throw new Error('a brain run without a brain block');
        // Jobs rejected at arrival (nothing could ever run them) never reach the brain.
        expect(brain.decisions).toBeLessThanOrEqual(r.jobs.arrived);
        expect(brain.decisions).toBeGreaterThanOrEqual(r.jobs.arrived - r.jobs.rejected);
        expect(brain.misrouted).toBeLessThanOrEqual(brain.decisions);
        const sent = Object.values(brain.dispatches.bySite).reduce((a, n) => a + n, 0);
        if (brain.probes === undefined) {
          expect(sent).toBe(brain.decisions);
        } else {
          // Each job reserves at least one place; each that a site took binds once.
          expect(sent).toBe(brain.probes.bound);
          expect(brain.probes.sent).toBeGreaterThanOrEqual(brain.decisions);
          expect(brain.probes.bound + brain.probes.withdrawn).toBeLessThanOrEqual(brain.probes.sent);
        }
        // A view is never older than a refresh period and the longest delay (RTTs here are well under a second).
        const maxDelay = b.delayS === 'rtt' ? 1 : b.delayS;
        const bound = b.refreshS === 0 && b.delayS === 0 ? 0 : b.refreshS + maxDelay;
        if (brain.viewAgeS.max !== null) expect(brain.viewAgeS.max).toBeLessThanOrEqual(bound + 1e-9);
        for (const series of [...Object.values(brain.timeseries.dispatchRateBySite), ...Object.values(brain.timeseries.waitingBySite)]) {
          expect(series).toHaveLength(r.timeseries.t.length);
          for (const v of series) expect(Number.isFinite(v) && v >= -1e-9).toBe(true);
        }
      }),
      { numRuns: 150, seed: 23 },
    );
  }, 600_000);
});
