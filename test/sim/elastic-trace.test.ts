import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summarize.js';
import { simulate } from '../../src/run-scenario.js';
import type { ElasticPoolResults } from '../../src/metrics/results.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/**
 * Hand-worked traces of elastic pools: every start, finish, boot and
 * power-off below was worked out on paper from the rules in
 * docs/scenario.md ("Elastic pools"), not read off a run.
 */
function elasticTrace(opts: { coldStartS?: number; reserved?: string; minNodes?: number } = {}): string {
  return `
name: three-jobs
horizon: 60
chips: { core: { kind: cpu } }
regions: [{ name: here }]
sites:
  - name: s
    region: here
    pools:
      - chip: core
        nodes: 0
        pricePerChipHour: 3.6            # 0.001 a second
        elastic: { minNodes: ${opts.minNodes ?? 0}, maxNodes: 2, bootS: { dist: constant, value: 10 }, idleTimeoutS: 5, rule: demand${opts.reserved ?? ''} }
classes:
  c: { speed: { core: 1 }, chips: 1, work: { dist: constant, value: 1 }${opts.coldStartS === undefined ? '' : `, coldStartS: ${opts.coldStartS}`} }
jobs:
  - { id: j1, class: c, origin: here, arrival: 0, work: 4 }
  - { id: j2, class: c, origin: here, arrival: 2, work: 20 }
  - { id: j3, class: c, origin: here, arrival: 16, work: 3 }
policy: fifo
`;
}

function run(yaml: string): { times: Record<string, [number, number]>; cost: Record<string, number>; pool: ElasticPoolResults; total: number } {
  const record = simulate(scenarioFrom(yaml));
  const times: Record<string, [number, number]> = {};
  const cost: Record<string, number> = {};
  for (let j = 0; j < record.jobs.length; j++) {
    times[record.jobs.idOf(j)] = [record.jobs.start[j] as number, record.jobs.finish[j] as number];
    cost[record.jobs.idOf(j)] = record.jobs.cost[j] as number;
  }
  const results = summarize(record);
  const pool = results.elastic?.byPool['s/core'];
  if (pool === undefined) throw new Error('no elastic results');
  return { times, cost, pool, total: results.elastic?.cost.total ?? NaN };
}

describe('an elastic pool, three jobs, boots of 10 s, idle timeout 5 s (hand-worked)', () => {
  it('boots one node per waiting job, runs each job on the first node ready, powers nodes off 5 s after they empty', () => {
    // t=0  j1 waits, no node: boot A (ready 10).      t=2  j2 waits: boot B (ready 12).
    // t=10 A ready, j1 starts (ends 14).              t=12 B ready, j2 starts (ends 32).
    // t=14 A idle until 19.  t=16 j3 starts on A at once (ends 19).  t=19 A idle: off at 24.
    // t=32 B idle: off at 37.
    const { times, cost, pool, total } = run(elasticTrace());
    expect(times).toEqual({ j1: [10, 14], j2: [12, 32], j3: [16, 19] });
    expect(pool.boots).toBe(2);
    expect(pool.cancelledBoots).toBe(0);
    expect(pool.powerOffs).toBe(2);
    expect(pool.drains).toBe(0);
    // A on 0..24, B on 2..37: 59 node-seconds; 20 of them booting; idle A 14..16 and 19..24, B 32..37: 12.
    expect(pool.nodeSecondsOn).toBeCloseTo(59, 9);
    expect(pool.bootNodeSeconds).toBeCloseTo(20, 9);
    expect(pool.idleNodeHours * 3600).toBeCloseTo(12, 9);
    // At 0.001 a chip-second: 0.059 on demand, of which the 27 busy seconds 0.027.
    expect(pool.cost.onDemandBusy).toBeCloseTo(0.027, 12);
    expect(pool.cost.onDemandIdle).toBeCloseTo(0.032, 12);
    expect(pool.cost.reserved).toBe(0);
    expect(total).toBeCloseTo(0.059, 12);
    // What each job's chips cost while it held them.
    expect(cost.j1).toBeCloseTo(0.004, 12);
    expect(cost.j2).toBeCloseTo(0.02, 12);
    expect(cost.j3).toBeCloseTo(0.003, 12);
    expect(pool.meanNodes.on).toBeCloseTo(59 / 60, 9);
  });

  it('charges a cold start to the first job of the class on each booted node, not to a later one on the same node', () => {
    // As above with coldStartS 1: j1 10..15 and j2 12..33 pay it; j3 16..19 on A does not.
    // A idle 15..16, then 19..24 (off at 24); B idle 33..38 (off at 38).
    const { times, pool } = run(elasticTrace({ coldStartS: 1 }));
    expect(times).toEqual({ j1: [10, 15], j2: [12, 33], j3: [16, 19] });
    expect(pool.coldStarts).toBe(2);
    expect(pool.coldStartSeconds).toBe(2);
    expect(pool.nodeSecondsOn).toBeCloseTo(24 + 36, 9);
  });

  it('bills reserved nodes for the whole run at their price, used or not, and the rest on demand', () => {
    // minNodes 1, reservedNodes 1 at 7.2 a chip-hour. t=0: the floor boots A (ready 10); j1 waits for it.
    // t=2: j2 waits, boot B (ready 12). j1 runs on A 10..14, j2 on B 12..32, j3 on A 16..19.
    // A, idle from 19, is the newest idle node past its timeout at 24 and powers off; B, alone, is the floor.
    // Reserved: 1 chip × 60 s × 0.002 = 0.12. On demand, the node on beyond the reserved one: 2..24, 22 s;
    // its chips ran jobs only while two jobs ran at once (12..14 and 16..19): 5 s busy, 17 s idle.
    const { times, pool } = run(elasticTrace({ minNodes: 1, reserved: ', reservedNodes: 1, reservedPricePerChipHour: 7.2' }));
    expect(times).toEqual({ j1: [10, 14], j2: [12, 32], j3: [16, 19] });
    expect(pool.cost.reserved).toBeCloseTo(0.12, 12);
    expect(pool.cost.onDemandBusy).toBeCloseTo(0.005, 12);
    expect(pool.cost.onDemandIdle).toBeCloseTo(0.017, 12);
    expect(pool.nodeSecondsOn).toBeCloseTo(24 + 58, 9);
    expect(pool.powerOffs).toBe(1);
  });
});

