import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { comparableRow, type SweepRow } from '../../src/sweep/sweep-row.js';

/** The rows of a sweep's JSONL files, by run index, without perf; a run found twice fails the test. */
export function rowsOf(...files: string[]): Map<number, unknown> {
  const rows = new Map<number, unknown>();
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line === '') continue;
      const row = JSON.parse(line) as SweepRow;
      expect(rows.has(row.index), `run ${row.index} twice`).toBe(false);
      rows.set(row.index, comparableRow(row));
    }
  }
  return rows;
}
