import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'manychip-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (t) => ((out += t), true) }, { write: (t) => ((err += t), true) });
  return { code, out, err };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const lines = (text: string): string[] => text.trimEnd().split('\n');

describe('manychip validate reports every problem at once', () => {
  it('gives an unknown chip (line 8) and a negative mean (line 9) in one run, each located, with exit code 2', async () => {
    const path = file(
      'both.yaml',
      `name: both
horizon: 100
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites:
  - name: s
    region: r
    pools: [{ chip: b, nodes: 2 }]
classes: { c: { speed: { a: 1 }, work: { dist: exponential, mean: -1 } } }
workload:
  - { class: c, origin: r, arrivals: { process: poisson, rate: 1 } }
`,
    );
    const { code, out, err } = await cli('validate', path);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(lines(err)).toEqual([
      `error: ${path}:8:21 sites[0].pools[0].chip: unknown chip "b" — known: a`,
      `error: ${path}:9:67 classes.c.work.mean: must be greater than 0; got -1`,
    ]);
  });
});

describe('manychip validate warns as run would', () => {
  const path = file(
    'warn.yaml',
    `name: warn
horizon: 100
chips: { gpu: { kind: gpu } }
regions: [{ name: east, lat: 31.2, lon: 121.5 }, { name: west, lat: 30.6, lon: 104.1 }]
sites: [{ name: e, region: east, pools: [{ chip: gpu, nodes: 1, chipsPerNode: 8 }] }]
classes:
  big: { speed: { gpu: 1 }, chips: 16, work: { dist: constant, value: 1 } }
  near: { speed: { gpu: 1 }, work: { dist: constant, value: 1 }, slo: { circle: city } }
workload:
  - { class: big, origin: east, arrivals: { process: poisson, rate: 0.1 } }
  - { class: near, origin: { east: 1, west: 1 }, arrivals: { process: poisson, rate: 0.1 } }
`,
  );
  const warnings = [
    `${path}:7:8 classes.big: no pool can ever run this class: the pools with a chip it lists have nodes too small for a job of 16 chips; every job of it will be rejected`,
    `${path}:11:28 workload[1].origin: no pool that can run class "near" is within circle city (1 ms) of region "west": 50% of this entry's jobs will be rejected`,
  ];

  it('prints the warnings, located, and passes', async () => {
    const { code, out, err } = await cli('validate', path);
    expect(code).toBe(0);
    expect(out).toBe(`${path}: ok (1 site, 2 classes)\n`);
    expect(lines(err)).toEqual(warnings.map((w) => `warning: ${w}`));
  });

  it('makes them errors with --strict', async () => {
    const { code, out, err } = await cli('validate', '--strict', path);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(lines(err)).toEqual(warnings.map((w) => `error: ${w}`));
  });

  it('prints them at the start of run too', async () => {
    const { code, err } = await cli('run', path);
    expect(code).toBe(0);
    expect(lines(err).slice(0, 2)).toEqual(warnings.map((w) => `warning: ${w}`));
  });
});
