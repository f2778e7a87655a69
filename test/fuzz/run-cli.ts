import { checkResults } from './check-results.js';
import { classifyExit } from './classify.js';
import type { Outcome } from './fuzz-case.js';
import { cliCommand, killGroup, spawnLimited } from './spawn-limited.js';

/** Standard output kept for checking results; a command that prints more is cut here (and its JSON not checked). */
const MAX_STDOUT = 32 * 1024 * 1024;

export interface CliRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

let command: ReturnType<typeof cliCommand> | undefined;

/** The command that starts `manychip` in this harness (chosen once per process). */
export function manychipCommand(): ReturnType<typeof cliCommand> {
  command ??= cliCommand();
  return command;
}

/** Runs `manychip <argv>` in `cwd` under the memory limits, killed at `timeLimitMs`. */
export function spawnManychip(argv: readonly string[], cwd: string, timeLimitMs: number): Promise<CliRun> {
  const child = spawnLimited([...manychipCommand().args, ...argv], { cwd });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (t: string) => {
    if (stdout.length < MAX_STDOUT) stdout += t;
  });
  child.stderr?.on('data', (t: string) => {
    stderr = (stderr + t).slice(-100_000);
  });
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeLimitMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Whatever the command started (sweep workers) goes with it.
      killGroup(child);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/**
 * Runs a case's command line and classifies what happened; results that
 * `run` or `compare` printed as JSON are checked against the invariants.
 */
export async function runCliCase(argv: readonly string[], cwd: string, timeLimitMs: number): Promise<Outcome> {
  const r = await spawnManychip(argv, cwd, timeLimitMs);
  const outcome = classifyExit({ code: r.code, signal: r.signal, stderr: r.stderr, timedOut: r.timedOut, timeLimitMs, debug: argv.includes('--debug') });
  const command = argv[0];
  const json = argv.some((a, i) => a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'));
  // Help, asked for anywhere, wins over the command: only a run or compare that ran prints results.
  const ran = (command === 'run' || command === 'compare') && !argv.some((a) => a === '-h' || a === '--help');
  if (outcome.kind !== 'ok' || !json || !ran || r.stdout.length >= MAX_STDOUT) return outcome;
  let printed: unknown;
  try {
    printed = JSON.parse(r.stdout);
  } catch {
    return { kind: 'crash', via: 'cli', message: 'exit 0 with --format json, but standard output is not JSON', detail: r.stdout.slice(0, 2000) };
  }
  const runs = command === 'run' ? [printed] : command === 'compare' && isRecord(printed) && Array.isArray(printed.runs) ? printed.runs : [];
  for (const results of runs) {
    const v = checkResults(results)[0];
    if (v !== undefined) return { kind: 'invariant-violation', via: 'cli', message: `${v.invariant}: ${v.pattern}`, detail: `${v.where} = ${v.value}` };
  }
  return outcome;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}
