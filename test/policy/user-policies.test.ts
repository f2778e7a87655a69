import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadPolicy, PolicyError, simulate, type Policy } from '../../src/index.js';
import { scenarioFrom } from '../helpers/scenarios.js';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'policies');

const twoPools = (jobs: string): string => `name: user
chips: { a: { kind: cpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites:
  - { name: near, region: r, pools: [{ name: near-dear, chip: a, nodes: 2, pricePerChipHour: 4 }] }
  - { name: far, lat: 32, lon: 120, pools: [{ name: far-cheap, chip: a, nodes: 2, pricePerChipHour: 1 }] }
classes: { j: { speed: { a: 1 }, work: { dist: constant, value: 1 } } }
jobs:
${jobs}`;

const pools = (run: ReturnType<typeof simulate>): string[] =>
  Array.from({ length: run.jobs.length }, (_, j) => run.model.pools[run.jobs.pool[j] as number]?.name ?? '-');

describe('user policies', () => {
  it('runs the bundled example: cheapest first, never a pool over 90% allocated', async () => {
    const policy = await loadPolicy('examples/policies/cheap-not-full.js', root);
    expect(policy.name).toBe('cheap-not-full');
    const jobs = Array.from({ length: 3 }, () => '  - { class: j, origin: r, arrival: 0, work: 5 }').join('\n');
    const run = simulate(scenarioFrom(twoPools(jobs)), { policy });
    // far-cheap until it is full (2 chips: 100% > 90% after the second), then near-dear.
    expect(pools(run)).toEqual(['far-cheap', 'far-cheap', 'near-dear']);
  });

  it('takes a policy object directly, with normalised, weighted score parts', () => {
    const nearFirst: Policy = {
      name: 'near-first',
      score: (job, pool, ctx) => ({ cost: ctx.expectedCost(job, pool), rtt: ctx.rttMs(job, pool) }),
      lowerIsBetter: ['cost', 'rtt'],
      weights: { cost: 1, rtt: 2 },
    };
    const run = simulate(scenarioFrom(twoPools('  - { class: j, origin: r, arrival: 0, work: 5 }')), { policy: nearFirst });
    expect(pools(run)).toEqual(['near-dear']);
  });

  it('loads a TypeScript policy through tsx', async () => {
    const policy = await loadPolicy(join(fixtures, 'prefer-last.ts'));
    const run = simulate(scenarioFrom(twoPools('  - { class: j, origin: r, arrival: 0, work: 5 }')), { policy });
    expect(pools(run)).toEqual(['far-cheap']);
  });

  it('uses place, order and filter hooks', () => {
    const policy: Policy = {
      name: 'hooks',
      order: (a, b) => b.estimate - a.estimate,
      filter: (_job, pool) => (pool.name === 'near-dear' ? { reason: 'too dear', never: true } : undefined),
    };
    const jobs = ['  - { id: short, class: j, origin: r, arrival: 0, work: 1 }', '  - { id: long, class: j, origin: r, arrival: 0, work: 9 }'].join('\n');
    const run = simulate(scenarioFrom(twoPools(jobs)), { policy });
    expect(pools(run)).toEqual(['far-cheap', 'far-cheap']);
    const placing: Policy = { name: 'place', place: (_job, ctx) => ({ pool: ctx.pools[0] as NonNullable<(typeof ctx.pools)[0]>, mode: 'now' }) };
    expect(pools(simulate(scenarioFrom(twoPools(jobs)), { policy: placing }))).toEqual(['near-dear', 'near-dear']);
  });

  it('shows a job put back in the queue by a preemption without the pool and start it had', () => {
    const seen: { pool: string | undefined; start: number; running: boolean }[] = [];
    const policy: Policy = {
      name: 'evict',
      filter(job, _pool, ctx) {
        if (job.id === 'first') seen.push({ pool: job.pool, start: job.start, running: ctx.running().some((r) => r.id === 'first') });
        return undefined;
      },
      preempt: (job, ctx) => (job.id === 'second' ? ctx.running().filter((r) => r.id === 'first') : []),
    };
    const one = `name: one
chips: { a: { kind: cpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites: [{ name: s, region: r, pools: [{ name: only, chip: a, nodes: 1 }] }]
classes: { j: { speed: { a: 1 }, work: { dist: constant, value: 1 }, preemptible: true } }
jobs:
  - { id: first, class: j, origin: r, arrival: 0, work: 5 }
  - { id: second, class: j, origin: r, arrival: 1, work: 5 }
`;
    const run = simulate(scenarioFrom(one), { policy });
    expect(run.jobs.preemptions[0]).toBe(1);
    // Decided at 0 (waiting), then again after the preemption (waiting again): never with a pool or a start.
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((v) => v.pool === undefined && Number.isNaN(v.start) && !v.running)).toBe(true);
    // Running, as ctx.running() shows it, it has both.
    const views: { pool: string | undefined; start: number }[] = [];
    const look: Policy = { ...policy, name: 'look', preempt: (_job, ctx) => (views.push(...ctx.running().map((r) => ({ pool: r.pool, start: r.start }))), []) };
    simulate(scenarioFrom(one), { policy: look });
    expect(views[0]).toEqual({ pool: 'only', start: 0 });
  });

  it('rejects a job every pool of which a filter says can never suit it', () => {
    const policy: Policy = { name: 'never', filter: () => ({ reason: 'nothing suits', never: true }) };
    const run = simulate(scenarioFrom(twoPools('  - { class: j, origin: r, arrival: 0, work: 1 }')), { policy });
    expect(run.rejectReasons).toEqual(['filter: nothing suits']);
  });

  it('reports an error thrown by a policy with the policy’s name and the job it was deciding', async () => {
    const policy = await loadPolicy(join(fixtures, 'throws.mjs'));
    const jobs = ['  - { id: early, class: j, origin: r, arrival: 0, work: 1 }', '  - { id: late, class: j, origin: r, arrival: 2, work: 1 }'].join('\n');
    expect(() => simulate(scenarioFrom(twoPools(jobs)), { policy })).toThrow(PolicyError);
    expect(() => simulate(scenarioFrom(twoPools(jobs)), { policy })).toThrow('policy "broken": score threw deciding job late: no score for late jobs');
  });

  it('refuses a module without a policy as its default export, or no module at all', async () => {
    await expect(loadPolicy(join(fixtures, 'not-a-policy.mjs'))).rejects.toThrow(/default export with the Policy shape/);
    await expect(loadPolicy('./no/such/policy.js')).rejects.toThrow(/no such policy module/);
  });

  it('runs from the CLI by path, and reports a broken policy as bad input without a stack', async () => {
    let out = '';
    let err = '';
    const sink = (f: (t: string) => void) => ({ write: (t: string) => (f(t), true) });
    const ok = await main(['run', join(root, 'scenarios', 'quickstart.yaml'), '--policy', join(root, 'examples', 'policies', 'cheap-not-full.js')], sink((t) => (out += t)), sink((t) => (err += t)));
    expect(ok).toBe(0);
    expect(out).toMatch(/policy cheap-not-full/);
    const bad = await main(['run', join(root, 'scenarios', 'quickstart.yaml'), '--policy', join(fixtures, 'throws.mjs')], sink(() => {}), sink((t) => (err += t)));
    expect(bad).toBe(2);
    expect(err).toMatch(/^error: policy "broken": score threw deciding job \d+: no score for late jobs$/m);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
