import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { resumeCommand } from '../../src/cli/resume-command.js';

/** The arguments a POSIX shell reads from a command line. */
function argumentsOf(command: string): string[] {
  const r = spawnSync('sh', ['-c', `printf '%s\\0' ${command}`], { encoding: 'utf8' });
  return r.stdout.split('\0').slice(0, -1);
}

describe('resumeCommand', () => {
  it('gives the same sweep with --resume, every option kept but --force, read back by a shell as given', () => {
    const command = resumeCommand("my sweeps/it's.yaml", 'out dir/runs.jsonl', {
      set: ['workload[0].arrivals.rate=1,2', 'classes.a.slo={"circle": "city"}'],
      policies: 'fifo,./my policy.ts',
      seeds: 3,
      seed: 7,
      workers: 2,
      shard: 'slurm/4',
      strict: true,
      format: 'json',
      report: 'r.html',
      quiet: true,
      timeout: 2.5,
    });
    expect(argumentsOf(command)).toEqual([
      'manychip', 'sweep', "my sweeps/it's.yaml",
      '--set', 'workload[0].arrivals.rate=1,2', '--set', 'classes.a.slo={"circle": "city"}',
      '--policies', 'fifo,./my policy.ts', '--seeds', '3', '--seed', '7', '-o', 'out dir/runs.jsonl', '--workers', '2',
      '--shard', 'slurm/4', '--strict', '--format', 'json', '--report', 'r.html', '--quiet', '--timeout', '2.5', '--resume',
    ]);
  });

  it('leaves out what was not given', () => {
    expect(resumeCommand('s.yaml', 's.jsonl', { set: [], format: 'table' })).toBe('manychip sweep s.yaml -o s.jsonl --resume');
  });
});
