import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-capture.js';

const root = join(import.meta.dirname, '..', '..');
const TINY = join(root, 'test/fixtures/sweeps/tiny.yaml');
const dir = mkdtempSync(join(tmpdir(), 'manychip-outputs-as-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (name: string): string => join(dir, name);

/** manychip's own outputs, each written by the command that makes it. */
beforeAll(async () => {
  const made = [
    await runCli(['run', TINY, '--format', 'json', '-o', at('res.json')]),
    await runCli(['compare', TINY, '--policies', 'fifo,random', '--seeds', '2', '--format', 'json', '--quiet', '-o', at('cmp.json')]),
    await runCli(['sweep', TINY, '--set', 'horizon=50,60', '--seeds', '1', '--workers', '0', '--quiet', '--format', 'json', '-o', at('runs.jsonl')]),
  ];
  for (const m of made) expect(m.code).toBe(0);
  // The sweep's aggregates went to standard output.
  writeFileSync(at('sum.json'), (made[2] as { out: string }).out);
}, 60_000);

const RESULTS = 'is a manychip results file (from run --format json), not a scenario: give the scenario file the run read';

describe('one of manychip’s outputs given where a scenario belongs', () => {
  it.each([
    ['run', 'res.json', RESULTS],
    ['validate', 'res.json', RESULTS],
    ['compare', 'res.json', RESULTS],
    ['sweep', 'res.json', RESULTS],
    ['run', 'runs.jsonl', `is a sweep's output (its JSONL rows, from manychip sweep), not a scenario: read its aggregates with manychip compare ${at('runs.jsonl')}, or give the scenario file`],
    ['sweep', 'runs.jsonl', `is a sweep's output (its JSONL rows, from manychip sweep), not a scenario: read its aggregates with manychip compare ${at('runs.jsonl')}, or give the scenario file`],
    ['run', 'cmp.json', 'is a manychip comparison (from compare --format json), not a scenario: give the scenario file it compared runs of'],
    ['run', 'sum.json', "is a sweep's aggregates (from sweep, merge or compare --format json), not a scenario: give the scenario file, or read the sweep's rows with manychip compare <runs.jsonl>"],
  ])('%s %s: exit 2 and one line naming what the file is', async (command, name, message) => {
    expect(await runCli([command, at(name)])).toEqual({ code: 2, out: '', err: `error: ${at(name)} ${message}\n` });
  });

  it('as a sweep file’s scenario: one line at the scenario field', async () => {
    writeFileSync(at('sw.yaml'), 'name: sw\nscenario: res.json\nseeds: 1\n');
    expect(await runCli(['sweep', at('sw.yaml')])).toEqual({ code: 2, out: '', err: `error: ${at('sw.yaml')}:2:11 scenario: ${at('res.json')} ${RESULTS}\n` });
  });

  it('compare knows a sweep’s rows by their content, under any name', async () => {
    copyFileSync(at('runs.jsonl'), at('rows.txt'));
    const r = await runCli(['compare', at('rows.txt')]);
    expect(r.code).toBe(0);
    expect(r.out).toBe((await runCli(['compare', at('runs.jsonl')])).out);
  });
});
