import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../helpers/cli-main.js';
import type { Results } from '../../src/metrics/results.js';

const root = join(import.meta.dirname, '..', '..');
const quickstart = join(root, 'scenarios', 'quickstart.yaml');
const dir = mkdtempSync(join(tmpdir(), 'manychip-explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (t) => ((out += t), true) }, { write: (t) => ((err += t), true) });
  return { code, out, err };
}

describe('manychip run --explain', () => {
  it('prints why each decision about the jobs asked for came out as it did, after the results', async () => {
    const { code, out } = await cli('run', quickstart, '--policy', 'cost-latency', '--explain', '17,5');
    expect(code).toBe(0);
    const why = out.slice(out.indexOf('why · job'));
    expect(why).toMatch(/^why · job 5 · class \S+ · from \S+ · arrived at t=/);
    expect(why).toMatch(/why · job 17 · /);
    // Job 17 finds the Beijing A100s full: refused with its reason, the winner marked, the parts shown raw → normalised (weighted).
    expect(why).toMatch(/bj-edge\/a100\s+refused: no-room/);
    expect(why).toMatch(/▶\s+gansu-hub\/ascend-910b\s+[\d.e-]+ → 100 \(100\)/);
    expect(why).toMatch(/cost raw → norm \(weighted\)\s+latency raw → norm \(weighted\)\s+time raw → norm \(weighted\)\s+total/);
  });

  it('puts the same explanations in the JSON results, and leaves every other figure as it was', async () => {
    const plain = JSON.parse((await cli('run', quickstart, '--format', 'json')).out) as Results;
    const { out } = await cli('run', quickstart, '--format', 'json', '--explain-sample', '3');
    const explained = JSON.parse(out) as Results;
    expect(explained.explanations).toHaveLength(3);
    for (const e of explained.explanations ?? []) expect(e.decisions.length).toBeGreaterThan(0);
    expect(plain.explanations).toBeUndefined();
    expect({ ...explained, perf: null, explanations: null }).toEqual({ ...plain, perf: null, explanations: null });
  });

  it('writes the breakdown into the Chrome trace args of the execution it led to', async () => {
    const trace = join(dir, 'trace.json');
    expect((await cli('run', quickstart, '--policy', 'cost-latency', '--explain', '17', '--trace', trace)).code).toBe(0);
    const events = (JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: { ph: string; args?: { job?: string; why?: { candidates: { pool: string; winner?: boolean }[] } } }[] }).traceEvents;
    const execution = events.find((e) => e.ph === 'X' && e.args?.job === '17');
    expect(execution?.args?.why?.candidates.find((c) => c.winner === true)?.pool).toBe('gansu-hub/ascend-910b');
    expect(events.filter((e) => e.args?.why !== undefined)).toHaveLength(1);
  });

  it('says so when no job asked for arrived, and refuses an empty list', async () => {
    const none = await cli('run', quickstart, '--explain', 'no-such-job');
    expect(none.code).toBe(0);
    expect(none.out).toMatch(/explanations: no job asked about arrived in this run\n$/);
    const empty = await cli('run', quickstart, '--explain', ' , ');
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/--explain.*needs at least one job id/);
  });
});
