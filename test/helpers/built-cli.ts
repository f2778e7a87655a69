import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'bin.js');

/** Runs the built CLI (`node dist/src/cli/bin.js`, as users run it; test/global-setup.ts keeps it built) in `cwd`. */
export function runBuiltCli(args: readonly string[], cwd: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
