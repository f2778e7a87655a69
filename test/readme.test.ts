import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenario, policyNames, runScenario } from '../src/index.js';
import { compare } from '../src/compare/compare.js';
import { compareTable } from '../src/report/compare-table.js';
import { resultsTable } from '../src/report/results-table.js';
import type { Mechanism } from '../src/scenario/schema.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('shows a scenario example that is valid and runs', () => {
    const block = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const r = runScenario(parseScenario(block ?? '', 'README.md'));
    expect(r.jobs.arrived).toBeGreaterThan(0);
    expect(r.jobs.arrived).toBe(r.jobs.completed + r.jobs.rejected + r.jobs.failed + r.jobs.unfinished);
  });

  it('names the two set-up commands, and .ci/run runs the test one', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
    const ci = readFileSync(join(import.meta.dirname, '..', '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm ci\b/m);
    // Exactly the README's command, run as is or under .ci/run's time limit (`within <seconds> <tests> npm test`).
    expect(ci).toMatch(/^(?:within \d+ \S+ )?npm test$/m);
  });

  it('names every built-in policy in its Policies section, and counts them right', () => {
    const section = /\n## Policies\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const names = policyNames();
    for (const name of names) expect(section, name).toContain(`\`${name}\``);
    // The README spells the count out; a policy added or removed changes the word in both places.
    const spelled = new Map([[24, 'twenty-four']]).get(names.length) ?? `${names.length} (add its spelling here)`;
    expect(section.toLowerCase()).toContain(`${spelled} built in`);
    expect(readme.toLowerCase()).toContain(`${spelled} built-in policies`);
  });

  // What `npm start` prints, re-run (about 2 s). Only the timing on the events line differs from machine to machine.
  const quickstart = /`npm start` runs[\s\S]*?```\n(quickstart · [\s\S]*?)```/.exec(readme);
  it('shows the table that npm start prints today (the quantile sketch, not --exact)', { timeout: 60_000 }, () => {
    expect(quickstart).not.toBeNull();
    const timing = / in [\d.]+ s \([\d.]+ M events\/s\)$/m;
    const shown = quickstart?.[1] ?? '';
    expect(shown).toMatch(timing);
    const printed = resultsTable(runScenario(join(import.meta.dirname, '..', 'scenarios', 'quickstart.yaml')));
    // On a mismatch: run `npm start` and paste its output there.
    expect(shown.replace(timing, ' in … s')).toBe(printed.replace(timing, ' in … s'));
  });

  // The compare of scaling rules, re-run (about 17 s), and the sweep of rules and floors planned.
  const rules = /\$ manychip compare (\S+) --rules (\S+) --seeds (\d+)((?: --metric \S+)*) --quiet\n([\s\S]*?)```/.exec(readme);
  it('shows the compare of scaling rules that scenarios/elastic-burst.yaml prints today', { timeout: 120_000 }, async () => {
    expect(rules).not.toBeNull();
    const [, file, list, seeds, metricFlags, table] = rules ?? [];
    const metrics = [...(metricFlags ?? '').matchAll(/--metric (\S+)/g)].map((m) => m[1] as string);
    const scenario = join(import.meta.dirname, '..', file as string);
    const c = compare(scenario, { policies: [loadScenarioFile(scenario).policy], elasticRules: (list as string).split(','), seeds: Number(seeds), metrics });
    expect(table).toBe(compareTable(c));
    const { planSweep } = await import('../src/sweep/sweep-plan.js');
    expect(planSweep(join(import.meta.dirname, '..', 'examples', 'sweeps', 'elastic-floors.yaml')).total).toBe(20);
  });

  // The compare of market mechanisms, re-run (about 20 s).
  const market = /\$ manychip compare (\S+) --mechanisms (\S+) --seeds (\d+) --quiet\n([\s\S]*?)```/.exec(readme);
  it('shows the compare of market mechanisms that scenarios/compute-market.yaml prints today', { timeout: 120_000 }, () => {
    expect(market).not.toBeNull();
    const [, file, list, seeds, table] = market ?? [];
    const scenario = join(import.meta.dirname, '..', file as string);
    const c = compare(scenario, { policies: [loadScenarioFile(scenario).policy], mechanisms: (list as string).split(',') as Mechanism[], seeds: Number(seeds) });
    expect(table).toBe(compareTable(c));
  });

  // Every compare table in the README, each re-run: the Alibaba one takes about 25 s.
  const tables = [...readme.matchAll(/\$ manychip compare (\S+) --policies (\S+) --seeds (\d+)( --quiet)?\n([\s\S]*?)```/g)];
  it('quotes compare tables', () => expect(tables.length).toBeGreaterThanOrEqual(2));
  for (const [, file, policies, seeds, , table] of tables) {
    it(`shows the compare table that ${file as string} prints today`, { timeout: 120_000 }, () => {
      const c = compare(join(import.meta.dirname, '..', file as string), { policies: (policies as string).split(','), seeds: Number(seeds) });
      // On a mismatch: run the command in the README and paste its output there.
      expect(table).toBe(compareTable(c));
    });
  }
});
