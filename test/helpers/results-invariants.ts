import { expect } from 'vitest';
import type { Results, Summary } from '../../src/index.js';

/**
 * The invariants every run's results hold, whatever the scenario: jobs
 * conserved, every number that is there finite (no NaN or Infinity, which
 * JSON turns into null), a summary with observations has all its
 * statistics, utilisation within [0, 1], cost and energy non-negative.
 */
export function expectResultsHoldInvariants(r: Results): void {
  const j = r.jobs;
  expect(j.arrived).toBe(j.completed + j.rejected + j.failed + j.unfinished);
  const summaries: [string, Summary][] = [
    ['wait', r.wait],
    ['jct', r.jct],
    ['slowdown', r.slowdown],
    ['rttMs', r.rttMs],
  ];
  for (const [name, s] of summaries) {
    for (const v of [s.mean, s.p50, s.p95, s.p99, s.max]) {
      if (s.count > 0) expect(Number.isFinite(v), `${name} with ${s.count} observations has ${String(v)}`).toBe(true);
      else expect(v).toBeNull();
    }
  }
  expect(Number.isFinite(r.cost.total) && r.cost.total >= 0, `cost.total ${r.cost.total}`).toBe(true);
  expect(Number.isFinite(r.energyKWh) && r.energyKWh >= 0, `energyKWh ${r.energyKWh}`).toBe(true);
  const fractions = [r.utilization.overall, ...Object.values(r.utilization.byChip), ...Object.values(r.utilization.bySite)];
  for (const u of fractions) expect(u >= 0 && u <= 1, `utilisation ${u}`).toBe(true);
  // Whatever JSON keeps of a number that was not finite is null: none may appear where the run had a number.
  const json = JSON.parse(JSON.stringify({ ...r, perf: undefined })) as Results;
  expect(json.cost.total).toBe(r.cost.total);
  expect(json.energyKWh).toBe(r.energyKWh);
  for (const v of Object.values(json.energy.bySite)) expect(v).not.toBeNull();
  for (const v of Object.values(json.cost.byProvider)) expect(v).not.toBeNull();
}
