import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering of src/ (docs/architecture.md), checked on every import.
 * An arrow means "may import": a folder may import its own layer's
 * neighbours (without a cycle between folders) and every layer below it,
 * and the leaves from anywhere; nothing imports the command line.
 */
const LAYERS: readonly (readonly string[])[] = [
  // 0: the description of a run, read from files
  ['scenario'],
  // 1: the model built from it
  ['model'],
  // 2: what runs on the model
  ['policy', 'workload', 'metrics'],
  // 3: the simulation
  ['sim'],
  // 4: what uses runs: the library's entry points and the tools around them
  ['run-scenario', 'compare', 'sweep', 'import', 'report', 'bench', 'experiments', 'loader', 'index'],
  // 5: the command line
  ['cli'],
];
/** Imported from anywhere; they import nothing of the project but other leaves. */
const LEAVES = ['engine', 'stats', 'errors', 'io', 'threads'];
/** Pairs within a layer that must not import each other at all. */
const FORBIDDEN: readonly (readonly [from: string, to: string, why: string])[] = [
  ['metrics', 'policy', 'metrics describe runs, not the policies that made them'],
  ['metrics', 'workload', 'metrics describe runs, not where jobs came from'],
  ['policy', 'metrics', 'policies decide from the cluster, not from run statistics'],
  ['policy', 'workload', 'policies see jobs, not their sources'],
  ['workload', 'policy', 'arrivals never depend on the policy'],
];

const src = resolve(import.meta.dirname, '..', 'src');

/** Every import of src/, as (importing file, imported file), both relative to src/. */
function imports(): { from: string; to: string }[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) files.push(path);
    }
  };
  walk(src);
  const out: { from: string; to: string }[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(pattern)) {
      const spec = m[1] ?? m[2];
      if (spec === undefined || !spec.startsWith('.')) continue;
      out.push({ from: relative(src, file), to: relative(src, resolve(dirname(file), spec).replace(/\.js$/, '.ts')) });
    }
  }
  return out;
}

/** `sim/dispatcher.ts` → `sim`; a file at the top of src/ is its own folder (`errors.ts` → `errors`). */
function folderOf(path: string): string {
  const parts = path.split('/');
  return parts.length === 1 ? (parts[0] as string).replace(/\.ts$/, '') : (parts[0] as string);
}

function layerOf(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

/** Why an import from folder a to folder b breaks the layering, or undefined if it does not. */
export function violation(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  if (LEAVES.includes(b)) return undefined;
  if (LEAVES.includes(a)) return `${a} is a leaf and imports nothing of the project but other leaves`;
  if (b === 'cli') return 'nothing imports the command line';
  const la = layerOf(a);
  const lb = layerOf(b);
  if (la < 0) return `${a} is in no layer: add it to docs/architecture.md and this test`;
  if (lb < 0) return `${b} is in no layer: add it to docs/architecture.md and this test`;
  if (lb > la) return `${a} (layer ${la}) may not import ${b} (layer ${lb}, above it)`;
  const rule = FORBIDDEN.find(([from, to]) => from === a && to === b);
  if (rule !== undefined) return `${a} may not import ${b}: ${rule[2]}`;
  return undefined;
}

/** Cycles in a directed graph of folders, each as a path a → … → a. */
function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('the layering of src/', () => {
  const all = imports();

  it('finds the imports it checks (the scan itself works)', () => {
    expect(all.length).toBeGreaterThan(300);
    expect(all).toContainEqual({ from: 'sim/simulation.ts', to: 'engine/engine.ts' });
  });

  it('has every import go down the layers, or to a leaf, and never into the command line', () => {
    const bad = all.flatMap(({ from, to }) => {
      const why = violation(folderOf(from), folderOf(to));
      return why === undefined ? [] : [`${from} → ${to}: ${why}`];
    });
    expect(bad).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of all) {
      const a = folderOf(from);
      const b = folderOf(to);
      if (a === b) continue;
      if (!edges.has(a)) edges.set(a, new Set());
      edges.get(a)?.add(b);
    }
    expect(cycles(edges).map((c) => c.join(' → '))).toEqual([]);
  });

  it('keeps the simulation core free of files and module loaders', () => {
    const core = ['engine', 'model', 'policy', 'sim', 'metrics', 'workload'];
    const bad: string[] = [];
    for (const file of all.map((i) => i.from).filter((f, i, a) => a.indexOf(f) === i)) {
      if (!core.includes(folderOf(file)) || file.startsWith('workload/trace/')) continue;
      const text = readFileSync(join(src, file), 'utf8');
      if (/from ['"](node:fs|fs|tsx[^'"]*|node:module)['"]/.test(text)) bad.push(file);
    }
    expect(bad).toEqual([]);
  });

  it('would catch a forbidden import (the rules themselves can fail)', () => {
    expect(violation('model', 'policy')).toMatch(/may not import policy/);
    expect(violation('sim', 'cli')).toBe('nothing imports the command line');
    expect(violation('engine', 'model')).toMatch(/leaf/);
    expect(violation('metrics', 'policy')).toMatch(/not the policies/);
    expect(violation('report', 'sim')).toBeUndefined();
    expect(cycles(new Map([['a', new Set(['b'])], ['b', new Set(['a'])]]))).toEqual([['a', 'b', 'a']]);
  });
});
