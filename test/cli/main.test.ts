import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const root = join(import.meta.dirname, '..', '..');
const scenario = (name: string): string => join(root, 'scenarios', name);

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (t) => ((out += t), true) }, { write: (t) => ((err += t), true) });
  return { code, out, err };
}

describe('manychip run', () => {
  it('prints a readable results table by default', async () => {
    const { code, out, err } = await cli('run', scenario('quickstart.yaml'));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^quickstart · policy fifo · seed 42 · horizon 900 s/);
    expect(out).toMatch(/wait \(s\)/);
    expect(out).toMatch(/utilisation\s+by chip: xeon-8380 \d+\.\d% · a100/);
  });

  it('prints the results contract with --format json', async () => {
    const { code, out } = await cli('run', scenario('mmc.yaml'), '--format', 'json', '--seed', '7');
    expect(code).toBe(0);
    const r = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(r)).toEqual([
      'schemaVersion', 'scenario', 'policy', 'seed', 'horizon', 'jobs', 'wait', 'jct', 'slowdown', 'rttMs', 'slo',
      'cost', 'energyKWh', 'energy', 'utilization', 'fragmentation', 'rejectReasons', 'timeseries', 'makespan', 'events', 'perf',
    ]);
    expect(r).toMatchObject({ schemaVersion: 1, scenario: 'mmc', policy: 'fifo', seed: 7, horizon: null });
  });

  it('gives the same JSON, perf aside, on every run with the same seed', async () => {
    const strip = (s: string): string => JSON.stringify({ ...(JSON.parse(s) as object), perf: null });
    const a = await cli('run', scenario('quickstart.yaml'), '--format', 'json');
    const b = await cli('run', scenario('quickstart.yaml'), '--format', 'json');
    expect(strip(a.out)).toBe(strip(b.out));
  });
});

describe('bad input', () => {
  it('reports a missing scenario file with exit code 2 and no stack trace', async () => {
    const { code, out, err } = await cli('run', 'nowhere.yaml');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe('error: nowhere.yaml cannot read scenario: no such file\n');
  });

  it('reports every problem of an invalid scenario with its line and column', async () => {
    const file = join(root, 'test', 'fixtures', 'bad', 'several-problems.yaml');
    const { code, err } = await cli('run', file);
    expect(code).toBe(2);
    const lines = err.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(`error: ${file}:8:24 chips.a100.kind: must be one of "cpu", "gpu", "asic", "npu", "fpga"; got "tpu"`);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('names the known policies when given an unknown one', async () => {
    const { code, err } = await cli('run', scenario('mmc.yaml'), '--policy', 'magic');
    expect(code).toBe(2);
    expect(err).toBe(
      'error: unknown policy "magic" — known: fifo, random, round-robin, least-loaded, cheapest, nearest, met, mct, olb, min-min, max-min, sufferage, cost-latency, easy-backfill, priority-preempt, or a path to a .js, .mjs or .ts module\n',
    );
  });

  it('rejects a seed that is not a non-negative integer', async () => {
    const { code, err } = await cli('run', scenario('mmc.yaml'), '--seed', '-3');
    expect(code).toBe(2);
    expect(err).toMatch(/--seed.*must be a non-negative integer/);
  });

  it('rejects an unknown output format, listing the allowed ones', async () => {
    const { code, err } = await cli('run', scenario('mmc.yaml'), '--format', 'xml');
    expect(code).toBe(2);
    expect(err).toMatch(/Allowed choices are table, json/);
  });

  it('shows the stack with --debug', async () => {
    const { code, err } = await cli('--debug', 'run', 'nowhere.yaml');
    expect(code).toBe(2);
    expect(err).toMatch(/\n\s+at /);
  });
});

describe('manychip validate', () => {
  it('accepts a good scenario without running it', async () => {
    const { code, out } = await cli('validate', scenario('quickstart.yaml'));
    expect(code).toBe(0);
    expect(out).toMatch(/quickstart\.yaml: ok \(2 sites, 2 classes\)/);
  });

  it('rejects a bad one with exit code 2', async () => {
    const { code, err } = await cli('validate', join(root, 'test', 'fixtures', 'bad', 'unknown-chip.yaml'));
    expect(code).toBe(2);
    expect(err).toMatch(/unknown chip "h200" — known: a100, xeon/);
  });
});

describe('help', () => {
  it('exits 0 and lists the commands', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/run \[options\] <scenario>/);
    expect(out).toMatch(/validate <scenario>/);
  });
});
