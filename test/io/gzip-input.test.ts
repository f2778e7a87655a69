import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputFileError } from '../../src/io/input-file-error.js';
import { LineReader } from '../../src/io/line-reader.js';
import { openInput } from '../../src/io/open-input.js';
import { readInputText } from '../../src/io/read-input-text.js';
import { zlibSyncHandle } from '../../src/io/sync-gunzip.js';
import { InputError, loadScenarioFile } from '../../src/index.js';
import { dataTrace } from '../helpers/data-traces.js';

const dir = mkdtempSync(join(tmpdir(), 'manychip-gzip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Writes `content` to a fresh file and returns its path. */
function file(content: string | Uint8Array, name = `f${files++}`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Every line LineReader gives, and the bytes it counted. */
function readLines(path: string): { lines: string[]; bytes: number } {
  const reader = new LineReader(path, { what: 'test file' });
  const lines: string[] = [];
  for (let line = reader.next(); line !== undefined; line = reader.next()) lines.push(line);
  return { lines, bytes: reader.bytesRead };
}

/** The lines of a text as LineReader defines them, written independently: split on \n, a last empty piece is no line, \r before \n dropped. */
function expectedLines(text: string): string[] {
  const parts = text.split('\n');
  if (parts.at(-1) === '') parts.pop();
  return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** The failure a reader gives, as `InputFileError` reason. */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof InputFileError) return e.reason;
    throw e;
  }
  throw new Error('expected an InputFileError');
}

const drain = (path: string, limitBytes?: number): number => {
  const input = openInput(path, { what: 'trace', limitBytes });
  let n = 0;
  for (let c = input.read(); c !== undefined; c = input.read()) n += c.length;
  return n;
};

/** gzip members of `text` cut at `cuts` (byte offsets), concatenated as `cat a.gz b.gz` would. */
function members(text: Buffer, cuts: readonly number[], level = 6): Buffer {
  const bounds = [0, ...cuts, text.length];
  return Buffer.concat(bounds.slice(1).map((end, i) => gzipSync(text.subarray(bounds[i], end), { level })));
}

describe('reading gzip input', () => {
  it('reads the bundled KTH log line for line as the plain text zlib inflates at once', () => {
    const gz = dataTrace('swf', 'KTH-SP2-1996-2.1-cln.swf.gz');
    const text = gunzipSync(readFileSync(gz));
    const plain = file(text);
    const fromGz = readLines(gz);
    expect(fromGz.lines).toHaveLength(28_500);
    expect(fromGz.lines).toEqual(readLines(plain).lines);
    expect(fromGz.lines).toEqual(expectedLines(text.toString('utf8')));
    // Bytes count what was inflated, not what was read from the disk.
    expect(fromGz.bytes).toBe(text.length);
  });

  it('reads a file of several gzip members whole: a line cut at a 64 KiB read and at a member boundary comes out whole', () => {
    const text = Buffer.from(Array.from({ length: 6000 }, (_, i) => `${i},${'x'.repeat(i % 97)},é`).join('\n'));
    // A stored (level 0) member whose gzip bytes end exactly at 65,536: the next member starts the second read.
    let size = 65_000;
    while (gzipSync(text.subarray(0, size), { level: 0 }).length !== 65_536) size += 65_536 - gzipSync(text.subarray(0, size), { level: 0 }).length;
    expect(text[size - 1]).not.toBe(0x0a); // the cut falls inside a line
    const gz = Buffer.concat([gzipSync(text.subarray(0, size), { level: 0 }), members(text.subarray(size), [1, 70_001, 70_002])]);
    expect(readLines(file(gz)).lines).toEqual(expectedLines(text.toString('utf8')));
    // And the same text cut inside a two-byte character, mid-line.
    const e = text.indexOf('é', 100_000);
    expect(readLines(file(members(text, [e + 1]))).lines).toEqual(expectedLines(text.toString('utf8')));
  });

  it('gives the same lines from gzip, in any members, as from the plain text (property)', () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'b', ',', ' ', 'é', '€', '\r'), maxLength: 120 });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 2500 }), fc.array(fc.nat(), { maxLength: 4 }), fc.integer({ min: 0, max: 9 }), fc.boolean(), (lines, rawCuts, level, lastNewline) => {
        const text = Buffer.from(lines.join('\n') + (lastNewline && lines.length > 0 ? '\n' : ''));
        const cuts = [...new Set(rawCuts.map((c) => (text.length === 0 ? 0 : c % text.length)))].sort((a, b) => a - b);
        expect(readLines(file(members(text, cuts, level))).lines).toEqual(readLines(file(text)).lines);
      }),
      { numRuns: 30, seed: 13 },
    );
  });

  it('knows gzip by its magic bytes, not by its name', () => {
    expect(readLines(file(gzipSync('a,b\n1,2\n'), 'looks-plain.csv')).lines).toEqual(['a,b', '1,2']);
    expect(readLines(file('a,b\n1,2\n', 'looks-packed.csv.gz')).lines).toEqual(['a,b', '1,2']);
  });

  it('says a gzip file was cut short, where, and after which line', () => {
    const text = Buffer.from(Array.from({ length: 50_000 }, (_, i) => `line ${i} ${(i * 7919) % 10007}`).join('\n'));
    const gz = gzipSync(text);
    const cut = file(gz.subarray(0, Math.floor(gz.length * 0.6)), 'cut.swf.gz');
    const size = Math.floor(gz.length * 0.6).toLocaleString('en-US');
    expect(failure(() => readLines(cut))).toMatch(new RegExp(`^is a gzip file cut short: the file ends at byte ${size}, inside the compressed data \\(the file is incomplete\\), after line [\\d,]+$`));
    // Cut inside the header: nothing inflates, and the message is the same.
    expect(failure(() => readLines(file(gz.subarray(0, 6))))).toBe('is a gzip file cut short: the file ends at byte 6, inside the compressed data (the file is incomplete)');
    // A missing last member's trailer (its checksum and length) is a cut too.
    expect(failure(() => drain(file(gz.subarray(0, gz.length - 4))))).toMatch(/^is a gzip file cut short/);
  });

  it('says a gzip file is damaged, near which byte, in zlib’s words', () => {
    const text = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `row ${i}`).join('\n'));
    const gz = gzipSync(text);
    const mangled = Buffer.from(gz);
    for (let i = 2000; i < 2100; i++) mangled[i] = (mangled[i] as number) ^ 0x5a;
    // zlib finds the damage in the 4 KiB slice it is given, so that slice is where the message points.
    const at = /^is damaged gzip data at bytes ([\d,]+)–([\d,]+) of the file \(zlib: [a-z ]+\)$/.exec(failure(() => drain(file(mangled))));
    const [from, to] = [Number(at?.[1]?.replaceAll(',', '')), Number(at?.[2]?.replaceAll(',', ''))];
    expect(to - from).toBeLessThanOrEqual(4096);
    expect(from).toBeLessThan(2100);
    expect(to).toBeGreaterThan(2000);
    // A wrong checksum in the trailer: every byte inflates, the check fails.
    const badCrc = Buffer.from(gz);
    badCrc[gz.length - 8] = (badCrc[gz.length - 8] as number) ^ 1;
    const crc = /^is damaged gzip data at bytes ([\d,]+)–([\d,]+) of the file \(zlib: incorrect data check\)$/.exec(failure(() => drain(file(badCrc))));
    expect(Number(crc?.[2]?.replaceAll(',', ''))).toBe(gz.length);
    // Something after the data that is not another member.
    expect(failure(() => drain(file(Buffer.concat([gz, Buffer.from('trailing text')]))))).toMatch(/^is damaged gzip data at bytes .* \(zlib: incorrect header check\)$/);
  });

  it('accepts zero padding after the last member, as gunzip does, but nothing else behind it', () => {
    const gz = gzipSync('a\nb\n');
    expect(readLines(file(Buffer.concat([gz, Buffer.alloc(70_000)]))).lines).toEqual(['a', 'b']);
    const hidden = Buffer.concat([gz, Buffer.alloc(70_000), gzipSync('c\n')]);
    expect(failure(() => drain(file(hidden)))).toBe(`has bytes after the end of its gzip data, at byte ${(gz.length + 70_000).toLocaleString('en-US')}, that are neither zero padding nor another gzip member`);
  });

  it('stops at the caller’s limit, counting inflated bytes, without inflating the rest', () => {
    // 64 MiB of lines packed into about 64 KiB.
    const bomb = file(gzipSync(Buffer.alloc(64 * 1024 * 1024, 'abc\n'), { level: 9 }));
    const input = openInput(bomb, { what: 'trace', limitBytes: 1024 * 1024 });
    let handedOut = 0;
    const reason = failure(() => {
      for (let c = input.read(); c !== undefined; c = input.read()) handedOut += c.length;
    });
    expect(reason).toBe('inflates to more than the trace size limit of 1 MiB (1,048,576 bytes)');
    expect(handedOut).toBeLessThanOrEqual(1024 * 1024);
    expect(handedOut).toBeGreaterThan(1024 * 1024 - 65_536);
    expect(input.read()).toBeUndefined(); // closed
    expect(failure(() => drain(file(Buffer.alloc(2 * 1024 * 1024, 'abc\n')), 1024 * 1024))).toBe('is larger than the trace size limit of 1 MiB (1,048,576 bytes)');
  });

  it('refuses a scenario that inflates past the 16 MiB scenario limit, in one message', () => {
    const big = file(gzipSync(`name: big\n${'#'.repeat(80)}\n`.repeat(210_000)), 'big.yaml.gz');
    let message = '';
    try {
      loadScenarioFile(big);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      message = (e as Error).message;
    }
    expect(message).toBe(`${big} cannot read scenario: inflates to more than the scenario size limit of 16 MiB (16,777,216 bytes)`);
  });

  it('reads a whole gzip text (a scenario, a JSON table) as its plain text', () => {
    const json = '{"k80": {"(\'A3C\', 1)": {"null": 1.5}}}\n';
    expect(readInputText(file(gzipSync(json)), { what: 'table' })).toBe(json);
    const scenario = 'name: q\nchips: { c: { kind: cpu } }\nregions: [{ name: r }]\nsites: [{ name: s, region: r, pools: [{ chip: c, nodes: 1 }] }]\nclasses: { b: { speed: { c: 1 }, work: { dist: constant, value: 1 } } }\njobs: [{ class: b, origin: r, arrival: 0, work: 1 }]\n';
    expect(loadScenarioFile(file(gzipSync(scenario), 'q.yaml.gz')).name).toBe('q');
  });

  it('says plainly when a Node.js lacks the zlib handle that inflating in pieces needs', () => {
    expect(() => zlibSyncHandle({})).toThrow(/lacks the synchronous zlib handle manychip uses to read \.gz files piece by piece; decompress the file first \(gunzip\)/);
    expect(() => zlibSyncHandle({ _handle: { writeSync: () => undefined }, _writeState: [0, 0] })).toThrow(/lacks the synchronous zlib handle/);
  });
});
