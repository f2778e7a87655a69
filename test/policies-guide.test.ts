import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { JobState, simulate, type Policy, type RunRecord } from '../src/index.js';
import { loadPolicySource } from '../src/loader/load-policy.js';
import { scenarioFrom } from './helpers/scenarios.js';

const root = join(import.meta.dirname, '..');

/** The modules of docs/policies.md: every ```ts block that starts with `// file: <name>`. */
function guideModules(): Map<string, string> {
  const text = readFileSync(join(root, 'docs', 'policies.md'), 'utf8');
  return new Map([...text.matchAll(/```ts\n\/\/ file: (\S+)\n([\s\S]*?)```/g)].map((m) => [m[1] as string, m[2] as string]));
}

const policies = new Map<string, Policy>();
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'manychip-policy-'));
  for (const [file, text] of guideModules()) {
    writeFileSync(join(dir, file), text);
    // Loaded as a user's module is: TypeScript, from a folder of its own, importing types from 'manychip'.
    const policy = await loadPolicySource(join(dir, file));
    if (typeof policy !== 'string') policies.set(file, policy);
  }
});

/** A scenario of `pools` (name, chip kind, price, chips) at two sites and explicit `jobs`. */
function scenario(pools: string, jobs: string, extra = ''): ReturnType<typeof scenarioFrom> {
  return scenarioFrom(`name: guide
chips: { c: { kind: cpu }, g: { kind: gpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites:
${pools}
classes:
  j: { speed: { c: 1, g: 1 }, work: { dist: constant, value: 1 } }
  training: { speed: { c: 1, g: 1 }, work: { dist: constant, value: 1 } }
  low: { speed: { c: 1, g: 1 }, work: { dist: constant, value: 1 }, preemptible: true }
  high: { speed: { c: 1, g: 1 }, work: { dist: constant, value: 1 }, priority: 5 }
jobs:
${jobs}
${extra}`);
}

const run = (file: string, s: ReturnType<typeof scenarioFrom>): RunRecord => {
  const policy = policies.get(file);
  if (policy === undefined) throw new Error(`docs/policies.md has no module ${file}`);
  return simulate(s, { policy });
};
const ids = (r: RunRecord): string[] => Array.from({ length: r.jobs.length }, (_, j) => r.jobs.idOf(j));
const byId = (r: RunRecord, f: (j: number) => unknown): Record<string, unknown> => Object.fromEntries(ids(r).map((id, j) => [id, f(j)]));
const poolOf = (r: RunRecord) => (j: number): string => r.model.pools[r.jobs.pool[j] as number]?.name ?? '-';
const startOf = (r: RunRecord) => (j: number): number => r.jobs.start[j] as number;

const twoSites = `  - { name: near, region: r, pools: [{ name: near-dear, chip: c, nodes: 2, pricePerChipHour: 4 }] }
  - { name: far, lat: 32, lon: 120, pools: [{ name: far-cheap, chip: c, nodes: 2, pricePerChipHour: 1 }] }`;
const onePool = (kind = 'c', nodes = 1): string => `  - { name: s, region: r, pools: [{ name: only, chip: ${kind}, nodes: ${nodes} }] }`;

