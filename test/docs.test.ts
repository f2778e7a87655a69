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

describe('docs/scale-out.md and its examples', () => {
  it('sweep a bundled scenario, and run it as a Kubernetes Indexed Job and a Slurm array', async () => {
    const { planSweep } = await import('../src/sweep/sweep-plan.js');
    const { parseAllDocuments } = await import('yaml');
    const plan = planSweep(join(root, 'examples', 'sweeps', 'edge-load.yaml'));
    expect(plan.total).toBe(100);
    const k8s = parseAllDocuments(readFileSync(join(root, 'examples', 'k8s', 'sweep-indexed-job.yaml'), 'utf8'));
    expect(k8s.flatMap((d) => d.errors)).toEqual([]);
    const job = k8s.map((d) => d.toJS() as { kind?: string; spec?: { completionMode?: string; completions?: number; template?: { spec?: { containers?: { args?: string[] }[] } } } }).find((d) => d.spec?.completionMode === 'Indexed');
    expect(job?.kind).toBe('Job');
    const args = job?.spec?.template?.spec?.containers?.[0]?.args ?? [];
    expect(args.slice(0, 4)).toEqual(['sweep', 'examples/sweeps/edge-load.yaml', '--shard', `k8s/${job?.spec?.completions}`]);
    const slurm = readFileSync(join(root, 'examples', 'slurm', 'sweep-array.sh'), 'utf8');
    expect(slurm).toMatch(/^#SBATCH --array=0-3\b/m);
    expect(slurm).toMatch(/--shard "slurm\/\$SHARDS"/);
    const doc = readFileSync(join(root, 'docs', 'scale-out.md'), 'utf8');
    expect(doc).not.toMatch(/measured:/);
  });
});

describe('the results contract version the docs quote', () => {
  it('is the one manychip writes, in every example row and in the README command list', async () => {
    const { RESULTS_SCHEMA_VERSION } = await import('../src/metrics/results.js');
    const quoted = ['README.md', 'docs/scale-out.md', 'docs/outputs.md'].flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      // Example JSON rows, and "(schemaVersion N, docs/outputs.md)" / "(`schemaVersion` N:" that describe what is written now.
      return [...text.matchAll(/"schemaVersion": ?(\d+)|schemaVersion`? (\d+)(?:, docs\/outputs\.md\)|:)/g)].map((m) => `${file}: ${m[1] ?? m[2]}`);
    });
    expect(quoted.length).toBeGreaterThanOrEqual(3);
    for (const q of quoted) expect(q).toMatch(new RegExp(`: ${RESULTS_SCHEMA_VERSION}$`));
  });
});

describe('docs/policies.md', () => {
  it('has a heading for every built-in policy', () => {
    const headings = readFileSync(join(root, 'docs', 'policies.md'), 'utf8').match(/^### .*$/gm) ?? [];
    const named = new Set(headings.flatMap((h) => h.replace(/ — .*$/, '').slice(4).split(/[\s,:]+/)));
    for (const name of policyNames()) expect(named.has(name), name).toBe(true);
  });
});
