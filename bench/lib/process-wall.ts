import { spawnSync } from 'node:child_process';
import { repoRoot } from './paths.js';

/** One whole process, timed from outside: from spawning it to its exit. */
export interface ProcessSample {
  seconds: number;
  stdout: string;
}

/**
 * Runs `command` with `args` to its end, in the checkout's root, and
 * returns its wall time as a user would see it (start-up, imports, work and
 * exit included) and what it printed. Throws, with its standard error, if
 * it fails: a benchmark must not time a crash.
 */
export function timeProcess(command: string, args: readonly string[]): ProcessSample {
  const start = performance.now();
  const r = spawnSync(command, args, { cwd: repoRoot(), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed (exit code ${r.status ?? r.signal}): ${r.stderr || r.error?.message}`);
  return { seconds, stdout: r.stdout };
}

/** A Node process on one of the repository's files (as `node <file> ...`). */
export function timeNode(file: string, args: readonly string[]): ProcessSample {
  return timeProcess(process.execPath, [file, ...args]);
}
