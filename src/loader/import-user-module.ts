/**
 * The key under which the command-line bundle's loader (cli/load-bundle.ts)
 * leaves an `import()` of its own on `globalThis`.
 */
export const BUNDLE_IMPORT = Symbol.for('manychip.bundle-import');

type Importer = (url: string) => Promise<unknown>;

/**
 * Imports a user's module (a policy, a scaling rule) by URL. The CLI bundle
 * runs as a `vm.Script` with V8's code cache, and a function that V8 takes
 * from that cache cannot call `import()` ("A dynamic import callback was
 * not specified"): there the bundle's loader, an ordinary module, imports
 * for it.
 */
export function importUserModule(url: string): Promise<unknown> {
  const fromBundle = (globalThis as { [BUNDLE_IMPORT]?: Importer })[BUNDLE_IMPORT];
  return fromBundle !== undefined ? fromBundle(url) : import(url);
}
