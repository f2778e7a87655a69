import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSweep } from '../../src/sweep/sweep-plan.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { runCli } from '../helpers/cli-capture.js';

const root = join(import.meta.dirname, '..', '..');
const TINY = join(root, 'test/fixtures/sweeps/tiny.yaml');
const SWEEP = join(root, 'test/fixtures/sweeps/tiny-sweep.yaml');
const dir = mkdtempSync(join(tmpdir(), 'manychip-sweep-flags-'));

describe('sweep flags that contradict each other', () => {
  it('refuses the same path in two --set, telling to list the values in one', async () => {
    const out = join(dir, 'set.jsonl');
    const r = await runCli(['sweep', TINY, '--set', 'horizon=10', '--set', 'horizon=20', '--seeds', '1', '--workers', '0', '--quiet', '-o', out]);
    expect(r).toEqual({ code: 2, out: '', err: 'error: --set horizon is given twice (horizon=10 and horizon=20): list its values in one --set, e.g. horizon=10,20\n' });
    expect(existsSync(out)).toBe(false);
  });

  it('refuses one path written two ways in two --set, and still lets a --set replace the file’s entry', () => {
    expect(() => planSweep(TINY, { set: ['workload[0].arrivals.rate=1', ' workload[0].arrivals.rate =2,3'] })).toThrow(
      '--set workload[0].arrivals.rate is given twice (workload[0].arrivals.rate=1 and  workload[0].arrivals.rate =2,3): list its values in one --set, e.g. workload[0].arrivals.rate=1,2,3',
    );
    expect(planSweep(SWEEP, { set: ['workload[0].arrivals.rate=7'], seeds: 1 }).variants.map((v) => v.set['workload[0].arrivals.rate'])).toEqual([7, 7]);
  });

  it('refuses --resume with --force, on the command line and in the library', async () => {
    const out = join(dir, 'both.jsonl');
    const message = '--resume and --force do not go together: --resume keeps the runs already in the output and does the rest, --force starts the output over; give one';
    const r = await runCli(['sweep', SWEEP, '--seeds', '1', '--workers', '0', '--quiet', '-o', out, '--resume', '--force']);
    expect(r).toEqual({ code: 2, out: '', err: `error: ${message}\n` });
    expect(existsSync(out)).toBe(false);
    await expect(runSweep(planSweep(SWEEP, { seeds: 1 }), { output: out, workers: 0, resume: true, force: true })).rejects.toThrow(message);
    expect(existsSync(out)).toBe(false);
  });
});
