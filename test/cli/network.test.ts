import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/index.js';
import { itRefusesBadFixtures } from '../helpers/bad-fixtures.js';
import { runCli } from '../helpers/cli-capture.js';

const root = join(import.meta.dirname, '..', '..');
const backbone = join(root, 'scenarios', 'shared-backbone.yaml');
const dir = mkdtempSync(join(tmpdir(), 'manychip-network-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bad network input on the command line', () => {
  const cases = ['network-unknown-end', 'network-zero-gbps', 'network-broken-route', 'network-no-route', 'network-with-market', 'network-with-brain'];
  itRefusesBadFixtures(cases);

  it('refuses a market mechanism for a run over shared links, before running', async () => {
    const { code, err } = await runCli(['run', backbone, '--mechanism', 'call']);
    expect(code).toBe(2);
    expect(err).toMatch(/markets do not run over a shared network yet/);
  });
});

describe('the bundled shared backbone', () => {
  it('runs with the network block: every link, transfers both ways, and the share of JCT spent moving data', async () => {
    const { code, out } = await runCli(['run', backbone, '--format', 'json']);
    expect(code).toBe(0);
    const r = JSON.parse(out) as Results;
    expect(r.schemaVersion).toBe(7);
    const n = r.network;
    expect(n?.links.map((l) => l.name)).toEqual(['backbone', 'wuhan-guizhou', 'wuhan-gansu']);
    expect(n?.transfers.input.count).toBeGreaterThan(0);
    expect(n?.transfers.output.count).toBeGreaterThan(0);
    // Every byte that reaches a western hub crosses the backbone: it carries what both spurs carry.
    const [trunk, guizhou, gansu] = n?.links ?? [];
    expect(trunk?.gbMoved).toBeCloseTo((guizhou?.gbMoved ?? 0) + (gansu?.gbMoved ?? 0), 6);
    for (const l of n?.links ?? []) expect(l.meanUtilisation).toBeLessThanOrEqual(1 + 1e-9);
    // Each link's utilisation over time integrates to what it carried (t holds the intervals' ends).
    const t = r.timeseries.t;
    for (const l of n?.links ?? []) {
      const series = n?.timeseries.utilisationByLink[l.name] ?? [];
      expect(series.length).toBe(t.length);
      const carried = series.reduce((sum, u, k) => sum + (u * l.gbps * ((t[k] as number) - (k === 0 ? 0 : (t[k - 1] as number)))) / 8, 0);
      expect(carried).toBeCloseTo(l.gbMoved, 6);
    }
    expect(n?.transferShareOfJct).toBeGreaterThan(0);
    expect(n?.transferShareOfJct).toBeLessThan(1);
  });

  it('draws the busiest links over time in the HTML report, run and compare alike', async () => {
    const report = join(dir, 'report.html');
    expect((await runCli(['run', backbone, '--report', report])).code).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<section id="network">');
    expect(html).toContain('data-chart="network/data-gravity"');
    const compared = join(dir, 'compare.html');
    expect((await runCli(['compare', backbone, '--policies', 'data-gravity,cost-latency', '--seeds', '2', '--report', compared])).code).toBe(0);
    const both = readFileSync(compared, 'utf8');
    expect(both).toContain('data-chart="network/data-gravity"');
    expect(both).toContain('data-chart="network/cost-latency"');
  });

  it('puts each job’s transfers on a track of their own in the Chrome trace, one slice per transfer', async () => {
    const trace = join(dir, 'trace.json');
    const { code, out } = await runCli(['run', backbone, '--trace', trace, '--format', 'json']);
    expect(code).toBe(0);
    const r = JSON.parse(out) as Results;
    const events = (JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: { name: string; ph: string; cat?: string; id?: string; ts: number; pid: number; args?: { outcome?: string; gb?: number } }[] }).traceEvents;
    const begins = events.filter((e) => e.ph === 'b' && e.cat === 'transfer');
    const ends = events.filter((e) => e.ph === 'e' && e.cat === 'transfer');
    expect(begins.length).toBe(ends.length);
    const arrived = begins.filter((e) => e.args?.outcome === 'arrived');
    expect(arrived.filter((e) => e.name === 'input').length).toBe(r.network?.transfers.input.count);
    expect(arrived.filter((e) => e.name === 'output').length).toBe(r.network?.transfers.output.count);
    expect(arrived.filter((e) => e.name === 'input').reduce((sum, e) => sum + (e.args?.gb ?? 0), 0)).toBeCloseTo(r.network?.transfers.input.gb ?? NaN, 6);
    // Each slice ends after it begins, on the job's own track (its id) in the network process.
    const pid = begins[0]?.pid;
    begins.forEach((b, i) => {
      const e = ends[i];
      expect([e?.name, e?.id, e?.pid]).toEqual([b.name, b.id, pid]);
      expect(e?.ts).toBeGreaterThanOrEqual(b.ts);
    });
    expect(events).toContainEqual(expect.objectContaining({ name: 'process_name', pid, args: { name: 'network transfers' } }));
  });

  it('prints the network in the run table: the sharing, the share of JCT, transfers each way and the busiest links', async () => {
    const { code, out } = await runCli(['run', backbone]);
    expect(code).toBe(0);
    expect(out).toMatch(/\nnetwork\s+max-min over 3 links · [\d.]+% of JCT moving data\n/);
    expect(out).toMatch(/\n\s+inputs [\d,]+, [\d,.]+ GB, p50 [\d,.]+ s, p95 [\d,.]+ s\n\s+outputs [\d,]+, /);
    expect(out).toMatch(/\n\s+busiest links: wuhan-gansu [\d.]+%/);
  });
});
