import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../helpers/built-cli.js';
import { runCli } from '../helpers/run-cli.js';

const root = join(import.meta.dirname, '..', '..');
const quickstart = join(root, 'scenarios', 'quickstart.yaml');

let dir = '';
/** A scenario whose trace has malformed rows: every command that reads it warns. */
let warns = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'manychip-conventions-'));
  warns = join(dir, 'warns.yaml');
  writeFileSync(
    warns,
    `name: warns
chips: { c: { kind: cpu } }
regions: [{ name: r, lat: 0, lon: 0 }]
sites: [{ name: s, region: r, pools: [{ chip: c, nodes: 8 }] }]
classes: { b: { speed: { c: 1 }, work: { dist: constant, value: 0 } } }
workload:
  - { class: b, origin: r, trace: { format: swf, file: ${join(root, 'test/fixtures/traces/malformed.swf')} } }
`,
  );
});

describe('--version (issue 13, item 5)', () => {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

  it('prints the version in package.json, as -V too', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
    expect(await runCli(['-V'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  it('reads it from the package, not from the working directory', () => {
    expect(runBuiltCli(['--version'], dir)).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });
});

describe('-o/--output for run and compare', () => {
  it('run writes the table or JSON to the file, and nothing to standard output', async () => {
    const file = join(dir, 'run.json');
    const toFile = await runCli(['run', quickstart, '--format', 'json', '-o', file]);
    expect(toFile).toEqual({ code: 0, out: '', err: '' });
    const toStdout = await runCli(['run', quickstart, '--format', 'json']);
    const strip = (json: string): unknown => ({ ...(JSON.parse(json) as object), perf: null });
    expect(strip(readFileSync(file, 'utf8'))).toEqual(strip(toStdout.out));
    await runCli(['run', quickstart, '--output', join(dir, 'run.txt')]);
    expect(readFileSync(join(dir, 'run.txt'), 'utf8')).toMatch(/^quickstart · policy fifo · seed 42/);
  });

  it('compare writes its table, JSON or CSV to the file, the same as it prints', async () => {
    const file = join(dir, 'compare.csv');
    const args = ['compare', quickstart, '--policies', 'fifo,cheapest', '--seeds', '2', '--format', 'csv'];
    expect(await runCli([...args, '-o', file])).toEqual({ code: 0, out: '', err: '' });
    expect(readFileSync(file, 'utf8')).toBe((await runCli(args)).out);
  });

  it('is an output error (exit 3) before any run for a path that cannot be written, and refuses to share a path', async () => {
    const missing = join(dir, 'no', 'such', 'out.txt');
    const run = await runCli(['run', quickstart, '-o', missing]);
    expect(run.code).toBe(3);
    expect(run.err).toMatch(/^error: cannot write --output file .*out\.txt: no such directory/);
    const compare = await runCli(['compare', quickstart, '--policies', 'fifo', '--seeds', '1', '-o', missing]);
    expect(compare.code).toBe(3);
    const same = await runCli(['run', quickstart, '-o', join(dir, 'x'), '--jobs', join(dir, 'x')]);
    expect(same).toEqual({ code: 2, out: '', err: `error: --jobs and --output name the same file ${join(dir, 'x')}\n` });
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});

describe('--quiet: no warnings or progress, errors still shown', () => {
  const warning = /^warning: .*malformed\.swf: 4 malformed rows skipped/m;

  it('run, compare and validate warn without it and not with it', async () => {
    const commands = [
      ['run', warns],
      ['compare', warns, '--policies', 'fifo', '--seeds', '2'],
      ['validate', warns],
    ];
    for (const argv of commands) {
      const loud = await runCli(argv, { isTTY: true });
      expect(loud.code, argv[0]).toBe(0);
      expect(loud.err, argv[0]).toMatch(warning);
      const quiet = await runCli([...argv, '--quiet'], { isTTY: true });
      expect(quiet.code, argv[0]).toBe(0);
      expect(quiet.err, argv[0]).not.toMatch(/warning|\r/);
      // The same results (their first line; timings differ from run to run).
      expect(quiet.out.split('\n')[0], argv[0]).toBe(loud.out.split('\n')[0]);
    }
  });

  it('sweep warns of a cut last line without it and not with it', async () => {
    const sweep = join(dir, 'warns-sweep.yaml');
    writeFileSync(sweep, 'name: warns-sweep\nscenario: warns.yaml\nmatrix: { horizon: [100000] }\npolicies: [fifo]\nseeds: 1\n');
    const output = join(dir, 'warns.jsonl');
    for (const quiet of [false, true]) {
      writeFileSync(output, '{"sweep":"cut sh');
      const r = await runCli(['sweep', sweep, '-o', output, '--resume', '--workers', '0', ...(quiet ? ['--quiet'] : [])], { isTTY: true });
      expect(r.code).toBe(0);
      if (quiet) expect(r.err).toBe(`1 run done; rows in ${output}\n`);
      else expect(r.err).toMatch(/^warning: .*warns\.jsonl: its last line was cut short/);
    }
  });

  it('still shows errors', async () => {
    const { code, err } = await runCli(['run', warns, '--quiet', '--strict']);
    expect(code).toBe(2);
    expect(err).toMatch(/^error: .*malformed\.swf:7:1 field 4 \(run time\)/);
  });

  it('import drops its summary line', async () => {
    const swf = join(root, 'test/fixtures/traces/malformed.swf');
    const loud = await runCli(['import', 'swf', swf, '-o', join(dir, 'loud.yaml')]);
    expect(loud.out).toMatch(/^wrote .*loud\.yaml: /);
    expect(await runCli(['import', 'swf', swf, '-o', join(dir, 'quiet.yaml'), '--quiet'])).toEqual({ code: 0, out: '', err: '' });
    expect(readdirSync(dir)).toContain('quiet.yaml');
  });
});
