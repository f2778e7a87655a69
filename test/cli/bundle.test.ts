import { spawnSync } from 'node:child_process';
import { isAscii } from 'node:buffer';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../scripts/build-bundle.js';
import { main as sourceMain } from '../../src/cli/main.js';
import { bundleMain } from '../helpers/cli-main.js';
import { repoRoot } from '../helpers/data-traces.js';

/**
 * The command-line bundle (scripts/build-bundle.ts), built afresh into a
 * temporary folder, against the sources on a representative set of CLI
 * cases: each must print the same and exit the same. CI also runs every
 * test in test/cli through dist/bundle (MANYCHIP_TEST_BUNDLE).
 */
let dir = '';
let bundled: typeof sourceMain;
const work = mkdtempSync(join(tmpdir(), 'manychip-bundle-test-'));
const at = (...p: string[]): string => join(repoRoot, ...p);
// Installed, the bundle finds the packages it leaves out (esbuild, for a user's TypeScript policy) in a node_modules
// above it; so it does here, where nothing above the temporary folder has one (rm removes the link, not its target).
symlinkSync(at('node_modules'), join(work, 'node_modules'), 'dir');

beforeAll(async () => {
  dir = join(work, 'bundle');
  await buildBundle(dir);
  bundled = bundleMain(dir);
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Outcome {
  code: number;
  out: string;
  err: string;
}

async function capture(main: typeof sourceMain, argv: string[]): Promise<Outcome> {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (t) => ((out += t), true) }, { write: (t) => ((err += t), true) });
  return { code, out, err };
}

/** Runs `argv` through the sources and through the bundle; `clean` takes out what differs between any two runs (wall times). */
async function both(argv: string[], clean: (o: Outcome) => Outcome = (o) => o): Promise<[Outcome, Outcome]> {
  return [clean(await capture(sourceMain, argv)), clean(await capture(bundled, argv))];
}

/** Results without what a run's wall time decides: the JSON's `perf` block, the table's rate. */
const withoutPerf = (o: Outcome): Outcome => ({ ...o, out: o.out.replace(/"perf": \{[^}]*\}/g, '"perf": {}').replace(/ in [\d.]+ s \([\d.]+ M events\/s\)/g, '') });

