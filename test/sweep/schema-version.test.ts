import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULTS_SCHEMA_VERSION } from '../../src/metrics/results.js';
import { runCli } from '../helpers/cli-capture.js';

const root = resolve(import.meta.dirname, '..', '..');
const SWEEP = join(root, 'test/fixtures/sweeps/tiny-sweep.yaml');
const dir = mkdtempSync(join(tmpdir(), 'manychip-schema-version-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The rows of `current` with line `at` (0-based) made to look as a version-`version` row did: that number, and no per-class results. */
function withOldRow(current: string, name: string, version: number, at: number): string {
  const lines = readFileSync(current, 'utf8').trimEnd().split('\n');
  const row = JSON.parse(lines[at] as string) as { results: Record<string, unknown> };
  row.results.schemaVersion = version;
  delete row.results.byClass;
  delete row.results.byOrigin;
  delete row.results.slowdownThresholdS;
  lines[at] = JSON.stringify(row);
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('sweep rows of another results schemaVersion', () => {
  let current = '';
  beforeAll(async () => {
    current = join(dir, 'current.jsonl');
    const r = await runCli(['sweep', SWEEP, '--seeds', '1', '--workers', '0', '--quiet', '-o', current]);
    expect(r.code).toBe(0);
  }, 60_000);

  it('are written as schemaVersion 7', () => {
    const rows = readFileSync(current, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { results: { schemaVersion: number } });
    expect(rows.length).toBe(12);
    expect(RESULTS_SCHEMA_VERSION).toBe(7);
    for (const row of rows) expect(row.results.schemaVersion).toBe(7);
  });

  it('are refused by compare, merge and sweep --resume with one message naming the file and line, exit 2', async () => {
    const old = withOldRow(current, 'old.jsonl', 1, 2);
    const message = `error: ${old}:3:1 results.schemaVersion: holds results of schemaVersion 1, written by an earlier manychip; this one reads schemaVersion 7, which added per-class and per-origin results and redefined slowdown, and computes quantiles from a sketch unless --exact, saying which in results.quantiles, and added the results of elastic pools (results.elastic), and added the results of a compute-network brain (results.brain), and added the trades of a compute market (results.market), and added the shared network’s results (results.network) and output transfers in JCT: run the sweep again with this version (manychip sweep <sweep file> --force), or read the file with the version that wrote it\n`;
    expect(await runCli(['compare', old])).toEqual({ code: 2, out: '', err: message });
    expect(await runCli(['merge', old])).toEqual({ code: 2, out: '', err: message });
    const resumed = await runCli(['sweep', SWEEP, '--seeds', '1', '--workers', '0', '--quiet', '--resume', '-o', old]);
    expect(resumed).toEqual({ code: 2, out: '', err: message });
    // Resuming wrote nothing into the old file.
    expect(readFileSync(old, 'utf8').trimEnd().split('\n').length).toBe(12);
  });

  it('refuses a last row of another version too, and one from a newer manychip says so', async () => {
    const lastOld = withOldRow(current, 'last-old.jsonl', 1, 11);
    expect(await runCli(['compare', lastOld])).toMatchObject({ code: 2, err: expect.stringContaining(`${lastOld}:12:1 results.schemaVersion: holds results of schemaVersion 1`) as unknown });
    const newer = withOldRow(current, 'newer.jsonl', 8, 0);
    expect(await runCli(['merge', newer])).toMatchObject({ code: 2, err: expect.stringContaining('holds results of schemaVersion 8, written by a newer manychip; this one reads schemaVersion 7') as unknown });
    const two = withOldRow(current, 'two.jsonl', 2, 0);
    expect(await runCli(['compare', two])).toMatchObject({
      code: 2,
      err: expect.stringContaining('holds results of schemaVersion 2, written by an earlier manychip; this one reads schemaVersion 7, which computes quantiles from a sketch unless --exact, saying which in results.quantiles, and added the results of elastic pools (results.elastic), and added the results of a compute-network brain (results.brain), and added the trades of a compute market (results.market), and added the shared network’s results (results.network) and output transfers in JCT: run') as unknown,
    });
  });
});
