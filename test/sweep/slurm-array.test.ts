import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSweep } from '../../src/sweep/sweep-plan.js';
import type { SweepRow } from '../../src/sweep/sweep-row.js';
import { startSlurmCluster, SlurmUnavailable, type SlurmCluster } from '../helpers/slurm-cluster.js';
import { rowsOf } from '../helpers/sweep-rows.js';

const root = resolve(import.meta.dirname, '..', '..');
const CLI = join(root, 'dist/src/cli/bin.js');
// A small sweep (36 runs of milliseconds each) stands in for edge-load, through the script's SWEEP_FILE and SWEEP_NAME.
const SWEEP = join(root, 'test/fixtures/sweeps/tiny-sweep.yaml');
const NAME = 'tiny-load';
const SHARDS = 4; // the script's own --array=0-3 and SHARDS

/**
 * The scale-out path on a real Slurm: examples/slurm/sweep-array.sh as an
 * array job, then examples/slurm/merge.sh as a job that waits for it
 * (afterok), as docs/scale-out.md says to submit them; the merged rows
 * must be those of the same sweep run in one piece. Under CI=true a machine
 * that cannot run Slurm fails the test; elsewhere it is skipped with a line
 * saying why.
 */
describe('the Slurm example', () => {
  it('runs the sweep as a job array and merges it, row for row the unsharded sweep', async (ctx) => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: the Slurm jobs run the built CLI, as the scripts do (npm run build)`);
    let cluster: SlurmCluster;
    try {
      cluster = await startSlurmCluster();
    } catch (e) {
      if (!(e instanceof SlurmUnavailable) || process.env.CI === 'true') throw e;
      console.warn(`\n*** SKIPPED the Slurm test: this machine cannot run a Slurm cluster (${e.message.split('\n')[0]}); CI=true makes this a failure ***\n`);
      ctx.skip();
      return;
    }
    try {
      // The repository root as the jobs see it: the scripts run `node dist/src/cli/bin.js` and write results/ there.
      const submit = join(cluster.dir, 'checkout');
      mkdirSync(join(submit, 'logs'), { recursive: true });
      symlinkSync(join(root, 'dist'), join(submit, 'dist'));
      const env = { ...cluster.env, SWEEP_FILE: SWEEP, SWEEP_NAME: NAME };
      const options = { cwd: submit, env, timeoutMs: 75_000 };

      // The unsharded sweep, on this machine, while Slurm runs the shards.
      const reference = join(cluster.dir, 'unsharded.jsonl');
      const unsharded = node([CLI, 'sweep', SWEEP, '-o', reference, '--workers', '1', '--quiet'], submit);
      // Awaited below; a failure of the Slurm jobs first must not leave its rejection unhandled.
      unsharded.catch(() => undefined);

      // As docs/scale-out.md submits them. One CPU per task, so that a small CI machine can run them.
      const array = await cluster.run('sbatch', ['--parsable', '--cpus-per-task=1', '--output=logs/sweep_%A_%a.log', join(root, 'examples/slurm/sweep-array.sh')], options);
      const jid = array.trim().split(';')[0] as string;
      await cluster
        .run('sbatch', ['--wait', `--dependency=afterok:${jid}`, '--kill-on-invalid-dep=yes', '--output=logs/merge_%j.log', join(root, 'examples/slurm/merge.sh')], options)
        .catch((e: unknown) => {
          throw new Error(`${(e as Error).message}\n${jobLogs(submit)}\n${cluster.logs()}`);
        });
      await unsharded;

      const results = join(submit, 'results');
      const plan = planSweep(SWEEP);
      // Each task ran its own shard, picked by SLURM_ARRAY_TASK_ID: runs whose index is i modulo 4.
      for (let i = 0; i < SHARDS; i++) {
        const shard = rowsOf(join(results, `${NAME}.shard-${i}-of-${SHARDS}.jsonl`));
        expect([...shard.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: plan.total }, (_, k) => k).filter((k) => k % SHARDS === i));
      }
      const merged = rowsOf(join(results, `${NAME}.jsonl`));
      expect(merged.size).toBe(plan.total);
      // Row for row (perf aside): the same runs, the same results.
      expect(merged).toEqual(rowsOf(reference));
      expect([...merged.values()].every((r) => (r as SweepRow).sweep === plan.fingerprint)).toBe(true);
      expect(readFileSync(join(results, `${NAME}.html`), 'utf8')).toMatch(/^<!doctype html>/i);
    } finally {
      await cluster.stop();
    }
    expect(existsSync(cluster.dir)).toBe(false);
  }, 120_000);
});

/** Runs `node args` and resolves when it exits 0. */
function node(args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, timeout: 90_000 }, (error, _stdout, stderr) => (error ? reject(new Error(`${args.join(' ')}: ${error.message}\n${stderr}`)) : resolve()));
  });
}

/** The jobs' logs, to explain a failed job. */
function jobLogs(submit: string): string {
  const dir = join(submit, 'logs');
  return readdirSync(dir)
    .map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8')}`)
    .join('\n');
}
