import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/**
 * Runs `node <args>` to its end and returns the CPU time it used (user and
 * system, all its threads, up to its exit), as the process itself reports
 * it (see bench/process/cpu-at-exit.mjs). Unlike wall time, CPU time does
 * not grow while the process waits for a core another process holds, so
 * it moves less with the load of a shared machine.
 */
export function cpuOfNode(args: readonly string[]): number {
  const folder = mkdtempSync(join(tmpdir(), 'manychip-cpu-'));
  const out = join(folder, 'cpu');
  try {
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(repoRoot(), 'bench', 'process', 'cpu-at-exit.mjs')).href, ...args], {
      cwd: repoRoot(),
      encoding: 'utf8',
      env: { ...process.env, MANYCHIP_CPU_OUT: out },
      maxBuffer: 256 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit code ${r.status ?? r.signal}): ${r.stderr || r.error?.message}`);
    const micros = existsSync(out) ? Number(readFileSync(out, 'utf8')) : NaN;
    if (!(micros > 0)) throw new Error(`node ${args.join(' ')} reported no CPU time`);
    return micros / 1e6;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
