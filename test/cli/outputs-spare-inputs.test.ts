import { copyFileSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-capture.js';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'manychip-spare-inputs-'));
const at = (name: string): string => join(dir, name);
const refused = (option: string, path: string, what: string): string => `error: ${option} ${path} would overwrite ${what}, which this command reads: write it elsewhere\n`;

beforeAll(async () => {
  copyFileSync(join(root, 'test/fixtures/sweeps/tiny.yaml'), at('tiny.yaml'));
  symlinkSync('tiny.yaml', at('link.yaml'));
  copyFileSync(join(root, 'test/fixtures/traces/malformed.swf'), at('trace.swf'));
  writeFileSync(
    at('traced.yaml'),
    'name: traced\nchips: { c: { kind: cpu } }\nregions: [{ name: r }]\nsites: [{ name: s, region: r, pools: [{ chip: c, nodes: 8 }] }]\nclasses: { b: { speed: { c: 1 }, work: { dist: constant, value: 0 } } }\nworkload:\n  - { class: b, origin: r, trace: { format: swf, file: trace.swf } }\npolicy: fifo\n',
  );
  writeFileSync(at('sweep.yaml'), 'scenario: tiny.yaml\nmatrix: { horizon: [10, 20] }\nseeds: 1\n');
  expect((await runCli(['sweep', at('sweep.yaml'), '--workers', '0', '--quiet', '-o', at('runs.jsonl')])).code).toBe(0);
}, 60_000);

/** Every file of the folder with its bytes, to see that a refused command left them as they were. */
function snapshot(): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(at(f), 'utf8')]));
}

describe('an output that names an input', () => {
  it('is refused for every output of run, with the scenario named by any path to it, before anything is written', async () => {
    const before = snapshot();
    const scenario = at('tiny.yaml');
    const cases: [string[], string, string][] = [
      [['-o', scenario], '--output', scenario],
      [['--report', scenario], '--report', scenario],
      [['--jobs', at('link.yaml')], '--jobs', at('link.yaml')],
      [['--trace', `${dir}/./tiny.yaml`], '--trace', `${dir}/./tiny.yaml`],
    ];
    for (const [flags, option, path] of cases) {
      expect(await runCli(['run', scenario, ...flags])).toEqual({ code: 2, out: '', err: refused(option, path, 'the scenario') });
    }
    const relativePath = relative(process.cwd(), scenario);
    expect(await runCli(['run', at('link.yaml'), '-o', relativePath])).toEqual({ code: 2, out: '', err: refused('--output', relativePath, 'the scenario') });
    expect(snapshot()).toEqual(before);
  });

  it('is refused for a data file the scenario reads', async () => {
    const before = snapshot();
    expect(await runCli(['run', at('traced.yaml'), '--quiet', '--jobs', at('trace.swf')])).toEqual({ code: 2, out: '', err: refused('--jobs', at('trace.swf'), 'the scenario\'s data file trace.swf') });
    expect(snapshot()).toEqual(before);
  });

  it('is refused for every kind of data file, as the scenario resolves it, whatever the working directory', async () => {
    // A node list, an RTT matrix, a price series and empirical values: parsing replaces each by what it holds, so only it can say which files it read.
    writeFileSync(at('hubs.csv'), 'site,chip,count,region\nhub,c,2,r\n');
    writeFileSync(at('rtt.csv'), 'origin,hub\nr,4\n');
    writeFileSync(at('prices.csv'), 't,price\n0,1\n');
    writeFileSync(at('sizes.csv'), 's\n1\n2\n');
    writeFileSync(
      at('data.yaml'),
      'name: data\nchips: { c: { kind: cpu } }\nregions: [{ name: r }]\nsites:\n  - from: { format: csv, file: hubs.csv }\n  - { name: s, region: r, pools: [{ chip: c, nodes: 1, priceSeries: { file: prices.csv } }] }\nnetwork: { rttMsFile: rtt.csv, rttMs: { r: { s: 1 } } }\nclasses: { b: { speed: { c: 1 }, work: { dist: empirical, file: sizes.csv, column: s } } }\njobs: [{ class: b, origin: r, arrival: 0, work: 1 }]\n',
    );
    const before = snapshot();
    for (const name of ['hubs.csv', 'rtt.csv', 'prices.csv', 'sizes.csv']) {
      expect(await runCli(['run', at('data.yaml'), '--quiet', '--jobs', at(name)])).toEqual({ code: 2, out: '', err: refused('--jobs', at(name), `the scenario's data file ${name}`) });
    }
    expect(snapshot()).toEqual(before);
  });

  it('is refused for compare, of a scenario or of a sweep’s results', async () => {
    const before = snapshot();
    expect(await runCli(['compare', at('tiny.yaml'), '--policies', 'fifo,random', '--seeds', '1', '-o', at('tiny.yaml')])).toEqual({ code: 2, out: '', err: refused('--output', at('tiny.yaml'), 'the scenario') });
    expect(await runCli(['compare', at('runs.jsonl'), '--report', at('runs.jsonl')])).toEqual({ code: 2, out: '', err: refused('--report', at('runs.jsonl'), 'the sweep results being compared') });
    expect(snapshot()).toEqual(before);
  });

  it('is refused for sweep and merge', async () => {
    copyFileSync(at('trace.swf'), at('other.swf'));
    const before = snapshot();
    expect(await runCli(['sweep', at('sweep.yaml'), '--workers', '0', '--quiet', '-o', at('sweep.yaml')])).toEqual({ code: 2, out: '', err: refused('--output', at('sweep.yaml'), 'the sweep file') });
    expect(await runCli(['sweep', at('sweep.yaml'), '--workers', '0', '--quiet', '-o', at('new.jsonl'), '--report', at('link.yaml')])).toEqual({ code: 2, out: '', err: refused('--report', at('link.yaml'), 'the scenario') });
    expect(await runCli(['sweep', at('tiny.yaml'), '--set', 'horizon=1,2', '--workers', '0', '--quiet', '-o', at('tiny.yaml')])).toEqual({ code: 2, out: '', err: refused('--output', at('tiny.yaml'), 'the scenario') });
    // A data file only a later variant reads is an input too.
    const other = await runCli(['sweep', at('traced.yaml'), '--set', 'workload[0].trace.file=trace.swf,other.swf', '--workers', '0', '--quiet', '-o', at('other.swf')]);
    expect(other).toEqual({ code: 2, out: '', err: refused('--output', at('other.swf'), "the scenario's data file other.swf") });
    expect(await runCli(['merge', at('runs.jsonl'), '-o', at('runs.jsonl')])).toEqual({ code: 2, out: '', err: refused('--output', at('runs.jsonl'), `${at('runs.jsonl')}, one of the files being merged`) });
    expect(snapshot()).toEqual(before);
  });

  it('is never a device', async () => {
    const r = await runCli(['run', at('tiny.yaml'), '--quiet', '--jobs', '/dev/null']);
    expect(r.code).toBe(0);
  });
});
