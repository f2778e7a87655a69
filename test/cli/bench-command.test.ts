import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../helpers/cli-main.js';
import type { PolicyBenchmark } from '../../src/bench/bench-policies.js';
import { tenJobsYaml } from '../helpers/ten-jobs.js';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'manychip-bench-'));
const tenJobs = join(dir, 'ten-jobs.yaml');
writeFileSync(tenJobs, tenJobsYaml);
const cheapNotFull = join(root, 'examples', 'policies', 'cheap-not-full.js');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (t) => ((out += t), true) }, { write: (t) => ((err += t), true) });
  return { code, out, err };
}

describe('manychip bench', () => {
  it('prints a table of decisions and events per second for built-in and module policies', async () => {
    const { code, out, err } = await cli('bench', tenJobs, '--policies', `fifo,cost-latency,${cheapNotFull}`, '--rounds', '1');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^ten-jobs · seed 3 · 1 round · node v\d+/);
    expect(out).toMatch(/calibration loop \(bare heap loop, M\/M\/16 at ρ = 0\.9\): [\d.,]+( M)? events\/s/);
    expect(out).toMatch(/policy\s+decisions\s+decisions\/s\s+events\s+events\/s\s+wall \(s\)/);
    for (const name of ['fifo', 'cost-latency', 'cheap-not-full']) expect(out).toMatch(new RegExp(`^${name}\\s+10\\s+[\\d.,]+( M)?\\s+20\\s`, 'm'));
  });

  it('gives the figures as JSON with --format json, under the seed asked for', async () => {
    const { code, out } = await cli('bench', tenJobs, '--policies', 'fifo,min-min', '--rounds', '2', '--seed', '11', '--format', 'json');
    expect(code).toBe(0);
    const b = JSON.parse(out) as PolicyBenchmark;
    expect(b).toMatchObject({ scenario: 'ten-jobs', seed: 11, rounds: 2 });
    expect(b.policies.map((p) => [p.policy, p.decisions, p.events])).toEqual([
      ['fifo', 10, 20],
      ['min-min', 10, 20],
    ]);
    expect(b.policies[0]?.eventsVsCalibration).toBeGreaterThan(0);
  });

  it('rejects bad input with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['bench', tenJobs, '--policies', 'fifo,nope'], /unknown policy "nope"/],
      [['bench', tenJobs, '--policies', ' , '], /--policies needs at least one policy/],
      [['bench', tenJobs, '--policies', 'fifo,fifo'], /listed twice/],
      [['bench', tenJobs, '--policies', 'fifo', '--rounds', '0'], /--rounds.*at least 1/],
      [['bench', tenJobs, '--policies', './no-such-policy.js'], /no such policy module/],
      [['bench', join(dir, 'missing.yaml'), '--policies', 'fifo'], /cannot read scenario/],
      [['bench', tenJobs], /required option '--policies/],
      [['bench', tenJobs, '--policies', 'fifo', '--format', 'csv'], /--format/],
    ];
    for (const [argv, message] of cases) {
      const { code, out, err } = await cli(...argv);
      expect({ argv, code }).toEqual({ argv, code: 2 });
      expect(out).toBe('');
      expect(err).toMatch(message);
    }
  });
});
