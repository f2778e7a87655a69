import { join } from 'node:path';

/**
 * The checkout's root, found from this file: tests never depend on the
 * working directory or on where the clone sits.
 */
export const repoRoot = join(import.meta.dirname, '..', '..');

/** A trace the project carries under data/traces (gzip, read as it is). */
export function dataTrace(source: 'swf' | 'alibaba-gpu-2023' | 'gavel', file: string): string {
  return join(repoRoot, 'data', 'traces', source, file);
}
