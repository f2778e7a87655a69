import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importUserModule } from './import-user-module.js';
import { registerPolicyHooks } from './register-policy-hooks.js';

/**
 * The default export of a user's module (`.js`, `.mjs`, `.ts` or `.mts`,
 * through the policy module hooks: see policy-module-hooks.ts), resolved against
 * `baseDir`. `fail` makes the error to throw, from a message: a missing
 * file, or a module that throws as it loads.
 */
export async function importDefault(spec: string, baseDir: string, what: string, fail: (message: string, cause?: unknown) => Error): Promise<unknown> {
  const path = resolve(baseDir, spec);
  if (!existsSync(path)) throw fail(`no such ${what} module: ${path}`);
  // The same module hooks as policies: TypeScript and ES-module JavaScript from any folder, `import … from 'manychip'`.
  await registerPolicyHooks();
  try {
    const module = (await importUserModule(pathToFileURL(path).href)) as { default?: unknown };
    return module.default;
  } catch (e) {
    throw fail(`could not load the module: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}
