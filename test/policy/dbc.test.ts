import { describe, expect, it } from 'vitest';
import { runScenario, simulate } from '../../src/index.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/**
 * Two one-chip pools: `slow` (speed 1) and `fast` (speed 4), at the asks
 * given; two listed jobs of 400 s of reference work arriving together, with
 * the deadline and budget given. Returns each job's site and start.
 */
function text(policy: string, askSlow: number, askFast: number, job: string): string {
  return `
name: dbc
chips: { slow: { kind: cpu }, fast: { kind: gpu } }
regions: [{ name: r }]
sites:
  - { name: slow, region: r, pools: [{ chip: slow, nodes: 1, pricePerChipHour: ${askSlow} }] }
  - { name: fast, region: r, pools: [{ chip: fast, nodes: 1, pricePerChipHour: ${askFast} }] }
classes:
  c: { speed: { slow: 1, fast: 4 }, work: { dist: constant, value: 1 } }
jobs:
  - { id: j1, class: c, origin: r, arrival: 0, work: 400${job} }
  - { id: j2, class: c, origin: r, arrival: 0, work: 400${job} }
policy: ${policy}
`;
}

function run(policy: string, askSlow: number, askFast: number, job: string): [string, number][] {
  const r = simulate(scenarioFrom(text(policy, askSlow, askFast, job)));
  return [0, 1].map((j) => [r.model.sites[r.model.pools[r.jobs.pool[j] as number]?.site as number]?.name ?? '-', r.jobs.start[j] as number]);
}

describe('DBC policies (Buyya et al.), worked by hand', () => {
  // Slow costs 400 s × 1/h = 0.111, fast 100 s × 6/h = 0.167.
  it('dbc-cost fills the cheapest pool as far as the deadline allows, then the dearer one', () => {
    // j1 takes slow (done at 400 ≤ 500); j2 would wait there until 400 and finish at 800, past its deadline: fast.
    expect(run('dbc-cost', 1, 6, ', deadline: 500')).toEqual([
      ['slow', 0],
      ['fast', 0],
    ]);
    // Without a deadline both go to the cheaper pool, j2 bound to its queue.
    expect(run('dbc-cost', 1, 6, '')).toEqual([
      ['slow', 0],
      ['slow', 400],
    ]);
  });

  it('dbc-time takes the earliest expected completion within the budget', () => {
    // j1 completes first on fast (100 s); j2 there after it (200) rather than on slow (400).
    expect(run('dbc-time', 1, 6, '')).toEqual([
      ['fast', 0],
      ['fast', 100],
    ]);
    // A budget of 0.15 rules fast out (0.167): both go slow.
    expect(run('dbc-time', 1, 6, ', budget: 0.15')).toEqual([
      ['slow', 0],
      ['slow', 400],
    ]);
  });

  // At asks 1 and 4 the two pools cost the same for these jobs: 400 s × 1/h = 100 s × 4/h.
  it('dbc-cost-time sends work among pools of equal cost to the earliest completion; dbc-cost to the one declared first', () => {
    expect(run('dbc-cost-time', 1, 4, '')).toEqual([
      ['fast', 0],
      ['fast', 100],
    ]);
    expect(run('dbc-cost', 1, 4, '')).toEqual([
      ['slow', 0],
      ['slow', 400],
    ]);
  });

  it('reject a job no pool can finish by its deadline even starting now, as deadline-infeasible', () => {
    // 400 s of work: 100 s on fast at best, past a 50 s deadline.
    for (const policy of ['dbc-cost', 'dbc-time', 'dbc-cost-time']) {
      expect(runScenario(scenarioFrom(text(policy, 1, 6, ', deadline: 50'))).rejectReasons, policy).toEqual({ 'deadline-infeasible': 2 });
    }
  });
});