function runBin(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(dir, 'bin.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
}

describe('the command-line bundle', () => {
  it('validates scenarios as the sources do, good and bad', async () => {
    for (const argv of [
      ['validate', at('scenarios', 'mmc.yaml')],
      ['validate', at('scenarios', 'kth-sp2.yaml')],
      ['validate', at('test', 'fixtures', 'bad', 'several-problems.yaml')],
      ['validate', at('test', 'fixtures', 'bad', 'structure-and-references.yaml')],
      ['validate', at('no', 'such.yaml')],
    ]) {
      const [source, bundle] = await both(argv);
      expect(bundle).toEqual(source);
    }
  }, 120_000);

  it('runs a scenario to the same results, as a table and as JSON', async () => {
    for (const argv of [
      ['run', at('scenarios', 'quickstart.yaml'), '--seed', '3'],
      ['run', at('scenarios', 'edge-inference.yaml'), '--format', 'json', '--policy', 'cost-latency', '--explain', '5'],
    ]) {
      const [source, bundle] = await both(argv, withoutPerf);
      expect(bundle.code).toBe(0);
      expect(bundle).toEqual(source);
    }
  }, 120_000);

  it('loads user policies in JavaScript and TypeScript, and reports a broken one the same way', async () => {
    for (const policy of [at('examples', 'policies', 'cheap-not-full.js'), at('test', 'fixtures', 'policies', 'prefer-last.ts'), at('test', 'fixtures', 'policies', 'throws.mjs')]) {
      const [source, bundle] = await both(['run', at('scenarios', 'quickstart.yaml'), '--policy', policy, '--format', 'json'], withoutPerf);
      expect(bundle).toEqual(source);
    }
  }, 120_000);

  it('compares policies, prints the schema and the help as the sources do', async () => {
    for (const argv of [['compare', at('scenarios', 'quickstart.yaml'), '--policies', 'fifo,cheapest', '--seeds', '2', '--quiet'], ['schema'], ['--help'], ['sweep', '--help'], ['no-such-command']]) {
      const [source, bundle] = await both(argv);
      expect(bundle).toEqual(source);
    }
  }, 120_000);

  it('runs a sweep in worker threads started from the bundle, row for row as the sources run it', async () => {
    const sweep = async (main: typeof sourceMain, workers: string, name: string): Promise<{ outcome: Outcome; rows: unknown[] }> => {
      const out = join(work, name);
      const outcome = await capture(main, ['sweep', at('test', 'fixtures', 'sweeps', 'tiny-sweep.yaml'), '--seeds', '1', '--workers', workers, '--quiet', '-o', out]);
      const rows = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((line) => {
          const { results, ...row } = JSON.parse(line) as { index: number; results: { perf?: unknown } };
          const { perf: _perf, ...rest } = results;
          return { ...row, results: rest };
        })
        // Two workers finish runs in either order.
        .sort((a, b) => a.index - b.index);
      return { outcome: { ...outcome, err: outcome.err.replace(out, '<out>') }, rows };
    };
    const bundle = await sweep(bundled, '2', 'bundle.jsonl');
    expect(bundle.outcome).toMatchObject({ code: 0, err: '12 runs done; rows in <out>\n' });
    expect(bundle).toEqual(await sweep(sourceMain, '0', 'source.jsonl'));
  }, 180_000);

  it('starts as a process from bin.js, exit codes included', () => {
    const ok = runBin(['validate', 'scenarios/mmc.yaml']);
    expect(ok).toMatchObject({ status: 0, stdout: 'scenarios/mmc.yaml: ok (1 site, 1 class)\n', stderr: '' });
    const bad = runBin(['run', 'test/fixtures/bad/unknown-chip.yaml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: test\/fixtures\/bad\/unknown-chip\.yaml:\d+:\d+ sites\[0\]\.pools\[1\]\.chip: unknown chip "h200"/);
  }, 60_000);

  it('loads worker_threads, zlib and perf_hooks only on a path that uses them', () => {
    // A preload that prints, as the process exits, the built-ins it loaded.
    const preload = join(work, 'loaded-builtins.cjs');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeSync(2, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).join('\\n') + '\\n'));\n`);
    const loaded = (args: string[]): string[] => {
      const r = spawnSync(process.execPath, ['--require', preload, join(dir, 'bin.js'), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      return r.stderr.split('\n').map((m) => m.replace('NativeModule ', ''));
    };
    const lazy = ['worker_threads', 'zlib', 'perf_hooks'];
    expect(lazy.filter((m) => loaded(['run', 'scenarios/mmc.yaml', '--format', 'json', '--quiet']).includes(m))).toEqual([]);
    expect(lazy.filter((m) => loaded(['validate', 'scenarios/mmc.yaml']).includes(m))).toEqual([]);
    // A gzip trace needs zlib, and gets it.
    expect(loaded(['validate', 'scenarios/kth-sp2.yaml'])).toContain('zlib');
  }, 120_000);

  it("leaves out zod's translations of its messages, which no command shows", () => {
    // `import { z } from 'zod'` keeps every export of the namespace, its 40-odd locales among them
    // (about 450 KB, a quarter of the bundle); `import * as z` lets the bundler keep what is used.
    const bundle = readFileSync(join(dir, 'manychip.js'), 'latin1');
    // Booleans, not the bundle itself, so that a failure prints one line.
    expect(bundle.includes('Ung\\xFCltige Eingabe'), "zod's German messages").toBe(false);
    expect(bundle.includes('Invalid input'), "zod's English messages").toBe(true);
  });

  it('is plain ASCII, so that its loader reads it one byte per character', () => {
    expect(isAscii(readFileSync(join(dir, 'manychip.js')))).toBe(true);
  });

  it('starts from the code cache its build wrote, and never from a cache of another build', () => {
    const debug = { MANYCHIP_DEBUG_COMPILE_CACHE: '1' };
    expect(runBin(['validate', 'scenarios/mmc.yaml'], debug).stderr).toBe('compile cache: used\n');
    const cacheFile = join(dir, 'manychip.js.cache');
    const cache = readFileSync(cacheFile);
    try {
      // The same V8 data under another build's name: not offered to V8, which checks no more than the source's length.
      writeFileSync(cacheFile, Buffer.concat([Buffer.from('// manychip bundle 0000000000000000\n'), cache.subarray(cache.indexOf(10) + 1)]));
      const r = runBin(['validate', 'scenarios/mmc.yaml'], debug);
      expect(r).toMatchObject({ status: 0, stderr: 'compile cache: none for this build\n' });
      rmSync(cacheFile);
      expect(runBin(['validate', 'scenarios/mmc.yaml'], debug)).toMatchObject({ status: 0, stderr: 'compile cache: none for this build\n' });
    } finally {
      writeFileSync(cacheFile, cache);
    }
  }, 60_000);
});
