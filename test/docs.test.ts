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

describe('docs/traces.md', () => {
  it('quotes the FGD protocol table that docs/fgd-protocol.json holds (npm run experiment:fgd writes both)', () => {
    const text = readFileSync(join(root, 'docs', 'traces.md'), 'utf8');
    const data = JSON.parse(readFileSync(join(root, 'docs', 'fgd-protocol.json'), 'utf8')) as { curves: { policy: string; mean: (number | null)[] }[] };
    const xs = [80, 90, 95, 100, 110, 120, 130];
    for (const curve of data.curves) {
      const row = new RegExp(`^\\| ${curve.policy} \\| (.*) \\|$`, 'm').exec(text);
      expect(row, curve.policy).not.toBeNull();
      const cells = (row?.[1] ?? '').split(' | ').slice(0, xs.length).map((c) => Number.parseFloat(c));
      expect(cells).toEqual(xs.map((x) => curve.mean[x]));
    }
  });
});
