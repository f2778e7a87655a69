import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { InitializeHook, LoadHook, ResolveHook } from 'node:module';
import { fileURLToPath } from 'node:url';
import { compileFunction } from 'node:vm';
import { transform, type Message } from 'esbuild';
import { POLICY_SYNTAX_ERROR } from './policy-syntax-error.js';

/**
 * Node module hooks (registered with node:module `register`; they run on
 * Node's loader thread) that let a user's policy module load from any
 * folder, whatever package.json does or does not say there:
 *
 * - TypeScript (`.ts`, `.mts`) is transpiled to an ES module (esbuild,
 *   types dropped, nothing checked), so `import type { Policy } from
 *   'manychip'` and annotations work without a build step;
 * - a `.js` file written as an ES module (import/export) loads as one even
 *   where Node would take it for CommonJS (no package.json, or "type":
 *   "commonjs"); one written as CommonJS (module.exports) stays CommonJS;
 * - `import … from 'manychip'` resolves to this very package, so value
 *   imports work from a folder without node_modules;
 * - `./helper.js` resolves to `./helper.ts` when only that exists, as
 *   TypeScript projects write their imports.
 *
 * These rules apply to user files only: files outside every node_modules
 * folder and outside manychip's own code. A syntax error in a user file
 * fails the import with a `SyntaxError` whose message starts with
 * `file:line:col`.
 */

/** What the registering thread tells the hooks (see register-policy-hooks.ts). */
export interface PolicyHooksData {
  /** URL of manychip's entry module, what `'manychip'` resolves to. */
  entryURL: string;
  /** URL of the folder of manychip's own code (its modules are never rewritten). */
  ownCodeURL: string;
}

let entryURL = '';
let ownCodeURL = '';

export const initialize: InitializeHook<PolicyHooksData> = (data) => {
  entryURL = data.entryURL;
  ownCodeURL = data.ownCodeURL;
};

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const parent = context.parentURL;
  if (parent === undefined || !isUserFile(parent)) return nextResolve(specifier, context);
  // Resolved on down the chain rather than short-circuited: a loader behind these hooks (tsx, from the sources) may need to see it.
  if (specifier === 'manychip') return nextResolve(entryURL, context);
  const twin = /^(\.{1,2}\/|\/|file:)/.test(specifier) ? typeScriptTwin(new URL(specifier, parent)) : undefined;
  return nextResolve(twin ?? specifier, context);
};

export const load: LoadHook = async (url, context, nextLoad) => {
  if (!isUserFile(url)) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const kind = /\.(m?ts|m?js)$/.exec(path)?.[1];
  if (kind === 'ts' || kind === 'mts') {
    const source = await readFile(path, 'utf8');
    return { format: 'module', source: await transpile(source, path, 'ts'), shortCircuit: true };
  }
  if (kind !== 'js' && kind !== 'mjs') return nextLoad(url, context);
  const loaded = await nextLoad(url, context);
  if (loaded.format !== 'module' && loaded.format !== 'commonjs') return loaded;
  const source = loaded.source === undefined || loaded.source === null ? await readFile(path, 'utf8') : sourceText(loaded.source);
  if (loaded.format === 'commonjs' && isCommonJs(source, path)) return loaded;
  await transpile(source, path, 'js'); // for its syntax errors, located; the source itself runs as written
  return { format: 'module', source, shortCircuit: true };
};

/** A file of the user's: not in a package (node_modules), not manychip's own code. */
function isUserFile(url: string): boolean {
  return url.startsWith('file:') && !url.includes('/node_modules/') && !url.startsWith(ownCodeURL);
}

/** For a `.js` or `.mjs` import that does not exist, the `.ts` or `.mts` file beside it, if that does. */
function typeScriptTwin(url: URL): string | undefined {
  if (url.protocol !== 'file:' || !/\.m?js$/.test(url.pathname) || existsSync(url)) return undefined;
  const twin = new URL(url.href);
  twin.pathname = url.pathname.replace(/js$/, 'ts');
  return existsSync(twin) ? twin.href : undefined;
}

/**
 * Whether the source is valid as a CommonJS module body (and so has no
 * import or export statement, nor top-level await): what Node's own
 * detection of module syntax decides, so that a CommonJS policy keeps
 * working where one is expected.
 */
function isCommonJs(source: string, path: string): boolean {
  try {
    compileFunction(source.replace(/^#!.*/, ''), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: path });
    return true;
  } catch {
    return false;
  }
}

/** The source as an ES module in JavaScript; a syntax error becomes a `SyntaxError` located at file:line:col. */
async function transpile(source: string, path: string, loader: 'ts' | 'js'): Promise<string> {
  try {
    const out = await transform(source, { loader, format: 'esm', target: 'node20', sourcefile: path, sourcemap: 'inline', logLevel: 'silent' });
    return out.code;
  } catch (e) {
    const first = (e as { errors?: Message[] }).errors?.[0];
    if (first === undefined) throw e;
    const at = first.location === null ? path : `${path}:${first.location.line}:${first.location.column + 1}`;
    throw Object.assign(new SyntaxError(`${at}: ${first.text}`), { code: POLICY_SYNTAX_ERROR });
  }
}

function sourceText(source: string | ArrayBuffer | NodeJS.TypedArray): string {
  return typeof source === 'string' ? source : Buffer.from(source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength)).toString('utf8');
}
