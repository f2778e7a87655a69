import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { outputKindOf, outputKindOfText } from '../../src/io/output-kind.js';

const root = join(import.meta.dirname, '..', '..');

describe('outputKindOf', () => {
  it('takes no bundled scenario for one of manychip’s outputs', () => {
    const files = readdirSync(join(root, 'scenarios')).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(outputKindOf(parse(readFileSync(join(root, 'scenarios', f), 'utf8'))), f).toBeUndefined();
  });

  it('tells a sweep’s rows by the first line when the text is not one document', () => {
    const row = JSON.stringify({ sweep: 'f', name: 'n', index: 0, total: 2, key: 'k', set: {}, policy: 'fifo', seed: 1, results: {} });
    expect(outputKindOfText(`\n${row}\n${row}\n`, undefined)).toBe('sweep-rows');
    expect(outputKindOfText('name: [\n', undefined)).toBeUndefined();
    expect(outputKindOf({ schemaVersion: 7, name: 'x' })).toBeUndefined();
  });
});