describe('docs/policies.md: every worked example loads and does what the guide says', () => {
  it('has the modules the guide presents, one per hook and the opening one', () => {
    expect([...guideModules().keys()]).toEqual(['cheap-not-full.ts', 'deadline-first.ts', 'keep-headroom.ts', 'cheap-fast-near.ts', 'pin-by-kind.ts', 'shortest-first.ts', 'evict-for-priority.ts']);
    expect([...policies.keys()]).toEqual([...guideModules().keys()]);
  });

  it('cheap-not-full: the cheap pool until it is over 90% allocated, then the dear one', () => {
    const r = run('cheap-not-full.ts', scenario(twoSites, [0, 1, 2].map((i) => `  - { id: j${i}, class: j, origin: r, arrival: 0, work: 5 }`).join('\n')));
    expect(byId(r, poolOf(r))).toEqual({ j0: 'far-cheap', j1: 'far-cheap', j2: 'near-dear' });
  });

  it('order, deadline-first: the earliest deadline first, then jobs without one (fifo would start b first)', () => {
    const jobs = `  - { id: a, class: j, origin: r, arrival: 0, work: 10 }
  - { id: none, class: j, origin: r, arrival: 1, work: 1 }
  - { id: late, class: j, origin: r, arrival: 1, work: 1, deadline: 100 }
  - { id: soon, class: j, origin: r, arrival: 1, work: 1, deadline: 20 }`;
    const r = run('deadline-first.ts', scenario(onePool(), jobs));
    expect(byId(r, startOf(r))).toEqual({ a: 0, soon: 10, late: 11, none: 12 });
  });

  it('filter, keep-headroom: a training job never on CPUs (rejected), and a quarter of a pool kept free', () => {
    const cpu = run('keep-headroom.ts', scenario(onePool('c', 4), '  - { id: t, class: training, origin: r, arrival: 0, work: 1 }'));
    expect(cpu.jobs.state[0]).toBe(JobState.Rejected);
    expect(cpu.rejectReasons).toEqual(['filter: training never runs on CPUs']);
    // Four one-chip jobs on four chips: the fourth would leave nothing free, so it waits for the first three.
    const r = run('keep-headroom.ts', scenario(onePool('g', 4), [0, 1, 2, 3].map((i) => `  - { id: j${i}, class: j, origin: r, arrival: 0, work: 10 }`).join('\n')));
    expect(byId(r, startOf(r))).toEqual({ j0: 0, j1: 0, j2: 0, j3: 10 });
  });

  it('score, cheap-fast-near: cost weighs most, so the cheap far pool', () => {
    const r = run('cheap-fast-near.ts', scenario(twoSites, '  - { id: j, class: j, origin: r, arrival: 0, work: 5 }'));
    expect(byId(r, poolOf(r))).toEqual({ j: 'far-cheap' });
  });

  it('place, pin-by-kind: each class on its kind (queued there rather than elsewhere), a class without one rejected', () => {
    const pools = `  - { name: s, region: r, pools: [{ name: cpus, chip: c, nodes: 4 }, { name: gpu, chip: g, nodes: 1 }] }`;
    const jobs = `  - { id: i0, class: j, origin: r, arrival: 0, work: 10 }
  - { id: i1, class: j, origin: r, arrival: 0, work: 10 }
  - { id: t, class: training, origin: r, arrival: 0, work: 1 }`;
    const r = run('pin-by-kind.ts', scenario(pools, jobs, 'policyOptions: { kinds: { j: gpu } }'));
    expect(byId(r, poolOf(r))).toEqual({ i0: 'gpu', i1: 'gpu', t: '-' });
    expect(byId(r, startOf(r))).toMatchObject({ i0: 0, i1: 10 });
    expect(r.rejectReasons).toEqual(['no chip kind for class training']);
  });

  it('batch, shortest-first: the short job first, though it arrived with the long one', () => {
    const jobs = `  - { id: long, class: j, origin: r, arrival: 0, work: 10 }
  - { id: short, class: j, origin: r, arrival: 0, work: 1 }`;
    const r = run('shortest-first.ts', scenario(onePool(), jobs));
    expect(byId(r, startOf(r))).toEqual({ long: 1, short: 0 });
  });

  it('preempt, evict-for-priority: the high-priority job takes the chip of the low one at once', () => {
    const jobs = `  - { id: low, class: low, origin: r, arrival: 0, work: 10 }
  - { id: high, class: high, origin: r, arrival: 1, work: 1 }`;
    const r = run('evict-for-priority.ts', scenario(onePool(), jobs));
    expect(byId(r, startOf(r))).toEqual({ low: 2, high: 1 });
    expect(byId(r, (j) => r.jobs.preemptions[j])).toEqual({ low: 1, high: 0 });
  });
});
