import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

let tsLoaderRegistered = false;

/**
 * The default export of a user's module (`.js`, `.mjs`, or `.ts` through
 * tsx's loader, since Node 20 cannot import TypeScript), resolved against
 * `baseDir`. `fail` makes the error to throw, from a message: a missing
 * file, or a module that throws as it loads.
 */
export async function importDefault(spec: string, baseDir: string, what: string, fail: (message: string, cause?: unknown) => Error): Promise<unknown> {
  const path = resolve(baseDir, spec);
  if (!existsSync(path)) throw fail(`no such ${what} module: ${path}`);
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
