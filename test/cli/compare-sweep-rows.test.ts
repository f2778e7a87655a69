import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-capture.js';

const root = join(import.meta.dirname, '..', '..');
const SWEEP = join(root, 'test/fixtures/sweeps/tiny-sweep.yaml');
const dir = mkdtempSync(join(tmpdir(), 'manychip-compare-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The 6 rows of a small sweep (3 rates × 2 node counts, fifo, one seed), each a line. */
let lines: string[] = [];
beforeAll(async () => {
  const out = join(dir, 'runs.jsonl');
  const r = await runCli(['sweep', SWEEP, '--seeds', '1', '--policies', 'fifo', '--workers', '0', '--quiet', '-o', out]);
  expect(r.code).toBe(0);
  lines = readFileSync(out, 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(6);
}, 60_000);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('compare on a sweep’s JSONL', () => {
  it('refuses the flags that choose runs, since a sweep’s runs are done, rather than ignoring them', async () => {
    const whole = file('whole.jsonl', `${lines.join('\n')}\n`);
    const r = await runCli(['compare', whole, '--policies', 'fifo', '--seeds', '3', '--baseline', 'nope', '--exact']);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: 'error: --policies, --seeds, --baseline and --exact do not apply to a sweep’s JSONL: its runs are done and each row keeps what it ran with; give them to compare with a scenario, or to sweep\n',
    });
    // What does apply: the metrics, the format and the outputs.
    const ok = await runCli(['compare', whole, '--metric', 'jct.p95', '--format', 'json', '--quiet']);
    expect(ok.code).toBe(0);
  });

  it('refuses a run given twice, naming both lines, rather than letting the later row win', async () => {
    const last = lines.at(-1) as string;
    const doubled = file('doubled.jsonl', `${lines.join('\n')}\n${last.replace(/"overall":[0-9.e-]+/, '"overall":0.99')}\n`);
    const r = await runCli(['compare', doubled, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(new RegExp(`^error: ${doubled}:7: run 5 \\(.*\\) is also at ${doubled}:6: the file holds that run twice .*\\n$`));
  });

  it('refuses rows of two sweeps in one file', async () => {
    const other = (lines[0] as string).replace(/"sweep":"[0-9a-f]+"/, '"sweep":"0000000000000000"');
    const mixed = file('mixed.jsonl', `${lines.join('\n')}\n${other}\n`);
    const r = await runCli(['compare', mixed]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^error: ${mixed}:7 is a run of another sweep \\(0000000000000000, 6 runs\\) than ${mixed}:1 `));
  });

  it('shows a last line cut short as a run left out, with a warning naming the line (none under --quiet)', async () => {
    const cut = file('cut.jsonl', `${lines.join('\n')}\n`.slice(0, -200));
    const r = await runCli(['compare', cut]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/: 5 of 6 runs /);
    expect(r.err).toBe(`warning: ${cut}:6: its last line was cut short (a run killed while writing, or one being written now): that run is left out of these figures; sweep --resume runs it again\n`);
    const quiet = await runCli(['compare', cut, '--quiet']);
    expect(quiet).toEqual({ code: 0, out: r.out, err: '' });
  });

  it('shows a sweep stopped part-way (whole rows, runs missing) as the runs done so far, without a word', async () => {
    const part = file('part.jsonl', `${lines.slice(0, 3).join('\n')}\n`);
    const r = await runCli(['compare', part]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ × 1 seed: 3 of 6 runs /);
    // One seed per cell: the table says it holds single runs, not intervals.
    expect(r.out).toContain('one run per cell, no interval (intervals need 2 seeds or more)');
    expect(r.err).toBe('');
  });

  it('is refused by merge for the same reasons', async () => {
    const cut = file('cut-merge.jsonl', `${lines.join('\n')}\n`.slice(0, -200));
    expect(await runCli(['merge', cut])).toMatchObject({ code: 2, err: `error: ${cut}:6: its last line was cut short (a run killed while writing): finish that shard with --resume first\n` });
    const doubled = file('doubled-merge.jsonl', `${lines.join('\n')}\n${lines[0] as string}\n`);
    expect((await runCli(['merge', doubled])).err).toMatch(new RegExp(`^error: ${doubled}:7: run 0 \\(.*\\) is also at ${doubled}:1: the file holds that run twice`));
  });
});
