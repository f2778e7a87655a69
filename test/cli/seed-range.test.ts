import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare } from '../../src/compare/compare.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { runCli } from '../helpers/cli-capture.js';

const root = join(import.meta.dirname, '..', '..');
const TINY = join(root, 'test/fixtures/sweeps/tiny.yaml');
const dir = mkdtempSync(join(tmpdir(), 'manychip-seed-range-'));
const MAX = '9007199254740991';
const pastIt = (first: string, count: number): string =>
  `must be at most ${MAX} (the largest seed); ${first} + ${count} − 1 is past it: start from a smaller seed or run fewer`;

/** The tiny scenario with its seed set to `seed`. */
function scenarioWithSeed(name: string, seed: string): string {
  const file = join(dir, name);
  writeFileSync(file, `name: high\nseed: ${seed}\nchips: { core: { kind: cpu } }\nregions: [{ name: here }]\nsites:\n  - { name: s, region: here, pools: [{ chip: core, nodes: 1, chipsPerNode: 1 }] }\nclasses: { job: { speed: { core: 1 }, chips: 1, work: { dist: constant, value: 1 } } }\nworkload: [{ class: job, origin: here, arrivals: { process: poisson, rate: 1 }, count: 3 }]\npolicy: fifo\n`);
  return file;
}

describe('seeds past the largest one', () => {
  it('compare refuses --seed + --seeds − 1 past 2^53 − 1 before any run, naming both flags', async () => {
    for (const first of ['9007199254740990', MAX]) {
      const r = await runCli(['compare', TINY, '--policies', 'fifo,random', '--seed', first, '--seeds', '3', '--quiet']);
      expect(r).toEqual({ code: 2, out: '', err: `error: --seed + --seeds − 1 ${pastIt(first, 3)}\n` });
    }
  });

  it('compare names the scenario when its seed is the first', async () => {
    const file = scenarioWithSeed('compare-high.yaml', '9007199254740990');
    const r = await runCli(['compare', file, '--policies', 'fifo,random', '--quiet']);
    expect(r).toEqual({ code: 2, out: '', err: `error: the seed of ${file} + --seeds − 1 ${pastIt('9007199254740990', 10)}\n` });
  });

  it('the library refuses a count of seeds that runs past the largest', () => {
    const s = parseScenario(`name: x\nseed: ${MAX}\nchips: { c: { kind: cpu } }\nregions: [{ name: r }]\nsites: [{ name: s, region: r, pools: [{ chip: c, nodes: 1, chipsPerNode: 1 }] }]\nclasses: { j: { speed: { c: 1 }, chips: 1, work: { dist: constant, value: 1 } } }\nworkload: [{ class: j, origin: r, arrivals: { process: poisson, rate: 1 }, count: 2 }]\n`);
    expect(() => compare(s, { policies: ['fifo'], seeds: 2 })).toThrow(`the scenario’s seed + seeds − 1 ${pastIt(MAX, 2)}`);
    expect(() => compare(s, { policies: ['fifo'], seeds: [1, 2 ** 53] })).toThrow(`seeds must be whole numbers from 0 to ${MAX}, got ${2 ** 53}`);
  });

  it('sweep refuses --seed + --seeds − 1 past it before any run, and writes no rows', async () => {
    const out = join(dir, 'flags.jsonl');
    const r = await runCli(['sweep', TINY, '--policies', 'fifo,random', '--seed', '9007199254740990', '--seeds', '3', '--workers', '0', '--quiet', '-o', out]);
    expect(r).toEqual({ code: 2, out: '', err: `error: --seed + --seeds − 1 ${pastIt('9007199254740990', 3)}\n` });
    expect(existsSync(out)).toBe(false);
  });

  it('sweep locates the problem at the sweep file’s seeds, or at the scenario’s seed', async () => {
    const scenario = scenarioWithSeed('sweep-high.yaml', '9007199254740990');
    const sweep = join(dir, 'high-sweep.yaml');
    writeFileSync(sweep, 'scenario: sweep-high.yaml\nmatrix: { horizon: [10, 20] }\nseeds: 3\n');
    const fromFile = await runCli(['sweep', sweep, '--workers', '0', '--quiet', '-o', join(dir, 'a.jsonl')]);
    expect(fromFile).toEqual({ code: 2, out: '', err: `error: ${sweep}:3:8 seeds: the seed of ${scenario} + seeds − 1 ${pastIt('9007199254740990', 3)}\n` });
    const withSeed = await runCli(['sweep', sweep, '--seed', MAX, '--workers', '0', '--quiet', '-o', join(dir, 'b.jsonl')]);
    expect(withSeed).toEqual({ code: 2, out: '', err: `error: ${sweep}:3:8 seeds: --seed + seeds − 1 ${pastIt(MAX, 3)}\n` });
    const bySet = await runCli(['sweep', scenario, '--set', 'horizon=10,20', '--workers', '0', '--quiet', '-o', join(dir, 'c.jsonl')]);
    expect(bySet).toEqual({ code: 2, out: '', err: `error: ${scenario}:2:7 seed: the seed of ${scenario} + --seeds (default 10) − 1 ${pastIt('9007199254740990', 10)}\n` });
    for (const f of ['a', 'b', 'c']) expect(existsSync(join(dir, `${f}.jsonl`))).toBe(false);
  });
});
