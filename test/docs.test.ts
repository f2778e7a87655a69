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

/** A JSON Schema node, as much of it as the walk below reads. */
interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode | boolean;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
}

/** A field of the schema: its path as docs/scenario.md writes paths (`sites[].pools[].chip`, `classes.<key>.speed`), and the object it is a field of. */
interface Field {
  path: string;
  owner: SchemaNode;
  ownerPath: string;
}

/** The branches of a node: itself and, recursively, its anyOf/oneOf/allOf alternatives. */
function branches(node: SchemaNode): SchemaNode[] {
  return [node, ...[...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])].flatMap(branches)];
}

function schemaFields(node: SchemaNode, prefix = ''): Field[] {
  return branches(node).flatMap((b) => [
    ...Object.entries(b.properties ?? {}).flatMap(([key, child]) => {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      return [{ path, owner: node, ownerPath: prefix }, ...schemaFields(child, path)];
    }),
    ...(typeof b.additionalProperties === 'object' ? schemaFields(b.additionalProperties, `${prefix}.<key>`) : []),
    ...(typeof b.items === 'object' ? schemaFields(b.items, `${prefix}[]`) : []),
  ]);
}

/** The schema paths a YAML example sets, the schema telling list items and map keys (`<key>`) from fields. */
function examplePaths(value: unknown, node: SchemaNode, prefix: string): string[] {
  if (Array.isArray(value)) {
    const items = branches(node).map((b) => b.items).find((i): i is SchemaNode => typeof i === 'object');
    return items === undefined ? [] : value.flatMap((v) => examplePaths(v, items, `${prefix}[]`));
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const field = branches(node).find((b) => b.properties?.[key] !== undefined)?.properties?.[key];
    if (field !== undefined) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      return [path, ...examplePaths(v, field, path)];
    }
    const entry = branches(node).map((b) => b.additionalProperties).find((a): a is SchemaNode => typeof a === 'object');
    return entry === undefined ? [] : examplePaths(v, entry, `${prefix}.<key>`);
  });
}

describe('docs/scenario.md documents every field', () => {
  it('shows each field of schema/scenario.schema.json in an example, or names it', async () => {
    const { parse } = await import('yaml');
    const schema = JSON.parse(readFileSync(join(root, 'schema', 'scenario.schema.json'), 'utf8')) as SchemaNode;
    const fields = schemaFields(schema);
    const doc = readFileSync(join(root, 'docs', 'scenario.md'), 'utf8');

    const shown = new Set<string>();
    for (const block of yamlBlocks('docs/scenario.md')) {
      // A commented-out key (`# outputGB: 5`) shows its field as a live one does.
      const uncommented = block.replace(/^(\s*)# (?=[A-Za-z]+:)/gm, '$1');
      let data: unknown;
      try {
        data = parse(uncommented);
      } catch {
        data = parse(block);
      }
      // A block that shows part of a scenario (`pools:` alone) stands where its first key is the only field of that name.
      const first = data !== null && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data)[0] : undefined;
      const atRoot = first === undefined || schema.properties?.[first] !== undefined;
      const anchors = atRoot ? [] : fields.filter((f) => f.path.endsWith(`.${first}`) || f.path.endsWith(`[].${first}`));
      const at = atRoot ? { owner: schema, ownerPath: '' } : anchors.length === 1 ? anchors[0] : undefined;
      if (at !== undefined) for (const path of examplePaths(data, at.owner, at.ownerPath)) shown.add(path);
    }

    const backticked = [...doc.matchAll(/`([^`\n]+)`/g)].map((m) => (m[1] as string).replace(/<\w+>/g, '<key>').replace(/\[\w*\]/g, '[]'));
    const leaf = (path: string): string => path.slice(path.lastIndexOf('.') + 1);
    const leafCount = new Map<string, number>();
    for (const path of new Set(fields.map((f) => f.path))) leafCount.set(leaf(path), (leafCount.get(leaf(path)) ?? 0) + 1);
    // `classes.<c>.bid`, `sites[].pools[].pricing.dynamic`, `trace.onBadRow`: a path, or its tail of two steps or more.
    const namedByPath = (path: string): boolean => backticked.some((n) => n.includes('.') && (path === n || path.endsWith(`.${n}`)));
    // `coldStartS` alone names the one field of that name; `deadline` alone does not say which.
    const namedAlone = (path: string): boolean => leafCount.get(leaf(path)) === 1 && backticked.includes(leaf(path));
    // An elastic pool's bootS is a distribution as a class's work is; the doc shows the distributions once, as work.
    const asWork = (path: string): string => path.replace(/^sites\[\]\.pools\[\]\.elastic\.bootS\./, 'classes.<key>.work.');
    const documented = (path: string): boolean => shown.has(path) || shown.has(asWork(path)) || namedByPath(path) || namedAlone(path);
    const missing = [...new Set(fields.map((f) => f.path))].filter((p) => !documented(p));
    // On a failure: document the field in docs/scenario.md, in the annotated example or by its path (`classes.<c>.field`).
    expect(missing).toEqual([]);
  });
});

describe('the README and docs/ stand alone', () => {
  it('link only to files in the repository, and name only the top-level documents it has', async () => {
    const { existsSync, readdirSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const broken: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (!/^[a-z]+:/.test(target as string) && !existsSync(join(root, dirname(file), target as string))) broken.push(`${file}: ${target}`);
      }
      // BENCHMARKS.md, CHANGELOG.md …: named without a link, they are read at the top of the repository.
      for (const [name] of text.matchAll(/\b[A-Z][A-Z_]+\.md\b/g)) if (!existsSync(join(root, name))) broken.push(`${file}: ${name}`);
    }
    expect(broken).toEqual([]);
  });
});

describe('docs/compare.md', () => {
  it('lists every compare metric in its table, and counts them in the Holm example', async () => {
    const { compareMetrics } = await import('../src/compare/compare-metrics.js');
    const text = readFileSync(join(root, 'docs', 'compare.md'), 'utf8');
    const table = /\n## Metrics\n([\s\S]*?)\n\n/.exec(text)?.[1] ?? '';
    const listed = [...table.matchAll(/`(\w+)`/g)].map((m) => m[1]);
    for (const m of compareMetrics) expect(listed, m.key).toContain(m.key);
    const holm = /over the (\d+) metrics below makes (\d+) tests \(each of (\d+) policies/.exec(text);
    expect(holm?.slice(1).map(Number)).toEqual([compareMetrics.length, compareMetrics.length * 3, 3]);
  });
});
