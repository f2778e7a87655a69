import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliOutcome } from '../helpers/cli-capture.js';
import { cliProcessArgs } from '../helpers/cli-process.js';

const root = resolve(import.meta.dirname, '..', '..');
const TINY = join(root, 'test/fixtures/sweeps/tiny.yaml');
const SWEEP = join(root, 'test/fixtures/sweeps/tiny-sweep.yaml');
const dir = mkdtempSync(join(tmpdir(), 'manychip-output-errors-'));
afterAll(() => {
  chmodSync(join(dir, 'read-only'), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const runs = join(dir, 'runs.jsonl');
const swf = join(dir, 'small.swf');
let fresh = 0;

/** Every result file a command writes: the option, how the message names it, and the command writing `path`. */
const writers: readonly { what: string; argv: (path: string) => string[] }[] = [
  { what: '--jobs file', argv: (p) => ['run', TINY, '--jobs', p] },
  { what: '--trace file', argv: (p) => ['run', TINY, '--trace', p] },
  { what: '--report file', argv: (p) => ['run', TINY, '--report', p] },
  { what: '--report file', argv: (p) => ['compare', TINY, '--policies', 'fifo,random', '--seeds', '2', '--quiet', '--report', p] },
  { what: '--report file', argv: (p) => ['compare', runs, '--report', p] },
  { what: 'sweep output', argv: (p) => ['sweep', SWEEP, '--seeds', '1', '--workers', '0', '--quiet', '-o', p] },
  { what: '--report file', argv: (p) => ['sweep', SWEEP, '--seeds', '1', '--workers', '0', '--quiet', '-o', join(dir, 'writable', `s${fresh++}.jsonl`), '--report', p] },
  { what: '--output file', argv: (p) => ['merge', runs, '-o', p] },
  { what: '--report file', argv: (p) => ['merge', runs, '--report', p] },
  { what: '--output file', argv: (p) => ['import', 'swf', swf, '-o', p] },
];

beforeAll(async () => {
  // The folder is read by the permission check's other user, when there is one.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'writable'), { mode: 0o777 });
  chmodSync(join(dir, 'writable'), 0o777);
  mkdirSync(join(dir, 'a-directory'));
  mkdirSync(join(dir, 'read-only'));
  chmodSync(join(dir, 'read-only'), 0o555);
  writeFileSync(swf, '; MaxProcs: 8\n1 0 0 100 4 -1 -1 4 200 -1 1 1 1 -1 1 -1 -1 -1\n2 10 0 50 2 -1 -1 2 100 -1 1 1 1 -1 1 -1 -1 -1\n');
  expect((await runCli(['sweep', SWEEP, '--seeds', '1', '--workers', '0', '--quiet', '-o', runs])).code).toBe(0);
}, 60_000);

/** The one error line a failed write must end with: exit 3, the option, the file and the cause, no stack. */
function expectOutputError(r: CliOutcome, what: string, path: string, reason: string): void {
  expect(r.code, r.err).toBe(3);
  expect(r.err).not.toMatch(/internal error|\n\s+at /);
  expect(r.err.match(/^error: /gm)).toHaveLength(1);
  const last = r.err.trimEnd().split('\n').at(-1) ?? '';
  const line = `error: cannot write ${what} ${path}: ${reason}`;
  // The sweep goes on to say how far it got and what to do; nothing else may follow the cause.
  expect(last === line || last.startsWith(`${line}. `), `${last}\nexpected: ${line}`).toBe(true);
}

/** Temporary files a failed command must not leave behind. */
function leftovers(folder: string): string[] {
  return readdirSync(folder).filter((f) => f.includes('partial'));
}

describe('a result file that cannot be written', () => {
  it.each(writers.map((w, i) => [i, w.argv('F').slice(0, 1).join(' '), w.what] as const))('exits 3 naming the file when its folder does not exist (%i: %s %s)', async (i) => {
    const w = writers[i]!;
    const path = join(dir, 'no', 'such', 'out.x');
    expectOutputError(await runCli(w.argv(path)), w.what, path, `no such directory ${join(dir, 'no', 'such')}`);
  });

  it.each(writers.map((w, i) => [i, w.argv('F').slice(0, 1).join(' '), w.what] as const))('exits 3 naming the file when it is a directory (%i: %s %s)', async (i) => {
    const w = writers[i]!;
    const path = join(dir, 'a-directory');
    expectOutputError(await runCli(w.argv(path)), w.what, path, 'is a directory');
    expect(leftovers(dir)).toEqual([]);
  });

  it.runIf(existsSync('/dev/full')).each(writers.map((w, i) => [i, w.argv('F').slice(0, 1).join(' '), w.what] as const))(
    'exits 3 naming the file when the disk is full, and does not replace the device (%i: %s %s)',
    async (i) => {
      const w = writers[i]!;
      // A link to /dev/full, where every write fails with ENOSPC: a command that renamed a
      // temporary file over it would replace the link (and, given /dev/full itself, the device).
      const path = join(dir, `full-${i}`);
      symlinkSync('/dev/full', path);
      expectOutputError(await runCli(w.argv(path)), w.what, path, 'no space left on the device');
      expect(lstatSync(path).isSymbolicLink()).toBe(true);
      expect(statSync(path).isCharacterDevice()).toBe(true);
      expect(leftovers(dir)).toEqual([]);
    },
    60_000,
  );

  it('exits 3 naming the file when its folder may not be written', async () => {
    const folder = join(dir, 'read-only');
    const cases = writers.map((w, i) => ({ w, path: join(folder, `out-${i}.x`) }));
    const outcomes = await asUnprivileged(cases.map((c) => c.w.argv(c.path)));
    if (outcomes === undefined) return;
    cases.forEach((c, i) => expectOutputError(outcomes[i] as CliOutcome, c.w.what, c.path, 'permission denied'));
    expect(readdirSync(folder)).toEqual([]);
  }, 120_000);
});

describe('standard output that cannot be written', () => {
  it.runIf(existsSync('/dev/full'))('exits 3 with one line, not an unhandled stream error, when it goes to a full disk', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [...cliProcessArgs(), 'schema'], { cwd: root, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 50_000, killSignal: 'SIGKILL' });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 3, stderr: 'error: cannot write standard output: no space left on the device\n' });
    } finally {
      closeSync(full);
    }
  }, 60_000);

  it('drops the rest without a word when the reader of a pipe has gone', () => {
    // `true` exits at once, long before Node has started: the CLI writes into a pipe nobody reads.
    const cli = [process.execPath, ...cliProcessArgs()].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('bash', ['-c', `${cli} schema | true; echo "\${PIPESTATUS[0]}"`], { cwd: root, encoding: 'utf8', timeout: 50_000, killSignal: 'SIGKILL' });
    expect({ stdout: r.stdout, stderr: r.stderr }).toEqual({ stdout: '0\n', stderr: '' });
  }, 60_000);

  it('does the same for every output file that is that pipe', () => {
    const cli = [process.execPath, ...cliProcessArgs()].map((a) => `'${a}'`).join(' ');
    const commands = [
      `run '${TINY}' --quiet --jobs /dev/stdout`,
      `run '${TINY}' --quiet --trace /dev/stdout`,
      `run '${TINY}' --quiet --report /dev/stdout`,
      `run '${TINY}' --quiet --format json -o /dev/stdout`,
      `sweep '${SWEEP}' --quiet --workers 0 -o /dev/stdout`,
    ];
    const script = commands.map((c) => `${cli} ${c} | true; echo "\${PIPESTATUS[0]}"`).join('; ');
    const r = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', timeout: 100_000, killSignal: 'SIGKILL' });
    expect({ stdout: r.stdout, stderr: r.stderr }).toEqual({ stdout: '0\n'.repeat(commands.length), stderr: '' });
  }, 120_000);
});

