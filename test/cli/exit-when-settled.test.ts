import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/data-traces.js';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const moduleUrl = pathToFileURL(join(repoRoot, 'src', 'cli', 'exit-when-settled.ts')).href;

/**
 * Runs `body` in a child Node process (ES module, top-level await) after it
 * has imported `exitWhenSettled`, through bash so that its standard output
 * can be piped: `pipe` is the rest of the shell pipeline, e.g. `| wc -c`.
 * A 'beforeExit' listener writes "loop ended" on standard error: the event
 * loop ran dry, which is what `exitWhenSettled` skips when it ends the process.
 */
function child(body: string, pipe = '') {
  const script = `process.on('beforeExit', () => process.stderr.write('loop ended\\n')); const { exitWhenSettled } = await import(${JSON.stringify(moduleUrl)}); ${body}`;
  const node = [process.execPath, '--import', tsx, '--input-type=module', '-e', script].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  const r = spawnSync('bash', ['-c', `${node} ${pipe}; echo "exit \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8', timeout: 50_000, killSignal: 'SIGKILL' });
  return { out: r.stdout, err: r.stderr };
}

describe('exitWhenSettled', () => {
  it('ends the process at once, with process.exitCode, when nothing is left to deliver', () => {
    expect(child(`process.stdout.write('done\\n'); process.exitCode = 5; exitWhenSettled();`)).toEqual({ out: 'done\n', err: 'exit 5\n' });
  });

  it('leaves a timer to fire: something is still open', () => {
    expect(child(`setTimeout(() => process.stdout.write('timer\\n'), 30); exitWhenSettled();`)).toEqual({ out: 'timer\n', err: 'loop ended\nexit 0\n' });
  });

  it('leaves output a slow reader has not taken yet to be written whole', () => {
    // 1 MB into a pipe whose reader waits first: most of it is still queued in the stream when the command is done.
    const r = child(`process.stdout.write('x'.repeat(1 << 20)); process.stderr.write('queued ' + (process.stdout.writableLength > 0) + '\\n'); exitWhenSettled();`, '| (sleep 0.3; wc -c)');
    expect(r).toEqual({ out: `${1 << 20}\n`, err: 'queued true\nloop ended\nexit 0\n' });
  });

  it('leaves a failed write to be reported on its stream', () => {
    // /dev/full fails every write; the stream reports it a tick later, and that report must not be cut off.
    const r = child(`process.stdout.on('error', (e) => { process.stderr.write('reported ' + e.code + '\\n'); process.exitCode = 3; }); process.stdout.write('lost'); exitWhenSettled();`, '> /dev/full');
    expect(r).toEqual({ out: '', err: 'reported ENOSPC\nloop ended\nexit 3\n' });
  });
});
