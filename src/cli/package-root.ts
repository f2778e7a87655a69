import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of manychip's own package.json, found from this module's place
 * (src/cli in a checkout, dist/src/cli when built, node_modules/manychip/…
 * when installed), never from the working directory.
 */
export function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (packageName(join(dir, 'package.json')) === 'manychip') return dir;
    dir = dirname(dir);
  }
  return undefined;
}

/** manychip's version, from its package.json. */
export function packageVersion(): string {
  const root = packageRoot();
  if (root === undefined) return 'unknown';
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof version === 'string' ? version : 'unknown';
}

function packageName(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}
