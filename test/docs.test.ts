import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, policyNames, runScenario } from '../src/index.js';

const root = join(import.meta.dirname, '..');

function yamlBlocks(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

describe('docs/scenario.md', () => {
  it('shows an annotated example that is valid and runs (its data files stand in test/fixtures/docs/data)', () => {
    const example = yamlBlocks('docs/scenario.md').find((b) => b.includes('name: annotated'));
    expect(example).toBeDefined();
    const scenario = parseScenario(example ?? '', 'docs/scenario.md', join(root, 'test', 'fixtures', 'docs'), { policyNames: policyNames() });
    expect(scenario.sites.map((s) => s.name)).toEqual(['bj-edge', 'gansu-hub', 'edge-0', 'edge-1', 'edge-2', 'north-hub']);
    const r = runScenario(scenario);
    expect(r.jobs.arrived).toBe(r.jobs.completed + r.jobs.rejected + r.jobs.failed + r.jobs.unfinished);
    expect(r.jobs.arrived).toBeGreaterThan(0);
  });
});
