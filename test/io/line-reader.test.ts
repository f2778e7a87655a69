import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineReader } from '../../src/io/line-reader.js';

function lines(content: string | Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'manychip-lines-'));
  const path = join(dir, 'f.txt');
  writeFileSync(path, content);
  const reader = new LineReader(path, { what: 'test file' });
  const out: string[] = [];
  for (let line = reader.next(); line !== undefined; line = reader.next()) {
    out.push(line);
    expect(reader.lineNumber).toBe(out.length);
  }
  return out;
}

describe('LineReader', () => {
  it('counts the bytes read up to the end of each line, its ending included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manychip-lines-'));
    const path = join(dir, 'f.txt');
    writeFileSync(path, 'ab\r\nçd\nlast');
    const reader = new LineReader(path, { what: 'test file' });
    const ends: number[] = [];
    while (reader.next() !== undefined) ends.push(reader.bytesRead);
    expect(ends).toEqual([4, 8, 12]);
  });

  it('splits on newlines, drops a \\r before them, and keeps a last line without one', () => {
    expect(lines('a\r\nb\n\nc')).toEqual(['a', 'b', '', 'c']);
    expect(lines('a\n')).toEqual(['a']);
    expect(lines('')).toEqual([]);
  });

  it('reads files far larger than its chunk, decoding characters split between chunks', () => {
    // 2-byte characters at odd offsets put a split character at every 64 KiB boundary.
    const row = `x${'é'.repeat(40)}`;
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${row}`);
    const read = lines(Buffer.from(rows.join('\n'), 'utf8'));
    expect(read).toHaveLength(20_000);
    expect(read).toEqual(rows);
  });
});
