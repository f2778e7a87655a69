import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/**
 * Builds dist/ when a source is newer than it: a few tests run the built
 * CLI (`node dist/src/cli/bin.js`) in a subprocess, as users do, and must
 * not test yesterday's build. `npm ci` builds, so a fresh clone skips this.
 */
export default function setup(): void {
  const built = statSync(join(root, 'dist', 'src', 'cli', 'bin.js'), { throwIfNoEntry: false })?.mtimeMs ?? -1;
  if (newest(join(root, 'src')) <= built && statSync(join(root, 'package.json')).mtimeMs <= built) return;
  process.stderr.write('building dist/ for the tests that run the built CLI…\n');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}
