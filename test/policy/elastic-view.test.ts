import { describe, expect, it } from 'vitest';
import type { Policy, PoolView } from '../../src/index.js';
import { simulate } from '../../src/run-scenario.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/** A static pool of one node busy until t=5, and an elastic pool with none on whose boots take `bootS`. */
const scenario = (bootS: number, extra = ''): string => `
name: boot-or-wait
chips: { core: { kind: cpu } }
regions: [{ name: r }]
sites:
  - name: s
    region: r
    pools:
      - { name: fixed, chip: core, nodes: 1 }
      - { name: burst, chip: core, nodes: 0, elastic: { maxNodes: 2, bootS: { dist: constant, value: ${bootS} }, idleTimeoutS: 0${extra} } }
classes:
  c: { speed: { core: 1 }, chips: 1, work: { dist: constant, value: 1 } }
jobs:
  - { id: j0, class: c, origin: r, arrival: 0, work: 5 }
  - { id: j1, class: c, origin: r, arrival: 1, work: 2 }
policy: mct
`;

describe('policies see elastic capacity', () => {
  it('mct waits for the busy static node when a boot would take longer, and takes the boot when it is sooner', () => {
    // j1 at t=1: the fixed node frees at 5 (a wait of 4); a boot of the burst pool, 30 s or 2 s.
    const slowBoot = simulate(scenarioFrom(scenario(30)));
    expect([slowBoot.jobs.pool[1], slowBoot.jobs.start[1]]).toEqual([0, 5]);
    const fastBoot = simulate(scenarioFrom(scenario(2)));
    expect([fastBoot.jobs.pool[1], fastBoot.jobs.start[1]]).toEqual([1, 3]);
  });

  it('a user policy reads the nodes by state and when each boot will be ready', () => {
    const seen: { now: number; booting: number; readyAt: number[]; wait: number; on: number }[] = [];
    const watcher: Policy = {
      name: 'watcher',
      place(job, ctx) {
        const pool = ctx.pools.find((p: PoolView) => p.elastic !== undefined);
        if (job.id === 'j1' && pool?.elastic !== undefined) {
          seen.push({ now: ctx.now, booting: pool.elastic.booting, readyAt: pool.elastic.readyTimes(), wait: ctx.expectedWaitS(pool), on: pool.elastic.on });
        }
        return 'wait';
      },
    };
    // A floor of 1: the burst pool boots one node at t=0, ready at 10.
    simulate(scenarioFrom(scenario(10, ', minNodes: 1')), { policy: watcher });
    expect(seen[0]).toEqual({ now: 1, booting: 1, readyAt: [10], wait: 9, on: 1 });
  });
});
