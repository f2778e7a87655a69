import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/index.js';
import { itRefusesBadFixtures } from '../helpers/bad-fixtures.js';
import { runCli } from '../helpers/cli-capture.js';

const bad = join(import.meta.dirname, '..', 'fixtures', 'bad');
const dir = mkdtempSync(join(tmpdir(), 'manychip-brain-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two one-node sites under a brain, four jobs of 10 s at t = 0, 1, 2, 3. */
function scenario(brain: string): string {
  const path = join(dir, `s-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    path,
    `name: two-sites
chips: { cpu: { kind: cpu } }
regions: [{ name: r, lat: 30, lon: 120 }]
sites:
  - { name: a, lat: 30, lon: 120, pools: [{ chip: cpu, nodes: 1 }] }
  - { name: b, lat: 31, lon: 120, pools: [{ chip: cpu, nodes: 1 }] }
classes: { c: { speed: { cpu: 1 }, work: { dist: constant, value: 10 } } }
jobs:
  - { class: c, origin: r, arrival: 0, work: 10 }
  - { class: c, origin: r, arrival: 1, work: 10 }
  - { class: c, origin: r, arrival: 2, work: 10 }
  - { class: c, origin: r, arrival: 3, work: 10 }
brain: ${brain}
`,
  );
  return path;
}

function module(name: string, text: string): void {
  writeFileSync(join(dir, name), text);
}

describe('bad brain input on the command line', () => {
  const cases = ['brain-unknown-policy', 'brain-d-too-large', 'brain-elastic-pool', 'brain-negative-view', 'brain-unknown-site-policy', 'site-policy-without-brain', 'brain-rtt-without-region'];
  itRefusesBadFixtures(cases);

  it('still checks the sites’ policies when --policy replaces the scenario’s', async () => {
    const { code, err } = await runCli(['run', join(bad, 'brain-unknown-site-policy.yaml'), '--policy', 'fifo']);
    expect(code).toBe(2);
    expect(err).toMatch(/brain-unknown-site-policy\.yaml:6:97 sites\[1\]\.policy: unknown policy "shortest-first" for site "b"/);
  });
});

describe('user brain policies', () => {
  it('runs a module that scores sites from the view, and names it in the results', async () => {
    module('emptiest.mjs', `export default { name: 'emptiest', score: (job, site) => Object.values(site.freeChips).reduce((a, b) => a + b, 0) - site.waiting };\n`);
    const { code, out } = await runCli(['run', scenario('{ policy: ./emptiest.mjs }'), '--format', 'json']);
    expect(code).toBe(0);
    const r = JSON.parse(out) as Results;
    expect(r.brain?.policy).toBe('emptiest');
    // The view is fresh: the first job goes to a (a tie, the first listed), the second to b, which is free.
    expect(r.brain?.dispatches.bySite).toEqual({ a: 2, b: 2 });
    expect(r.jobs.completed).toBe(4);
  });

  it('hands choose frozen views: a policy cannot change what it is shown', async () => {
    module('meddler.mjs', `export default { name: 'meddler', choose(job, sites) { try { sites[0].waiting = 99; } catch { return sites[1]; } return sites[0]; } };\n`);
    const { code, out } = await runCli(['run', scenario('{ policy: ./meddler.mjs }'), '--format', 'json']);
    expect(code).toBe(0);
    expect((JSON.parse(out) as Results).brain?.dispatches.bySite).toEqual({ a: 0, b: 4 });
  });

  const garbage: [string, string, RegExp][] = [
    ['choose-number.mjs', `export default { name: 'x', choose: () => 42 };`, /brain policy "\.\/choose-number\.mjs": hook choose returned 42 for job job-0: expected one of the sites offered \(a SiteView from `sites`, or its name: a, b\)/],
    ['choose-unknown.mjs', `export default { name: 'x', choose: () => 'c' };`, /brain policy "\.\/choose-unknown\.mjs": hook choose returned "c" for job job-0/],
    ['score-nan.mjs', `export default { name: 'x', score: () => NaN };`, /brain policy "\.\/score-nan\.mjs": hook score returned NaN for job job-0 at site a: expected a finite number/],
    ['score-string.mjs', `export default { name: 'x', score: () => '3' };`, /brain policy "\.\/score-string\.mjs": hook score returned "3" for job job-0 at site a: expected a finite number/],
    ['throws.mjs', `export default { name: 'x', choose() { throw new Error('boom'); } };`, /brain policy "\.\/throws\.mjs": hook choose threw deciding job job-0: boom/],
    ['no-hooks.mjs', `export default { name: 'x' };`, /brain policy "\.\/no-hooks\.mjs": needs a choose hook \(the site for a job\) or a score hook \(a number per site\)/],
    ['choose-not-function.mjs', `export default { name: 'x', choose: 'a' };`, /brain policy "\.\/choose-not-function\.mjs": hook choose must be a function; got "a"/],
    ['no-name.mjs', `export default { choose: (job, sites) => sites[0] };`, /brain policy "\.\/no-name\.mjs": name must be a non-empty string; got undefined/],
    ['syntax-error.mjs', `export default {`, /brain policy "\.\/syntax-error\.mjs": could not load the module/],
  ];
  for (const [file, text, message] of garbage) {
    it(`refuses ${file} with one message naming the module, the hook and the value (exit 2)`, async () => {
      module(file, `${text}\n`);
      const { code, err } = await runCli(['run', scenario(`{ policy: ./${file} }`)]);
      expect(code).toBe(2);
      expect(err).toMatch(message);
      expect(err).not.toMatch(/\n\s+at /);
    });
  }

  it('refuses a brain policy module that does not exist, naming the path', async () => {
    const { code, err } = await runCli(['run', scenario('{ policy: ./missing.mjs }')]);
    expect(code).toBe(2);
    expect(err).toContain(`brain policy "./missing.mjs": no such brain policy module: ${join(dir, 'missing.mjs')}`);
  });
});

describe('manychip run under a brain', () => {
  it('explains the brain’s choice: each site as the view showed it, and the winner', async () => {
    const { code, out } = await runCli(['run', scenario('{ policy: least-loaded, view: { refreshS: 100 } }'), '--explain', 'job-1']);
    expect(code).toBe(0);
    const why = out.slice(out.indexOf('why · job job-1'));
    // At t = 1 the view is the one from t = 0, when both sites were empty: a tie, drawn at random.
    expect(why).toMatch(/the brain sent it to site [ab]/);
    expect(why).toMatch(/chosen by: the lowest load in the view; ties drawn uniformly/);
    expect(why).toMatch(/site\s+load\s+waiting\s+expectedWaitS\s+room\s+viewAgeS/);
    expect(why).toMatch(/a\s+0\s+0\s+0\s+1\s+1\n/);
    // Then the site's own scheduler places it.
    expect(why).toMatch(/(started on|waits:)/);
  });

  it('writes the brain section into the HTML report', async () => {
    const report = join(dir, 'report.html');
    const { code } = await runCli(['run', scenario('{ policy: power-of-d }'), '--report', report]);
    expect(code).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<section id="brain">');
    expect(html).toContain('data-chart="brain/fifo/sent"');
    expect(html).toContain('data-chart="brain/fifo/waiting"');
  });

  it('--brain-policy replaces the brain block’s policy: the same results as a file that names it', async () => {
    const json = async (argv: string[]): Promise<Results> => {
      const { code, out, err } = await runCli([...argv, '--format', 'json']);
      expect(code, err).toBe(0);
      const r = JSON.parse(out) as Results;
      return { ...r, perf: { wallSeconds: 0, eventsPerSecond: 0 } };
    };
    const view = 'view: { refreshS: 5 }';
    for (const policy of ['round-robin', 'least-loaded']) {
      const overridden = await json(['run', scenario(`{ policy: random, ${view} }`), '--brain-policy', policy]);
      expect(overridden.brain?.policy).toBe(policy);
      expect({ ...overridden, scenario: '' }).toEqual({ ...(await json(['run', scenario(`{ policy: ${policy}, ${view} }`)])), scenario: '' });
    }
    // A module given on the command line resolves against the working directory, not the scenario's (which is `dir`).
    module('last-site.mjs', `export default { name: 'last-site', choose: (job, sites) => sites[sites.length - 1] };\n`);
    for (const path of [join(dir, 'last-site.mjs'), relative(process.cwd(), join(dir, 'last-site.mjs'))]) {
      const custom = await json(['run', scenario('{ policy: random }'), '--brain-policy', path]);
      expect(custom.brain?.policy).toBe('last-site');
      expect(custom.brain?.dispatches.bySite).toEqual({ a: 0, b: 4 });
    }
  });

  it('--brain-policy refuses, exit 2, a scenario without a brain and a name it does not know', async () => {
    const plain = join(dir, 'plain.yaml');
    writeFileSync(plain, readFileSync(scenario('{ policy: random }'), 'utf8').replace(/^brain:.*$/m, ''));
    const none = await runCli(['run', plain, '--brain-policy', 'random']);
    expect(none.code).toBe(2);
    expect(none.err).toContain(`--brain-policy: ${plain} has no brain block, so there is no brain to give a policy (docs/brain.md)`);
    const unknown = await runCli(['run', scenario('{ policy: random }'), '--brain-policy', 'fastest']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--brain-policy: unknown brain policy "fastest" — known: random, round-robin, least-loaded, power-of-d, late-binding, cost-latency, or a module path (./my-brain.js)');
    expect(unknown.err).not.toMatch(/\n\s+at /);
  });

  it('prints the brain’s lines in the results table', async () => {
    const { code, out } = await runCli(['run', scenario('{ policy: late-binding, options: { d: 2 } }')]);
    expect(code).toBe(0);
    expect(out).toMatch(/brain\s+late-binding on a fresh view · 4 decisions/);
    expect(out).toMatch(/probes 8 sent, 4 taken, 4 withdrawn/);
  });
});
