import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, policyNames, runScenario } from '../src/index.js';
import { scenarioJsonSchema } from '../src/scenario/json-schema.js';

const root = join(import.meta.dirname, '..');
const scenarioFiles = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml'));

describe('bundled scenarios', () => {
  it('include the six kinds the project promises', () => {
    for (const name of ['mmc', 'quickstart', 'east-data-west-compute', 'edge-inference', 'render-farm', 'diurnal-bursty', 'national-grid']) {
      expect(scenarioFiles).toContain(`${name}.yaml`);
    }
  });

  for (const file of scenarioFiles) {
    it(`${file} points editors at the schema, validates and runs, conserving jobs`, () => {
      const path = join(root, 'scenarios', file);
      expect(readFileSync(path, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/scenario.schema.json');
      const scenario = loadScenarioFile(path, { policyNames: policyNames() });
      const r = runScenario(scenario);
      expect(r.jobs.arrived).toBeGreaterThan(0);
      expect(r.jobs.arrived).toBe(r.jobs.completed + r.jobs.rejected + r.jobs.failed + r.jobs.unfinished);
      // Some jobs ran (under the FGD protocol pods never leave, so none completes).
      expect(r.jobs.arrived - r.jobs.rejected - r.jobs.neverStarted).toBeGreaterThan(0);
      for (const u of Object.values(r.utilization.byChip)) expect(u).toBeLessThanOrEqual(1);
    });
  }

  it('national-grid reaches 1,000 nodes over 20 sites by generation, not by hand', () => {
    const s = loadScenarioFile(join(root, 'scenarios', 'national-grid.yaml'));
    const nodes = s.sites.reduce((n, site) => n + site.pools.reduce((m, p) => m + p.nodes, 0), 0);
    expect(s.sites.length).toBeGreaterThanOrEqual(20);
    expect(nodes).toBeGreaterThanOrEqual(1000);
  });

  it('render-farm loses nodes and restarts their jobs', () => {
    const r = runScenario(join(root, 'scenarios', 'render-farm.yaml'));
    expect(r.jobs.restarts).toBeGreaterThan(0);
  });
});

describe('schema/scenario.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (regenerate: manychip schema > schema/scenario.schema.json)', () => {
    const committed = JSON.parse(readFileSync(join(root, 'schema', 'scenario.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(scenarioJsonSchema());
  });
});
