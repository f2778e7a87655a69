import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import type { main as sourceMain } from '../../src/cli/main.js';
import { repoRoot } from './data-traces.js';

/**
 * The folder of a built CLI bundle to test instead of the sources, from
 * MANYCHIP_TEST_BUNDLE (relative to the checkout, e.g. dist/bundle), or
 * undefined to test the sources. CI runs test/cli both ways: the sources,
 * then `MANYCHIP_TEST_BUNDLE=dist/bundle npx vitest run test/cli`.
 */
export function testBundleDir(): string | undefined {
  const dir = process.env.MANYCHIP_TEST_BUNDLE;
  if (dir === undefined || dir === '') return undefined;
  return isAbsolute(dir) ? dir : join(repoRoot, dir);
}

/** The bundle's `main` (its manychip.js, required as any CommonJS file). */
export function bundleMain(dir: string): typeof sourceMain {
  return (createRequire(import.meta.url)(join(dir, 'manychip.js')) as { main: typeof sourceMain }).main;
}

const bundle = testBundleDir();

/** The CLI's `main`: from the sources, or from the bundle MANYCHIP_TEST_BUNDLE names. */
export const main: typeof sourceMain = bundle === undefined ? (await import('../../src/cli/main.js')).main : bundleMain(bundle);
