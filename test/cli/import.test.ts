import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { main } from '../helpers/cli-main.js';
import { runCli } from '../helpers/cli-process.js';
import { dataTrace, repoRoot as root } from '../helpers/data-traces.js';

const kth = dataTrace('swf', 'KTH-SP2-1996-2.1-cln.swf.gz');
const pods = dataTrace('alibaba-gpu-2023', 'openb_pod_list_default.csv.gz');
const gpuNodes = dataTrace('alibaba-gpu-2023', 'openb_node_list_gpu_node.csv.gz');
const gavel = dataTrace('gavel', 'simulation_throughputs.json.gz');

const dir = mkdtempSync(join(tmpdir(), 'manychip-import-cli-'));
// A directory inside the checkout, for the schema line; removed afterwards.
const inRepo = mkdtempSync(join(root, 'test', '.import-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(inRepo, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (t) => ((out += t), true) }, { write: (t) => ((err += t), true) });
  return { code, out, err };
}

describe('manychip import', () => {
  it('writes the skeleton to -o, and `validate` and `run` take it as it is', async () => {
    const file = join(dir, 'gavel.yaml');
    const imported = await cli('import', 'gavel', gavel, '-o', file);
    expect(imported).toEqual({ code: 0, out: `wrote ${file}: 26 classes at scale factor 1 (placeholder cluster, arrivals and work)\n`, err: '' });
    expect(readFileSync(file, 'utf8')).toMatch(/^# Imported by `manychip import gavel`/);
    expect(await cli('validate', file)).toEqual({ code: 0, out: `${file}: ok (1 site, 26 classes)\n`, err: '' });
    const run = await cli('run', file, '--format', 'json');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.out) as { jobs: { arrived: number } }).jobs.arrived).toBe(260);
  });

  it('writes an Alibaba skeleton whose paths are relative to the output file', async () => {
    const sub = join(dir, 'sub');
    const file = join(sub, 'alibaba.yaml');
    mkdirSync(sub);
    const r = await cli('import', 'alibaba-pods', pods, '--nodes', gpuNodes, '-o', file);
    expect(r).toEqual({ code: 0, out: `wrote ${file}: 8,152 pods on 1,213 nodes\n`, err: '' });
    expect(await cli('validate', file)).toMatchObject({ code: 0 });
    // GPU nodes only: no cpu chip (CPU-only pods take cores and memory of GPU nodes).
    expect(readFileSync(file, 'utf8')).not.toMatch(/^ {2}cpu:/m);
  });

  it('writes to standard output without -o', async () => {
    const r = await cli('import', 'swf', kth);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('# 28,476 job lines (none malformed) over 332.9 days');
    expect(r.out).toContain('policy: easy-backfill\n');
  });

  it('refuses to overwrite an existing file unless --force, and leaves it as it was', async () => {
    const file = join(dir, 'kept.yaml');
    writeFileSync(file, 'mine\n');
    expect(await cli('import', 'swf', kth, '-o', file)).toEqual({ code: 2, out: '', err: `error: ${file} exists; give --force to overwrite it\n` });
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    expect((await cli('import', 'swf', kth, '-o', file, '--force')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('trace: { format: swf, file: ');
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('starts with the schema line only for an output inside the checkout', async () => {
    const outside = join(dir, 'outside.yaml');
    await cli('import', 'swf', kth, '-o', outside);
    expect(readFileSync(outside, 'utf8')).not.toContain('yaml-language-server');
    const inside = join(inRepo, 'kth.yaml');
    await cli('import', 'swf', kth, '-o', inside);
    const text = readFileSync(inside, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/scenario.schema.json');
    expect(text).toContain('trace: { format: swf, file: ../../data/traces/swf/KTH-SP2-1996-2.1-cln.swf.gz }');
    expect(await cli('validate', inside)).toMatchObject({ code: 0 });
  });
});

describe('manychip import: paths that work wherever the scenario is run from', () => {
  // Three places: where import runs (with the trace beside it, named relatively),
  // where the scenario is saved, and where it is validated and run.
  const places = mkdtempSync(join(tmpdir(), 'manychip import paths '));
  const [here, saved, elsewhere] = ['here', 'saved', 'elsewhere'].map((d) => join(places, d)) as [string, string, string];
  for (const d of [here, saved, elsewhere]) mkdirSync(join(d, 'traces'), { recursive: true });
  // The first 2,000 lines of KTH (1,976 jobs), gzipped: enough, and quick to run.
  writeFileSync(join(here, 'traces', 'kth.swf.gz'), gzipSync(gunzipSync(readFileSync(kth)).toString('utf8').split('\n').slice(0, 2000).join('\n')));
  afterAll(() => rmSync(places, { recursive: true, force: true }));
  const traceFile = (scenario: string): string => (parse(readFileSync(scenario, 'utf8')) as { workload: { trace: { file: string } }[] }).workload[0]?.trace.file ?? '';

  it('names the trace by its absolute path on standard output, so that the saved scenario runs from anywhere', () => {
    const imported = runCli(['import', 'swf', 'traces/kth.swf.gz'], { cwd: here, timeoutMs: 60_000 });
    expect(imported).toMatchObject({ code: 0, err: '', timedOut: false });
    expect(imported.out).not.toContain('yaml-language-server');
    const scenario = join(saved, 'kth.yaml');
    writeFileSync(scenario, imported.out);
    expect(traceFile(scenario)).toBe(join(here, 'traces', 'kth.swf.gz'));
    const validated = runCli(['validate', scenario], { cwd: elsewhere, timeoutMs: 60_000 });
    expect(validated).toMatchObject({ code: 0, timedOut: false });
    expect(validated.out).toContain('kth.swf.gz: 1,976 jobs');
  });

  it('keeps an absolute input path absolute on standard output', async () => {
    const r = await cli('import', 'swf', kth);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`trace: { format: swf, file: ${kth} }`);
  });

  it('names the trace relative to the --output file, so that the scenario runs from anywhere and moves with its data', () => {
    const imported = runCli(['import', 'swf', 'traces/kth.swf.gz', '-o', '../saved/kth-o.yaml'], { cwd: here, timeoutMs: 60_000 });
    expect(imported).toMatchObject({ code: 0, err: '', timedOut: false });
    const scenario = join(saved, 'kth-o.yaml');
    expect(traceFile(scenario)).toBe('../here/traces/kth.swf.gz');
    expect(isAbsolute(traceFile(scenario))).toBe(false);
    const run = runCli(['run', '../saved/kth-o.yaml', '--format', 'json'], { cwd: elsewhere, timeoutMs: 120_000 });
    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect((JSON.parse(run.out) as { jobs: { arrived: number } }).jobs.arrived).toBe(1_976);
  });
});

describe('manychip import: bad input', () => {
  it('names the known formats for an unknown one', async () => {
    expect(await cli('import', 'csv', pods)).toEqual({ code: 2, out: '', err: 'error: unknown import format "csv" — known: swf, alibaba-pods, gavel\n' });
  });

  it('asks for --nodes with alibaba-pods', async () => {
    expect(await cli('import', 'alibaba-pods', pods)).toEqual({
      code: 2,
      out: '',
      err: 'error: alibaba-pods needs the cluster’s node list: give --nodes <file> (e.g. openb_node_list_all_node.csv beside the pod list)\n',
    });
  });

  it('refuses a CSV given as an SWF log', async () => {
    expect(await cli('import', 'swf', pods)).toEqual({
      code: 2,
      out: '',
      err: `error: ${pods} is not an SWF log: no line is a job of 18 numeric fields (line 1 has 1 field; an SWF job line has 18)\n`,
    });
  });

  it('reports an output directory that does not exist before reading the trace', async () => {
    const file = join(dir, 'missing-dir', 'x.yaml');
    expect(await cli('import', 'swf', kth, '-o', file)).toEqual({ code: 3, out: '', err: `error: cannot write --output file ${file}: no such directory ${join(dir, 'missing-dir')}\n` });
  });

  it('reports a missing file in one line', async () => {
    expect(await cli('import', 'swf', 'nowhere.swf')).toEqual({ code: 2, out: '', err: 'error: nowhere.swf cannot read SWF log: no such file\n' });
  });

  it('writes a skeleton that validates from a log whose header names the machine "constructor", and refuses such a --name', async () => {
    const log = join(dir, 'constructor.swf');
    writeFileSync(log, '; Computer: constructor\n; Installation: prototype\n1 0 5 100 2 -1 -1 2 200 -1 1 1 1 -1 -1 -1 -1 -1\n');
    const file = join(dir, 'reserved.yaml');
    expect((await cli('import', 'swf', log, '-o', file)).code).toBe(0);
    expect(await cli('validate', file)).toEqual({ code: 0, out: `${file}: ok (1 site, 1 class, ${relative(process.cwd(), log)}: 1 job)\n`, err: '' });
    expect(parse(readFileSync(file, 'utf8'))).toMatchObject({ name: 'constructor-imported', chips: { 'constructor-cpu': { kind: 'cpu' } }, sites: [{ name: 'prototype-site' }] });
    expect(await cli('import', 'swf', log, '--name', 'toString')).toEqual({
      code: 2,
      out: '',
      err: 'error: --name: "toString" cannot be used as a name: every JavaScript object has a property of that name\n',
    });
  });

  it('refuses options of another format, and an output that is an input', async () => {
    expect((await cli('import', 'swf', kth, '--nodes', gpuNodes)).err).toBe('error: --nodes applies to alibaba-pods only\n');
    expect((await cli('import', 'swf', kth, '--scale-factor', '2')).err).toBe('error: --scale-factor applies to gavel only\n');
    const r = await cli('import', 'swf', kth, '-o', kth, '--force');
    expect(r).toEqual({ code: 2, out: '', err: `error: --output ${kth} would overwrite the trace being imported, which this command reads: write it elsewhere\n` });
    expect(existsSync(kth)).toBe(true);
  });
});