/**
 * Runs the commands as a user that folder permissions apply to, and returns
 * their outcomes: in this process when it is not root. Root ignores folder
 * permissions, so then they run in a child process as `nobody` (uid 65534)
 * — when that user can read the checkout and Node; otherwise this case is
 * skipped with a line saying why.
 */
async function asUnprivileged(commands: string[][]): Promise<CliOutcome[] | undefined> {
  if (process.getuid?.() !== 0) {
    const outcomes: CliOutcome[] = [];
    for (const argv of commands) outcomes.push(await runCli(argv));
    return outcomes;
  }
  const unreadable = unreadableByOthers(root) ?? unreadableByOthers(process.execPath);
  if (unreadable !== undefined) {
    console.warn(`SKIPPED: the permission case runs as root, which ignores folder permissions, and user nobody cannot read ${unreadable} to run the CLI itself`);
    return undefined;
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/helpers/run-cli-commands.ts'), JSON.stringify(commands)], {
    cwd: root,
    encoding: 'utf8',
    uid: 65534,
    gid: 65534,
    env: { ...process.env, HOME: dir },
    timeout: 100_000,
    killSignal: 'SIGKILL',
  });
  if (r.status !== 0) throw new Error(`the CLI child exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as CliOutcome[];
}

/** The first folder on the way to `path` (or file in it) that other users cannot read, if any. */
function unreadableByOthers(path: string): string | undefined {
  for (let p = path; ; p = dirname(p)) {
    if ((statSync(p).mode & 0o005) !== 0o005) return p;
    if (dirname(p) === p) return undefined;
  }
}
