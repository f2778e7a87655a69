import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread on the module `name` beside `from` (the caller's
 * `import.meta.url`): `name.js` when manychip runs built; from the
 * TypeScript sources (tests, tsx), `name.ts` through tsx's loader,
 * registered in the thread before the import.
 */
export function spawnWorker(from: string, name: string, options: WorkerOptions = {}): Worker {
  const sources = from.endsWith('.ts');
  const url = new URL(`${name}.${sources ? 'ts' : 'js'}`, from);
  if (!sources) return new Worker(url, options);
  // Resolved here, from this file: a bare 'tsx/esm/api' in the worker resolves from the working directory.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
