import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { RuleView } from '../../src/index.js';
import { queueLengthRule } from '../../src/policy/elastic-rules/queue-length.js';
import { scheduleRule } from '../../src/policy/elastic-rules/schedule.js';
import { targetUtilisationRule } from '../../src/policy/elastic-rules/target-utilisation.js';

/** A rule's view with the counts given, the rest zero. */
function view(v: Partial<RuleView>): RuleView {
  return {
    now: 0,
    name: 'p',
    pool: 0,
    chipsPerNode: 1,
    minNodes: 0,
    maxNodes: 100,
    on: 0,
    booting: 0,
    idle: 0,
    busy: 0,
    draining: 0,
    stopping: 0,
    off: 0,
    failed: 0,
    bootMeanS: 10,
    waitingJobs: 0,
    waitingNodes: 0,
    allocatedChips: 0,
    utilisation: NaN,
    lastDesired: 0,
    options: {},
    nextReadyAt: () => Infinity,
    readyTimes: () => [],
    canBoot: () => true,
    ...v,
  };
}

describe('target-utilisation, as the Kubernetes horizontal autoscaler computes it', () => {
  const p = { target: 0.5, intervalS: 15, stabilisationS: 60, tolerance: 0.1 };

  it('wants ceil(ready × utilisation / target) nodes, booting ones counting at zero use', () => {
    // 4 ready at 80% with target 50%: ceil(4 × 1.6) = 7 (a boot under way adds nothing to the product).
    expect(targetUtilisationRule(p).desired(view({ now: 0, idle: 1, busy: 3, booting: 2, utilisation: 0.8 }))).toBe(7);
  });

  it('changes nothing within the tolerance of the target', () => {
    expect(targetUtilisationRule(p).desired(view({ now: 0, idle: 2, busy: 3, booting: 1, utilisation: 0.54 }))).toBe(6);
  });

  it('scales down only to the highest recommendation of the stabilisation window', () => {
    const rule = targetUtilisationRule(p);
    expect(rule.desired(view({ now: 0, busy: 8, utilisation: 0.5 }))).toBe(8);
    // Utilisation falls to 10%: ceil(8 × 0.2) = 2 recommended, but 8 was recommended 15 s ago.
    expect(rule.desired(view({ now: 15, idle: 6, busy: 2, utilisation: 0.1 }))).toBe(8);
    expect(rule.desired(view({ now: 60, idle: 6, busy: 2, utilisation: 0.1 }))).toBe(8);
    // At 75 s the recommendation of 0 s has left the 60-s window.
    expect(rule.desired(view({ now: 75, idle: 6, busy: 2, utilisation: 0.1 }))).toBe(2);
  });

  it('gives waiting jobs the nodes they fill even when utilisation says otherwise', () => {
    expect(targetUtilisationRule(p).desired(view({ now: 0, idle: 2, utilisation: 0, waitingJobs: 1, waitingNodes: 3 }))).toBe(3);
  });
});

describe('queue-length', () => {
  it('adds nodesPerStep for every jobsPerStep waiting jobs (or part), on top of the busy nodes', () => {
    const rule = queueLengthRule({ jobsPerStep: 4, nodesPerStep: 2, intervalS: 0 });
    expect(rule.desired(view({ busy: 3, waitingJobs: 0 }))).toBe(3);
    expect(rule.desired(view({ busy: 3, waitingJobs: 1 }))).toBe(5);
    expect(rule.desired(view({ busy: 3, waitingJobs: 9 }))).toBe(9);
  });
});

describe('schedule', () => {
  const rule = scheduleRule({ periodS: 100, steps: [{ atS: 20, nodes: 5 }, { atS: 70, nodes: 1 }] });

  it('holds the count of the step in effect, the last step wrapping round before the first', () => {
    expect([5, 20, 69, 70, 99, 100, 125, 175].map((now) => rule.desired(view({ now })))).toEqual([1, 5, 5, 1, 1, 1, 5, 1]);
  });

  it('wakes at each step, into the next period', () => {
    expect([0, 20, 50, 70, 99, 170].map((now) => rule.nextChangeAfter?.(now))).toEqual([20, 70, 70, 120, 120, 220]);
  });
});

describe('rule modules', () => {
  const fixtures = resolve(import.meta.dirname, '..', 'fixtures', 'rules');
  const dir = mkdtempSync(join(tmpdir(), 'manychip-rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A scenario file in a fresh directory whose one elastic pool names the rule module. */
  function scenarioWith(rule: string): string {
    const file = join(dir, `${rule.replace(/\W/g, '_')}.yaml`);
    writeFileSync(
      file,
      `name: rules
horizon: 200
chips: { core: { kind: cpu } }
regions: [{ name: r }]
sites:
  - name: s
    region: r
    pools:
      - { chip: core, nodes: 0, elastic: { maxNodes: 4, bootS: { dist: constant, value: 5 }, idleTimeoutS: 0, rule: ${JSON.stringify(rule)} } }
classes:
  c: { speed: { core: 1 }, chips: 1, work: { dist: constant, value: 20 } }
workload:
  - { class: c, origin: r, arrivals: { process: poisson, rate: 0.1 } }
`,
    );
    return file;
  }

  async function run(rule: string): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const sink = (f: (t: string) => void) => ({ write: (t: string) => (f(t), true) });
    const code = await main(['run', scenarioWith(rule), '--format', 'json'], sink((t) => (out += t)), sink((t) => (err += t)));
    return { code, out, err };
  }

  it('run by path, named in the results by their own name; a factory in TypeScript keeps state per run', async () => {
    const js = await run(join(fixtures, 'double-the-queue.mjs'));
    expect(js.code).toBe(0);
    const results = JSON.parse(js.out) as { elastic: { byPool: Record<string, { rule: string; boots: number }> } };
    expect(results.elastic.byPool['s/core']?.rule).toBe('double-the-queue');
    expect(results.elastic.byPool['s/core']?.boots).toBeGreaterThan(0);
    const ts = await run(join(fixtures, 'counting.ts'));
    expect(ts.code).toBe(0);
    const ratchet = JSON.parse(ts.out) as { elastic: { byPool: Record<string, { rule: string; powerOffs: number; boots: number }> } };
    expect(ratchet.elastic.byPool['s/core']?.rule).toBe('ratchet');
    // It never wants fewer nodes than it once did: nothing is powered off.
    expect(ratchet.elastic.byPool['s/core']?.powerOffs).toBe(0);
  });

  it('that throw, return garbage or export no rule are bad input: one message naming the module and the value, exit 2, no stack', async () => {
    const cases: [string, RegExp][] = [
      ['throws.mjs', /^error: rule module "[^"]*throws\.mjs": threw for pool s\/core at t=[\d.]+: no plan for a queue$/m],
      ['garbage.mjs', /^error: rule module "[^"]*garbage\.mjs": returned "lots" for pool s\/core at t=0; desired\(view\) must return a number of nodes \(finite, >= 0\)$/m],
      ['not-a-rule.mjs', /^error: rule module "[^"]*not-a-rule\.mjs": the default export must be a rule — \{ name\?, intervalS\?, desired\(view\) \} — or a function that returns one; got 42$/m],
      ['missing.mjs', /^error: rule module "[^"]*missing\.mjs": no such rule module: .*missing\.mjs$/m],
    ];
    for (const [file, message] of cases) {
      const r = await run(join(fixtures, file));
      expect(r.code, file).toBe(2);
      expect(r.err, file).toMatch(message);
      expect(r.err, file).not.toMatch(/\n\s+at /);
    }
  });
});
