import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importUserModule } from './import-user-module.js';
import { describeThrown } from '../policy/describe-value.js';
import type { Policy } from '../policy/policy.js';
import { PolicyError } from '../policy/policy-error.js';
import { readPolicy } from '../policy/read-policy.js';
import { resolvePolicy, toScheduler } from '../policy/registry.js';
import type { Scheduler } from '../policy/scheduler.js';
import { POLICY_SYNTAX_ERROR } from './policy-syntax-error.js';
import { registerPolicyHooks } from './register-policy-hooks.js';
import { isModulePath } from '../scenario/module-path.js';

/** The files a policy module may be. */
export const policyModuleExtensions = ['.js', '.mjs', '.ts', '.mts'] as const;

/**
 * A built-in policy by name, or a user policy from a module whose default
 * export has the `Policy` shape: `./my-policy.js`, `.mjs`, `.ts` or `.mts`,
 * from any folder (see policy-module-hooks.ts for how TypeScript and
 * `import … from 'manychip'` work there). Paths resolve against `baseDir`.
 * The result serves one run; see `loadPolicySource` for several.
 */
export async function loadPolicy(spec: string, baseDir = process.cwd()): Promise<Scheduler> {
  const source = await loadPolicySource(spec, baseDir);
  return typeof source === 'string' ? resolvePolicy(source) : toScheduler(source);
}

/**
 * What `loadPolicy` loads, before it is made into a scheduler: a built-in
 * policy's name, or the `Policy` a module exports (read and checked once,
 * see `readPolicy`). A scheduler keeps state for the run it serves, so code
 * that runs a policy many times (compare, sweeps) loads it once with this
 * and makes a fresh scheduler per run with `resolvePolicy` or `toScheduler`.
 */
export async function loadPolicySource(spec: string, baseDir = process.cwd()): Promise<string | Policy> {
  if (!isModulePath(spec)) {
    resolvePolicy(spec); // fails now, with the list of names, rather than at the first run
    return spec;
  }
  const path = resolve(baseDir, spec);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) throw new PolicyError(spec, `no such policy module: ${path}`);
  if (stat.isDirectory()) throw new PolicyError(spec, `${path} is a directory, not a policy module`);
  if (!(policyModuleExtensions as readonly string[]).includes(extname(path))) {
    throw new PolicyError(spec, `${path} is not a JavaScript or TypeScript module (${policyModuleExtensions.join(', ')})`);
  }
  await registerPolicyHooks();
  let namespace: unknown;
  try {
    namespace = await importUserModule(pathToFileURL(path).href);
  } catch (e) {
    throw new PolicyError(spec, loadFailure(e), { cause: e });
  }
  let exported: unknown;
  try {
    exported = (namespace as { default?: unknown }).default;
  } catch (e) {
    throw new PolicyError(spec, `reading its default export threw: ${describeThrown(e)}`, { cause: e });
  }
  if (exported === undefined) {
    throw new PolicyError(spec, 'the module must have a default export with the Policy shape: { name, filter?, score?, place?, batch?, preempt?, order? }');
  }
  return readPolicy(exported, spec);
}

/** Why a module did not load, in one line: a located syntax error, or what its code threw. */
function loadFailure(e: unknown): string {
  if ((e as { code?: unknown } | null)?.code === POLICY_SYNTAX_ERROR) return `syntax error at ${describeThrown(e)}`;
  return `could not load the module: ${describeThrown(e)}`;
}
