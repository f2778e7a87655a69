import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { LineReader } from '../../src/io/line-reader.js';
import { textStart } from '../../src/io/text-encoding.js';
import { InputError, loadScenarioFile, parseScenario } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'manychip-encoding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCENARIO = `name: wide
chips: { c: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: c, nodes: 1 }] }]
classes: { b: { speed: { c: 1 }, work: { dist: constant, value: 1 } } }
jobs: [{ class: b, origin: r, arrival: 0, work: 1 }]
`;

/** Text in UTF-16 or UTF-32, either byte order, written here byte by byte. */
function encode(text: string, unitBytes: 2 | 4, bigEndian: boolean, bom: boolean): Buffer {
  const units = [...(bom ? '\uFEFF' : ''), ...text].map((ch) => ch.codePointAt(0) as number);
  const out = Buffer.alloc(units.length * unitBytes);
  units.forEach((u, i) => {
    if (unitBytes === 2) {
      if (bigEndian) out.writeUInt16BE(u, i * 2);
      else out.writeUInt16LE(u, i * 2);
    } else if (bigEndian) out.writeUInt32BE(u, i * 4);
    else out.writeUInt32LE(u, i * 4);
  });
  return out;
}

function scenarioProblem(content: Buffer, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  try {
    loadScenarioFile(path);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message.slice(path.length + 1);
  }
  throw new Error('expected an InputError');
}

describe('text encodings', () => {
  it('names a UTF-16 scenario’s encoding instead of parsing mojibake', () => {
    expect(scenarioProblem(encode(SCENARIO, 2, false, true), 'le-bom.yaml')).toBe(
      'cannot read scenario: is UTF-16 little-endian text (it starts with a byte-order mark); manychip reads UTF-8: save the file as UTF-8',
    );
    expect(scenarioProblem(encode(SCENARIO, 2, true, true), 'be-bom.yaml')).toMatch(/^cannot read scenario: is UTF-16 big-endian text \(it starts with a byte-order mark\)/);
    expect(scenarioProblem(encode(SCENARIO, 2, false, false), 'le.yaml')).toMatch(/^cannot read scenario: is UTF-16 little-endian text \(every other byte is zero\)/);
    expect(scenarioProblem(encode(SCENARIO, 2, true, false), 'be.yaml')).toMatch(/^cannot read scenario: is UTF-16 big-endian text \(every other byte is zero\)/);
    // Inside gzip too: the encoding is told from the inflated bytes.
    expect(scenarioProblem(gzipSync(encode(SCENARIO, 2, false, true)), 'le-bom.yaml.gz')).toMatch(/^cannot read scenario: is UTF-16 little-endian text/);
  });

  it('names UTF-32 in either byte order, with or without a mark', () => {
    expect(scenarioProblem(encode(SCENARIO, 4, false, true), '32le-bom.yaml')).toMatch(/^cannot read scenario: is UTF-32 little-endian text \(it starts with a byte-order mark\)/);
    expect(scenarioProblem(encode(SCENARIO, 4, true, true), '32be-bom.yaml')).toMatch(/^cannot read scenario: is UTF-32 big-endian text \(it starts with a byte-order mark\)/);
    expect(scenarioProblem(encode(SCENARIO, 4, false, false), '32le.yaml')).toMatch(/^cannot read scenario: is UTF-32 little-endian text/);
    expect(scenarioProblem(encode(SCENARIO, 4, true, false), '32be.yaml')).toMatch(/^cannot read scenario: is UTF-32 big-endian text/);
  });

  it('calls a file with zero bytes in no wide-text pattern binary', () => {
    expect(scenarioProblem(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), 'elf.yaml')).toBe('cannot read scenario: is binary data, not text (a zero byte at offset 7)');
    expect(textStart(Buffer.alloc(100))).toEqual({ utf8: false, reason: 'is binary data, not text (a zero byte at offset 0)' });
  });

  it('reads UTF-8, skipping a byte-order mark', () => {
    expect(textStart(Buffer.from('name: x'))).toEqual({ utf8: true, bomBytes: 0 });
    expect(textStart(Buffer.from('\uFEFFname: x'))).toEqual({ utf8: true, bomBytes: 3 });
    expect(textStart(Buffer.from(''))).toEqual({ utf8: true, bomBytes: 0 });
    expect(loadScenarioFile((writeFileSync(join(dir, 'bom.yaml'), `\uFEFF${SCENARIO}`), join(dir, 'bom.yaml'))).name).toBe('wide');
    // A CSV header read with its mark would name its first column "\uFEFFsite".
    writeFileSync(join(dir, 'bom.csv'), '\uFEFFsite,chip,count,region\ns,c,2,r\n');
    const s = parseScenario(SCENARIO.replace(/^sites: .*$/m, 'sites: [{ from: { format: csv, file: bom.csv } }]'), 'x.yaml', dir);
    expect(s.sites[0]?.pools[0]?.nodes).toBe(2);
    // Bytes read count the mark: they measure the file.
    writeFileSync(join(dir, 'bom.txt'), '\uFEFFab\ncd');
    const reader = new LineReader(join(dir, 'bom.txt'), { what: 'test file' });
    reader.next();
    expect(reader.bytesRead).toBe(6);
  });

  it('names the encoding of a node list and of a trace at the scenario field that names them', () => {
    writeFileSync(join(dir, 'wide-nodes.csv'), encode('site,chip,count\ns,c,2\n', 2, false, true));
    writeFileSync(join(dir, 'wide.swf'), encode('; Version: 2.2\n1 0 0 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n', 2, true, false));
    const text = SCENARIO.replace(/^sites: .*$/m, 'sites: [{ from: { format: csv, file: wide-nodes.csv } }]').replace(
      /^jobs: .*$/m,
      'workload: [{ class: b, origin: r, trace: { format: swf, file: wide.swf } }]',
    );
    let problems: string[] = [];
    try {
      parseScenario(text, 'x.yaml', dir);
    } catch (e) {
      problems = (e as InputError).problems.map((p) => `${p.path}: ${p.message}`);
    }
    expect(problems).toEqual([
      'sites[0].from.file: cannot read wide-nodes.csv: is UTF-16 little-endian text (it starts with a byte-order mark); manychip reads UTF-8: save the file as UTF-8',
      'workload[0].trace.file: cannot read wide.swf: is UTF-16 big-endian text (every other byte is zero); manychip reads UTF-8: save the file as UTF-8',
    ]);
  });
});
