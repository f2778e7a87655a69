import { spawn, type ChildProcess } from 'node:child_process';
import { statSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './repo-root.js';

/**
 * Memory a spawned process may use: V8's heap limit, and a data limit
 * (`ulimit -d`) over everything it allocates. The heap flag alone lets a
 * reader that collects Buffers (say, from /dev/zero) take the machine's
 * memory; the data limit makes it die at about 1.5 GiB instead.
 */
export const HEAP_LIMIT_MIB = 512;
export const DATA_LIMIT_MIB = 1536;

/** tsx's loader as a file URL, so `--import` finds it from any working directory. */
export const tsxLoader = pathToFileURL(createRequire(join(repoRoot, 'package.json')).resolve('tsx')).href;

/**
 * Starts `node <args>` in its own process group under the memory limits,
 * so that the harness can kill it and everything it started at once.
 */
export function spawnLimited(args: readonly string[], options: { cwd: string; ipc?: boolean; env?: Record<string, string> }): ChildProcess {
  const script = `ulimit -d ${DATA_LIMIT_MIB * 1024} && exec "$@"`;
  const child = spawn('/bin/sh', ['-c', script, 'sh', process.execPath, `--max-old-space-size=${HEAP_LIMIT_MIB}`, ...args], {
    cwd: options.cwd,
    stdio: options.ipc === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  return child;
}

/** Kills a process started by `spawnLimited` and its children. */
export function killGroup(child: ChildProcess): void {
  live.delete(child);
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Processes started and not yet ended. Their own process groups keep a
 * Ctrl-C meant for the harness from reaching them, and a case may leave
 * one blocked for ever (on a pipe nobody writes to): the harness kills
 * them all when it exits, however it exits.
 */
const live = new Set<ChildProcess>();

export function killAll(): void {
  for (const child of [...live]) killGroup(child);
}

process.on('exit', killAll);

/**
 * How to start `manychip`: the built CLI when dist/ is at least as new as
 * every source file (it starts three times faster), else the sources
 * through tsx, so that a stale build never hides a fix or a bug.
 */
export function cliCommand(): { args: string[]; which: string } {
  const built = join(repoRoot, 'dist/src/cli/bin.js');
  let builtAt: number;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    builtAt = -1;
  }
  if (builtAt >= newestSource(join(repoRoot, 'src'))) return { args: [built], which: 'dist/src/cli/bin.js (built)' };
  return { args: ['--import', tsxLoader, join(repoRoot, 'src/cli/bin.ts')], which: 'src/cli/bin.ts through tsx (dist/ is missing or older than src/)' };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}
