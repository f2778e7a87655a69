/**
 * Builds the command-line bundle, dist/bundle/ (`npm run build` runs it
 * after tsc): the whole CLI and its dependencies in one CommonJS file,
 * manychip.js, with V8's code cache beside it (manychip.js.cache), started
 * by bin.js (the package's `manychip`); sweep-worker.js starts a sweep's
 * worker threads from the same bundle. One file instead of some 250 ES
 * modules, and bytecode instead of parsing: see BENCHMARKS.md, start-up.
 *
 *   tsx scripts/build-bundle.ts [--out <dir>]      default dist/bundle
 *
 * The test suite runs the sources; test/cli/bundle.test.ts builds the
 * bundle into a temporary folder with `buildBundle` and runs CLI cases
 * through it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const requireHere = createRequire(import.meta.url);

/**
 * The command the build runs once to make the code cache: a `run` of the
 * bundled M/M/16, so that the cache holds what start-up compiles and also
 * what a run compiles (the command, the model, the simulation's path, the
 * summary, the table). It is 1.1 MB against 0.86 MB for a cache made
 * after `validate`: a million-job run starts about 12 ms sooner, and
 * `validate` is no slower (BENCHMARKS.md, issue 20, eighth pass).
 */
export const CACHE_RUN = ['run', join(root, 'scenarios', 'mmc.yaml')];

/**
 * Node built-ins that the bundle's modules import as they load but that
 * most commands never use: the bundle loads them on first use, so that
 * start-up does not pay for them. Each costs 2-5 ms to load:
 * - child_process: commander's, for subcommands that are programs of their
 *   own, a path manychip never takes (it brings net and dgram: about 5 ms);
 * - worker_threads: only sweeps and `--timeout` start threads (about 4 ms);
 * - zlib: only .gz inputs are inflated (about 4 ms with its streams).
 * A lazy module has the real one's export names, each a getter that
 * requires the real module when first read. esbuild's output reads an
 * import where it is used, not where the module loads, and copies a
 * module's names as getters (for ES imports of CommonJS), so nothing else
 * changes. The names are this Node's, the one that builds and runs it.
 */
const LAZY_BUILTINS = ['child_process', 'worker_threads', 'zlib'];

const lazyBuiltins: Plugin = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    // The lazy module's own require of the real one (its importer is in the lazy namespace) stays a plain built-in.
    b.onResolve({ filter }, (args) => (args.namespace === 'lazy-builtin' ? undefined : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const names = Object.keys(requireHere(`node:${args.path}`) as object).map((name) => JSON.stringify(name));
      const getters = names.map((name) => `Object.defineProperty(exports, ${name}, { get: () => require('node:${args.path}')[${name}], enumerable: true });`);
      return { contents: getters.join('\n'), loader: 'js' };
    });
  },
};

/** Bundles the CLI into `outDir` and writes its code cache there (unless `cache` is false). */
export async function buildBundle(outDir: string, options: { cache?: boolean } = {}): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // .js files there are CommonJS, whatever the package's own "type" says.
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
  await build({
    entryPoints: {
      manychip: join(root, 'src/cli/bundle-entry.ts'),
      bin: join(root, 'src/cli/bundle-bin.ts'),
      'sweep-worker': join(root, 'src/cli/bundle-sweep-worker.ts'),
      'timed-command-worker': join(root, 'src/cli/bundle-timed-command-worker.ts'),
    },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // tsx (from the sources only) and esbuild (the policy module hooks' transpiler, with its native binary) stay packages of their own.
    external: ['tsx', 'tsx/*', 'esbuild'],
    // CommonJS has no import.meta: each output file's own URL stands in for it.
    define: { 'import.meta.url': '__manychip_file_url' },
    inject: [join(root, 'scripts/bundle-file-url.ts')],
    // import.meta.resolve appears only on the path taken when run from TypeScript sources (run-sweep.ts).
    logOverride: { 'empty-import-meta': 'silent' },
    plugins: [lazyBuiltins],
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  // The module hooks that load a user's policy run on Node's loader thread, registered by URL: an ES module of their own.
  await build({
    entryPoints: { 'policy-module-hooks': join(root, 'src/loader/policy-module-hooks.ts') },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['esbuild'],
    logLevel: 'warning',
  });
  for (const name of ['manychip.js', 'bin.js', 'sweep-worker.js', 'timed-command-worker.js']) asciiOnly(join(outDir, name));
  nameBuild(join(outDir, 'manychip.js'));
  chmodSync(join(outDir, 'bin.js'), 0o755);
  if (options.cache !== false) writeCodeCache(outDir);
}

/**
 * Escapes what esbuild leaves beyond ASCII (it escapes strings, not regular
 * expressions or comments) as \\u escapes, which mean the same there, so
 * that the loader reads the bundle one byte per character.
 */
function asciiOnly(file: string): void {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Puts the build's name, a hash of its content, on the bundle's first line, where the loader matches it against the code cache's. */
function nameBuild(file: string): void {
  const text = readFileSync(file, 'latin1');
  writeFileSync(file, `// manychip bundle ${createHash('sha256').update(text).digest('hex').slice(0, 16)}\n${text}`, 'latin1');
}

/** Runs the bundle once with the cache writer on (see src/cli/load-bundle.ts). */
function writeCodeCache(outDir: string): void {
  const r = spawnSync(process.execPath, [join(outDir, 'bin.js'), ...CACHE_RUN], {
    env: { ...process.env, MANYCHIP_WRITE_COMPILE_CACHE: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`the bundle failed its first run (${CACHE_RUN.join(' ')}), exit code ${r.status}:\n${r.stderr}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--out');
  const outDir = resolve(at >= 0 ? (process.argv[at + 1] ?? '') : join(root, 'dist', 'bundle'));
  await buildBundle(outDir);
}