describe('a boot no longer needed', () => {
  it('is cancelled when its job starts on another pool first, and billed only while it booted', () => {
    const yaml = `
name: cancel
horizon: 30
chips: { core: { kind: cpu } }
regions: [{ name: here }]
sites:
  - name: s
    region: here
    pools:
      - { name: fixed, chip: core, nodes: 1 }
      - name: burst
        chip: core
        nodes: 0
        pricePerChipHour: 3.6
        elastic: { maxNodes: 1, bootS: { dist: constant, value: 10 }, idleTimeoutS: 0 }
classes:
  c: { speed: { core: 1 }, chips: 1, work: { dist: constant, value: 1 } }
jobs:
  - { id: j0, class: c, origin: here, arrival: 0, work: 5 }
  - { id: j1, class: c, origin: here, arrival: 1, work: 2 }
policy: fifo
`;
    const record = simulate(scenarioFrom(yaml));
    const burst = summarize(record).elastic?.byPool.burst;
    const j1 = 1;
    // j1 waits at 1: burst boots (ready 11). At 5 the fixed node frees: j1 starts there, the boot is cancelled.
    expect([record.jobs.start[j1], record.jobs.finish[j1], record.jobs.pool[j1]]).toEqual([5, 7, 0]);
    expect(burst?.boots).toBe(1);
    expect(burst?.cancelledBoots).toBe(1);
    expect(burst?.nodeSecondsOn).toBeCloseTo(4, 9);
    expect(burst?.cost.total).toBeCloseTo(0.004, 12);
  });
});

describe('scale-in by the schedule rule (hand-worked)', () => {
  it('drains busy nodes rather than stopping their jobs, powers each off when its jobs end, and takes a draining node back before booting', () => {
    const yaml = `
name: drain
horizon: 40
chips: { core: { kind: cpu } }
regions: [{ name: here }]
sites:
  - name: s
    region: here
    pools:
      - name: p
        chip: core
        nodes: 2
        elastic:
          maxNodes: 2
          bootS: { dist: constant, value: 10 }
          idleTimeoutS: 0
          rule: schedule
          schedule: { periodS: 1000, steps: [{ atS: 0, nodes: 2 }, { atS: 10, nodes: 0 }, { atS: 20, nodes: 2 }] }
classes:
  c: { speed: { core: 1 }, chips: 1, work: { dist: constant, value: 1 } }
jobs:
  - { id: j1, class: c, origin: here, arrival: 0, work: 30 }
  - { id: j2, class: c, origin: here, arrival: 0, work: 15 }
policy: fifo
`;
    // t=10: the schedule wants none; both nodes run a job, so both drain (the newer first). t=15: j2 ends, its node
    // powers off. t=20: the schedule wants two: the node still draining (j1's) is taken back, and one boots (ready 30).
    const record = simulate(scenarioFrom(yaml));
    expect([0, 1].map((j) => [record.jobs.start[j], record.jobs.finish[j]])).toEqual([
      [0, 30],
      [0, 15],
    ]);
    const pool = summarize(record).elastic?.byPool.p;
    expect([pool?.drains, pool?.powerOffs, pool?.reclaims, pool?.boots]).toEqual([2, 1, 1, 1]);
    // j1's node on 0..40; j2's on 0..15, then booting again from 20 and on to 40.
    expect(pool?.nodeSecondsOn).toBeCloseTo(40 + 15 + 20, 9);
    expect(pool?.bootNodeSeconds).toBeCloseTo(10, 9);
  });
});
