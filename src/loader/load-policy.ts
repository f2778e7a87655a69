import type { Policy } from '../policy/policy.js';
import { PolicyError } from '../policy/policy-error.js';
import { isPolicyPath, resolvePolicy, schedulerFor } from '../policy/registry.js';
import type { Scheduler } from '../policy/scheduler.js';
import { importDefault } from './import-module.js';

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
  const exported = await importDefault(spec, baseDir, 'policy', (message, cause) => new PolicyError(spec, message, { cause }));
  if (exported === null || typeof exported !== 'object' || typeof (exported as { name?: unknown }).name !== 'string') {
    throw new PolicyError(spec, 'the module must have a default export with the Policy shape: { name, filter?, score?, place?, batch?, preempt?, order? }');
  }
  return exported as Policy;
}
