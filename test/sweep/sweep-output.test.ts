import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputError } from '../../src/errors.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { planSweep } from '../../src/sweep/sweep-plan.js';
import { runCli } from '../helpers/cli-capture.js';
import { rowsOf } from '../helpers/sweep-rows.js';

const root = resolve(import.meta.dirname, '..', '..');
const SWEEP = join(root, 'test/fixtures/sweeps/tiny-sweep.yaml');
const dir = mkdtempSync(join(tmpdir(), 'manychip-sweep-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string): string => {
  const d = join(dir, `${n++}`);
  mkdirSync(d);
  return join(d, name);
};

describe('a sweep output that cannot be written', () => {
  const places = [
    ['a missing folder', () => join(dir, 'no', 'such', 'runs.jsonl'), `no such directory ${join(dir, 'no', 'such')}`],
    ['a directory', () => dir, 'is a directory'],
    ...(existsSync('/proc/self') ? [['/proc, where files cannot be made', () => '/proc/runs.jsonl', 'files cannot be created in /proc'] as const] : []),
  ] as const;

  it.each(places)('stops the sweep before its first run when it is in %s', async (_, path, reason) => {
    const plan = planSweep(SWEEP, { seeds: 1 });
    let started = false;
    const sweep = runSweep(plan, { output: path(), workers: 0, onStart: () => (started = true), onProgress: () => (started = true) });
    await expect(sweep).rejects.toThrow(new OutputError(path(), `cannot write sweep output ${path()}: ${reason}`));
    await expect(sweep).rejects.toMatchObject({ exitCode: 3 });
    expect(started).toBe(false);
  });

  it.runIf(existsSync('/dev/full'))('stops at the first row on a full disk, exit 3, and never claims rows were written', async () => {
    const full = fresh('full.jsonl');
    symlinkSync('/dev/full', full);
    for (const workers of ['0', '1']) {
      const r = await runCli(['sweep', SWEEP, '--seeds', '1', '--workers', workers, '--quiet', '-o', full]);
      expect(r).toEqual({
        code: 3,
        out: '',
        err: `error: cannot write sweep output ${full}: no space left on the device. the sweep stopped after 0 of its 12 rows\n`,
      });
    }
  }, 60_000);

  it('leaves only whole rows when a write fails part-way through a row, and --resume finishes the sweep', async () => {
    const plan = planSweep(SWEEP);
    const reference = fresh('reference.jsonl');
    await runSweep(plan, { output: reference, workers: 0 });
    const rowBytes = statSync(reference).size / plan.total;
    // A file-size limit (ulimit -f, in KiB) a few rows and a half in: the write that crosses
    // it is cut short by the system and the next one fails (EFBIG), as on a disk that fills
    // up in the middle of a row. The signal the limit raises is ignored, as Node does.
    const limitKiB = Math.floor((rowBytes * 5.5) / 1024);
    const out = fresh('runs.jsonl');
    const child = spawnSync(
      'bash',
      ['-c', `trap '' XFSZ; ulimit -f ${limitKiB}; exec "$0" "$@"`, process.execPath, '--import', 'tsx', join(root, 'src/cli/bin.ts'), 'sweep', SWEEP, '-o', out, '--workers', '1', '--quiet'],
      { cwd: root, encoding: 'utf8', timeout: 100_000, killSignal: 'SIGKILL' },
    );
    const text = readFileSync(out, 'utf8');
    const whole = text.split('\n').filter((l) => l !== '').length;
    // Rows differ in size, so how many fit is read from the file; the limit must have struck mid-sweep.
    expect(whole).toBeGreaterThan(0);
    expect(whole).toBeLessThan(plan.total);
    expect({ status: child.status, stdout: child.stdout, stderr: child.stderr }).toEqual({
      status: 3,
      stdout: '',
      stderr: `error: cannot write sweep output ${out}: the file would exceed the largest size allowed (ulimit -f, or the file system). ${whole} of the 36 runs are in it, each row whole; fix that and run the same command with --resume to do the other ${36 - whole}\n`,
    });
    // Cut back to where the failed row began: every line is a whole row.
    expect(text.endsWith('\n')).toBe(true);
    for (const line of text.trimEnd().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();

    const warnings: string[] = [];
    const resumed = await runSweep(plan, { output: out, workers: 1, resume: true, onWarning: (w) => warnings.push(w) });
    expect({ ran: resumed.ran, skipped: resumed.skipped, warnings }).toEqual({ ran: 36 - whole, skipped: whole, warnings: [] });
    expect(rowsOf(out)).toEqual(rowsOf(reference));
  }, 120_000);

  it('goes to a device as a stream, without aggregates, and refuses --resume there', async () => {
    const r = await runCli(['sweep', SWEEP, '--seeds', '1', '--workers', '0', '--quiet', '-o', '/dev/null']);
    expect(r).toEqual({ code: 0, out: '', err: '12 runs done; rows in /dev/null\n/dev/null is not a regular file: no aggregates; write the rows to a file for them\n' });
    const resume = await runCli(['sweep', SWEEP, '--seeds', '1', '--workers', '0', '--quiet', '-o', '/dev/null', '--resume']);
    expect(resume).toEqual({ code: 2, out: '', err: 'error: --resume reads back the rows already in /dev/null, which is not a regular file (a device or a pipe): write to a file\n' });
  }, 60_000);
});

describe('reading sweep rows back', () => {
  it('refuses a JSONL file with no whole row, in compare and merge, with exit 2', async () => {
    const empty = fresh('empty.jsonl');
    writeFileSync(empty, '');
    const cut = fresh('cut.jsonl');
    writeFileSync(cut, '{"sweep":"6fe7855b4f');
    expect(await runCli(['compare', empty])).toEqual({ code: 2, out: '', err: `error: ${empty} holds no sweep row: it is empty; a sweep writes a row as each run finishes\n` });
    expect(await runCli(['compare', cut])).toEqual({
      code: 2,
      out: '',
      err: `error: ${cut} holds no sweep row: its only line was cut short (a run killed while writing); a sweep writes a row as each run finishes\n`,
    });
    expect(await runCli(['merge', empty])).toEqual({ code: 2, out: '', err: `error: ${empty} holds no sweep row: nothing to merge\n` });
    expect(await runCli(['merge', empty, empty.replace('empty', 'x')])).toMatchObject({ code: 2 });
  });

  it('refuses a directory, or a file that is not there, as bad input (exit 2), not an output error', async () => {
    const folder = fresh('x.jsonl');
    mkdirSync(folder);
    expect(await runCli(['merge', folder])).toEqual({ code: 2, out: '', err: `error: ${folder} is a directory, not a sweep's JSONL file\n` });
    expect(await runCli(['compare', folder])).toEqual({ code: 2, out: '', err: `error: ${folder} is a directory, not a sweep's JSONL file\n` });
    const absent = join(dir, 'absent.jsonl');
    expect(await runCli(['compare', absent])).toEqual({ code: 2, out: '', err: `error: ${absent} cannot be read: no such file\n` });
  });

  it('merges through a temporary file: a merge that fails leaves an earlier output as it was', async () => {
    const shard = fresh('s0.jsonl');
    expect((await runCli(['sweep', SWEEP, '--seeds', '1', '--shard', '0/2', '--workers', '0', '--quiet', '-o', shard])).code).toBe(0);
    const out = join(dir, 'merged.jsonl');
    writeFileSync(out, 'an earlier merge\n');
    const r = await runCli(['merge', shard, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: 6 of the sweep's 12 runs are missing/);
    expect(readFileSync(out, 'utf8')).toBe('an earlier merge\n');
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  }, 60_000);
});
