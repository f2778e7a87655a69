import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../helpers/cli-main.js';

const root = join(import.meta.dirname, '..', '..');
const SWEEP = join(root, 'test/fixtures/sweeps/tiny-sweep.yaml');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (t) => ((out += t), true) }, { write: (t) => ((err += t), true) });
  return { code, out, err };
}

describe('manychip sweep and merge', () => {
  it('runs a sweep into JSONL and prints its aggregates; compare reads the output back', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'manychip-cli-sweep-')), 'runs.jsonl');
    const r = await cli('sweep', SWEEP, '--seeds', '2', '--set', 'sites[0].pools[0].nodes=5', '-o', out, '--workers', '0');
    expect(r.code).toBe(0);
    expect(r.err).toBe(`12 runs done; rows in ${out}\n`);
    expect(r.out).toMatch(/^tiny-load · 3 variants × 2 policies × 2 seeds: 12 of 12 runs \(sweep [0-9a-f]{16}\)\n/);
    expect(r.out).toMatch(/workload\[0\]\.arrivals\.rate  sites\[0\]\.pools\[0\]\.nodes  policy/);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(12);
    const again = await cli('compare', out);
    expect(again.code).toBe(0);
    expect(again.out).toBe(r.out);
  }, 60_000);

  it('names a path the scenario does not have, and exits 2 before any run', async () => {
    const r = await cli('sweep', SWEEP, '--set', 'workload[0].arrivals.rat=1,2');
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: --set workload[0].arrivals.rat: workload[0].arrivals has no field "rat" — fields there: process, rate\n');
  });

  it('runs shards and merges them, refusing an incomplete set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manychip-cli-shards-'));
    const shard = (i: number): string => join(dir, `s${i}.jsonl`);
    for (const i of [0, 1]) {
      const r = await cli('sweep', SWEEP, '--seeds', '1', '--shard', `${i}/2`, '-o', shard(i), '--workers', '1');
      expect(r.code).toBe(0);
      expect(r.err).toBe(`shard ${i}/2: 6 runs done; rows in ${shard(i)}\nmerge the 2 shards' files with: manychip merge <the 2 shards' files> -o tiny-load.jsonl\n`);
    }
    const merged = await cli('merge', shard(0), shard(1), '-o', join(dir, 'all.jsonl'));
    expect(merged.code).toBe(0);
    expect(merged.err).toBe(`12 runs from 2 files, none missing or doubled; rows in ${join(dir, 'all.jsonl')}\n`);
    expect(merged.out).toMatch(/12 of 12 runs/);
    const absent = await cli('merge', shard(0), join(dir, 'nope.jsonl'));
    expect(absent.code).toBe(2);
    expect(absent.err).toBe(`error: no such file: ${join(dir, 'nope.jsonl')}\n`);
    const partial = await cli('merge', shard(0));
    expect(partial.code).toBe(2);
    expect(partial.err).toBe("error: 6 of the sweep's 12 runs are missing (runs 1, 3, 5, 7, 9, 11): run the shards that hold them, or finish one with --resume\n");
  }, 60_000);
});
