import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { UserError } from '../errors.js';
import type { PolicyHooksData } from './policy-module-hooks.js';

let registered: Promise<void> | undefined;

/**
 * Registers the policy module hooks (policy-module-hooks.ts) in this
 * thread, once; every thread that loads policy modules (the main one, a
 * sweep's workers) calls it before its first import. Run from the
 * TypeScript sources (tests, tsx), the hooks module is itself TypeScript:
 * tsx's loader is registered first so that Node can load it.
 */
export function registerPolicyHooks(): Promise<void> {
  registered ??= registerOnce();
  return registered;
}

async function registerOnce(): Promise<void> {
  // Imported as a namespace: a named import of `register` would stop the whole CLI from loading on Node before 20.6.
  const register = nodeModule.register as typeof nodeModule.register | undefined;
  if (register === undefined) throw new UserError(`policy modules need Node 20.6 or later (module hooks); this is Node ${process.versions.node}`);
  const here = import.meta.url;
  const fromSources = here.endsWith('.ts');
  if (fromSources) {
    const tsx = await import('tsx/esm/api');
    tsx.register();
  }
  // Three ways to run: the TypeScript sources; the compiled modules (dist/src); the command-line bundle (dist/bundle), whose hooks are an ES module beside it and whose library entry is the compiled one.
  const bundled = !fromSources && existsSync(new URL('./policy-module-hooks.mjs', here));
  const hooks = fromSources ? './policy-module-hooks.ts' : bundled ? './policy-module-hooks.mjs' : './policy-module-hooks.js';
  const data: PolicyHooksData = {
    entryURL: new URL(fromSources ? '../index.ts' : bundled ? '../src/index.js' : '../index.js', here).href,
    ownCodeURL: new URL('../', here).href,
  };
  register(new URL(hooks, here), { data });
  // Stack traces of a policy's errors then point into its TypeScript, not the JavaScript it became.
  process.setSourceMapsEnabled(true);
}
