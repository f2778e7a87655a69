import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Policy } from '../policy/policy.js';
import { PolicyError } from '../policy/policy-error.js';
import { isPolicyPath, resolvePolicy, schedulerFor } from '../policy/registry.js';
import type { Scheduler } from '../policy/scheduler.js';

let tsLoaderRegistered = false;

/**
 * A built-in policy by name, or a user policy from a module whose default
 * export has the `Policy` shape (`./my-policy.js`, `.mjs`, or `.ts` through
 * tsx's loader, since Node 20 cannot import TypeScript). Paths resolve
 * against `baseDir`. The result serves one run; see `loadPolicySource` for
 * several.
 */
export async function loadPolicy(spec: string, baseDir = process.cwd()): Promise<Scheduler> {
  const source = await loadPolicySource(spec, baseDir);
  return schedulerFor(source);
}

/**
 * What `loadPolicy` loads, before it is made into a scheduler: a built-in
 * policy's name, or the `Policy` a module exports. A scheduler keeps state
 * for the run it serves, so code that runs a policy many times (compare,
 * sweeps) loads it once with this and makes a fresh scheduler per run with
 * `resolvePolicy` or `toScheduler`.
 */
export async function loadPolicySource(spec: string, baseDir = process.cwd()): Promise<string | Policy> {
  if (!isPolicyPath(spec)) {
    resolvePolicy(spec); // fails now, with the list of names, rather than at the first run
    return spec;
  }
  const exported = await importDefault(spec, baseDir, 'policy module', (message, cause) => new PolicyError(spec, message, cause === undefined ? undefined : { cause }));
  if (exported === null || typeof exported !== 'object' || typeof (exported as { name?: unknown }).name !== 'string') {
    throw new PolicyError(spec, 'the module must have a default export with the Policy shape: { name, filter?, score?, place?, batch?, preempt?, order? }');
  }
  return exported as Policy;
}

/**
 * The default export of a module at `spec` (relative to `baseDir`): a
 * `.js` or `.mjs`, or a `.ts` through tsx's loader (Node 20 cannot import
 * TypeScript). `fail` makes the error for a missing or broken module
 * (`what` it is, in the message).
 */
export async function importDefault(spec: string, baseDir: string, what: string, fail: (message: string, cause?: unknown) => Error): Promise<unknown> {
  const path = resolve(baseDir, spec);
  if (!existsSync(path)) throw fail(`no such ${what}: ${path}`);
  const ext = extname(path);
  if ((ext === '.ts' || ext === '.mts') && !tsLoaderRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsLoaderRegistered = true;
  }
  try {
    const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
    return module.default;
  } catch (e) {
    throw fail(`could not load the module: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}
