import { expect } from 'vitest';
import type { RunRecord } from '../../src/index.js';
import { marketIdentityProblems } from '../../src/metrics/market-identities.js';

/** The market's identities hold on the run (paid = earned per provider, no job above its bid or budget, no trade below the ask, jobs conserved). */
export function expectMarketIdentities(run: RunRecord): void {
  expect(run.market).toBeDefined();
  if (run.market === undefined) return;
  expect(marketIdentityProblems(run.market, run.jobs, run.model)).toEqual([]);
}
