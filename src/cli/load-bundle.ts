import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { BUNDLE_IMPORT } from '../loader/import-user-module.js';
import { tuneV8 } from './v8-tuning.js';

/** What the bundle exports (bundle-entry.ts). */
export interface BundleExports {
  main: typeof import('./main.js').main;
  runCliProcess: typeof import('./run-cli-process.js').runCliProcess;
  serveSweepTasks: typeof import('./bundle-entry.js').serveSweepTasks;
  serveTimedCommand: typeof import('./bundle-entry.js').serveTimedCommand;
}

/** The bundle, next to this loader once built: dist/bundle/manychip.js. */
export const BUNDLE_FILE = 'manychip.js';

/** Set to 1 to write the code cache when the process exits (what `npm run build` does). */
export const WRITE_CACHE_ENV = 'MANYCHIP_WRITE_COMPILE_CACHE';

/** Where the bundle's code cache stands in this process (shown on standard error with MANYCHIP_DEBUG_COMPILE_CACHE=1). */
export type CacheUse = 'used' | 'rejected by V8' | 'none for this build';

/**
 * Loads the command-line bundle with V8's code cache. Node 20 has no
 * compile cache of its own for modules (module.enableCompileCache came in
 * Node 22.1), so the bundle, a CommonJS file, is compiled here as a
 * `vm.Script` given the cached data `npm run build` wrote beside it
 * (manychip.js.cache): V8 then deserialises the bytecode of the functions
 * the build's run compiled instead of parsing and compiling them again
 * (BENCHMARKS.md, start-up). V8 refuses data made by another V8 version or
 * with other V8 flags, and the bundle then compiles as usual. The bundle's
 * first line names its build (a hash of its content) and the cache starts
 * with the same line, so a cache left from another build is never offered
 * to V8 (which checks only the source's length). `thread` is the thread
 * the entry runs on: `main` for the command's own process, which sets
 * V8's flags first; `worker` for a sweep's or a timed command's thread.
 */
export function loadBundle(thread: 'main' | 'worker', dir = dirname(fileURLToPath(import.meta.url))): BundleExports {
  // Before the compile: the code cache holds only for the flags it was made with. Flags are the process's, so a worker thread has them already.
  // The entry says which thread it is on: asking node:worker_threads would load it, about 4 ms of every command's start-up.
  if (thread === 'main') tuneV8();
  const file = join(dir, BUNDLE_FILE);
  const bytes = readFileSync(file);
  // The build escapes every character beyond ASCII (test/cli/bundle.test.ts holds it to that), so the source reads as one
  // byte per character: a faster decode, and half the memory of a UTF-16 string. Not checked here: scanning the 1.2 MB
  // for a byte above 127 took 1.5-2 ms of every command's start.
  const source = bytes.toString('latin1');
  const cacheFile = `${file}.cache`;
  const header = Buffer.from(`${source.slice(0, source.indexOf('\n'))}\n`);
  const cachedData = readCache(cacheFile, header);
  const script = new Script(Module.wrap(source), {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  // Code V8 takes from the cache cannot call import() itself: a user's module (a policy, a rule) is imported from here (loader/import-user-module.ts).
  (globalThis as { [BUNDLE_IMPORT]?: (url: string) => Promise<unknown> })[BUNDLE_IMPORT] ??= (url) => import(url);
  if (process.env.MANYCHIP_DEBUG_COMPILE_CACHE === '1') {
    const use: CacheUse = cachedData === undefined ? 'none for this build' : script.cachedDataRejected === true ? 'rejected by V8' : 'used';
    process.stderr.write(`compile cache: ${use}\n`);
  }
  if (process.env[WRITE_CACHE_ENV] === '1') {
    // After the run, so that the functions it compiled lazily are in the cache too.
    process.once('exit', () => writeFileSync(cacheFile, Buffer.concat([header, script.createCachedData()])));
  }
  const module = { exports: {} as BundleExports };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dir);
  return module.exports;
}

/** The cache's V8 data if it was made for this very build of the bundle. */
function readCache(cacheFile: string, header: Buffer): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  return data.subarray(0, header.length).equals(header) ? data.subarray(header.length) : undefined;
}
