import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository this harness belongs to, wherever it is checked out. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
