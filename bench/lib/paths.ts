import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: the nearest directory above this file with a package.json (from bench/ or dist/bench/ alike). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('no package.json above bench/');
    dir = up;
  }
  return dir;
}

/** A path inside the repository's bench/ directory. */
export function benchPath(name: string): string {
  return join(repoRoot(), 'bench', name);
}
