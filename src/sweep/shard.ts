import { UsageError } from '../errors.js';

/** A slice of a sweep: the runs whose index is `index` modulo `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Environment variables that carry a shard index: a Kubernetes Indexed Job's, and a Slurm job array's. */
export const SHARD_ENV = { k8s: 'JOB_COMPLETION_INDEX', slurm: 'SLURM_ARRAY_TASK_ID' } as const;

/**
 * Parses `--shard i/n` (0-based i), or `k8s/n`, `slurm/n` and `env/n`,
 * which take i from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job),
 * SLURM_ARRAY_TASK_ID (a Slurm job array, indexed from 0), or whichever of
 * the two is set.
 */
export function parseShard(text: string, env: Readonly<Record<string, string | undefined>> = process.env): Shard {
  const m = /^(\d+|k8s|slurm|env)\/(\d+)$/.exec(text.trim());
  if (m === null) throw new UsageError(`--shard ${text}: write i/n (0 ≤ i < n), or k8s/n, slurm/n or env/n to take i from ${SHARD_ENV.k8s} or ${SHARD_ENV.slurm}`);
  const count = Number(m[2]);
  if (count < 1) throw new UsageError(`--shard ${text}: n must be at least 1`);
  const from = m[1] as string;
  let index: number;
  if (/^\d+$/.test(from)) index = Number(from);
  else {
    const names = from === 'k8s' ? [SHARD_ENV.k8s] : from === 'slurm' ? [SHARD_ENV.slurm] : [SHARD_ENV.k8s, SHARD_ENV.slurm];
    const name = names.find((n) => env[n] !== undefined && env[n] !== '');
    if (name === undefined) throw new UsageError(`--shard ${text}: ${names.join(' and ')} ${names.length === 1 ? 'is' : 'are'} not set`);
    const value = env[name] as string;
    if (!/^\d+$/.test(value)) throw new UsageError(`--shard ${text}: ${name} is "${value}", not a whole number`);
    index = Number(value);
  }
  if (index >= count) throw new UsageError(`--shard ${text}: index ${index} is not below ${count} (shards are numbered 0 to ${count - 1}; a Slurm array should be --array=0-${count - 1})`);
  return { index, count };
}

/** Whether run `index` belongs to the shard. Round robin, so every shard gets every variant's share. */
export function inShard(index: number, shard: Shard | undefined): boolean {
  return shard === undefined || index % shard.count === shard.index;
}
