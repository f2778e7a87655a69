import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { testBundleDir } from './cli-main.js';
import { repoRoot } from './data-traces.js';

/** tsx's loader by absolute URL, so that the child resolves it from any working directory. */
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface CliOutcome {
  /** Exit code; null when the child was killed (by the timeout). */
  code: number | null;
  out: string;
  err: string;
  /** True when the child did not end within the timeout and was killed. */
  timedOut: boolean;
}

/**
 * Runs the CLI (see `cliProcessArgs`) in a child process, in `cwd`, killed after
 * `timeoutMs`: for what must be seen from outside (the working directory
 * a user runs in, a read that could block or never end), so that a hang
 * fails the test instead of hanging the suite.
 */
export function runCli(args: readonly string[], options: { cwd: string; timeoutMs?: number }): CliOutcome {
  return spawnNode([...cliProcessArgs(), ...args], options);
}

/**
 * Node's arguments that start the CLI: the sources through tsx, or the
 * bundle's bin.js when MANYCHIP_TEST_BUNDLE names one (see cli-main.ts).
 */
export function cliProcessArgs(): string[] {
  const bundle = testBundleDir();
  return bundle === undefined ? ['--import', tsx, join(repoRoot, 'src', 'cli', 'bin.ts')] : [join(bundle, 'bin.js')];
}

/** Runs a TypeScript file of the checkout (e.g. `scripts/kth-easy.ts`) the same way. */
export function runScript(file: string, args: readonly string[], options: { cwd: string; timeoutMs?: number }): CliOutcome {
  return spawnNode(['--import', tsx, join(repoRoot, file), ...args], options);
}

function spawnNode(args: readonly string[], options: { cwd: string; timeoutMs?: number }): CliOutcome {
  const r = spawnSync(process.execPath, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 30_000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, out: r.stdout, err: r.stderr, timedOut: r.signal !== null || (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' };
}
