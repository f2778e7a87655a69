import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/index.js';
import { runCli } from '../helpers/cli-capture.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/** A spot class on a pool whose price never changes, a class bidding under every ask, and a call market nobody else bids in. */
const text = `name: market-warnings
chips: { g: { kind: gpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: g, nodes: 1, pricePerChipHour: 2 }] }]
classes:
  spot: { speed: { g: 1 }, work: { dist: constant, value: 1 }, bid: 3, tier: spot }
  poor: { speed: { g: 1 }, work: { dist: constant, value: 1 }, bid: 1 }
workload:
  - { class: spot, origin: r, arrivals: { process: poisson, rate: 0.1 }, count: 3 }
  - { class: poor, origin: r, arrivals: { process: poisson, rate: 0.1 }, count: 3 }
market: { mechanism: call }
`;

describe('market warnings', () => {
  it('locate a spot tier no price change can ever reclaim, and a bid under every ask', () => {
    expect(scenarioFrom(text).warnings.map(formatProblem)).toEqual([
      'test.yaml:6:78 classes.spot.tier: spot, but no pool that can run this class has a price that can change: its jobs are never reclaimed and run as on-demand jobs paying the fixed price',
      'test.yaml:7:69 classes.poor.bid: 1 is below the lowest ask of every pool that can run this class (2): its jobs are rejected',
    ]);
  });

  it('are printed by validate, and make it exit with 2 under --strict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'market-'));
    const path = join(dir, 'warn.yaml');
    writeFileSync(path, text);
    const plain = await runCli(['validate', path]);
    expect(plain.code).toBe(0);
    expect(plain.err).toContain(`warning: ${path}:6:78 classes.spot.tier: spot, but no pool that can run this class has a price that can change`);
    const strict = await runCli(['validate', '--strict', path]);
    expect(strict.code).toBe(2);
    expect(strict.err).toContain(`${path}:6:78 classes.spot.tier`);
  });

  it('refuse an unknown mechanism on the command line with exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'market-'));
    const path = join(dir, 'm.yaml');
    writeFileSync(path, text);
    const run = await runCli(['run', path, '--mechanism', 'auction']);
    expect(run.code).toBe(2);
    expect(run.err).toContain('auction');
    const compare = await runCli(['compare', path, '--mechanisms', 'posted,auction', '--seeds', '1']);
    expect(compare.code).toBe(2);
    expect(compare.err).toContain('--mechanisms: unknown mechanism "auction" — known: posted, call, continuous');
  });
});
