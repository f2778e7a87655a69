import fc from 'fast-check';
import type { CaseFile, FuzzCase } from '../fuzz-case.js';

/**
 * Hostile files where a scenario (or a data file it names) belongs: empty,
 * binary, UTF-16 with a byte-order mark, nesting a thousand levels deep,
 * several YAML documents, one huge line, CRLF or CR line ends, YAML tags
 * and aliases, a file over the size limit, a directory, a missing file,
 * and things that are not files at all — /dev/zero, /dev/urandom, a named
 * pipe nobody writes to. Those that must be refused are marked so: for
 * them, anything but a clean error is a failure.
 */

/** A small valid scenario; `extra` adds to its single pool (a price series, say) or to the top. */
function valid(pool = '', top = ''): string {
  return `name: hostile-base
chips: { c: { kind: cpu } }
regions: [{ name: here }]
sites:
  - name: s
    region: here
    pools: [{ chip: c, nodes: 2, chipsPerNode: 2, pricePerChipHour: 1${pool} }]
classes:
  k: { speed: { c: 1 }, work: { dist: exponential, mean: 2 } }
workload:
  - { class: k, origin: here, arrivals: { process: poisson, rate: 1 }, count: 20 }
${top}`;
}

interface Made {
  label: string;
  files: CaseFile[];
  scenario: string;
  refuse: boolean;
}

const text = (label: string, body: string, refuse: boolean): Made => ({ label, files: [{ path: 'scenario.yaml', text: body }], scenario: 'scenario.yaml', refuse });
const bytes = (label: string, body: Buffer, refuse: boolean): Made => ({ label, files: [{ path: 'scenario.yaml', base64: body.toString('base64') }], scenario: 'scenario.yaml', refuse });

function utf16(body: string, bigEndian: boolean): Buffer {
  const le = Buffer.from(`\uFEFF${body}`, 'utf16le');
  if (!bigEndian) return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    be[i] = le[i + 1] as number;
    be[i + 1] = le[i] as number;
  }
  return be;
}

function deep(depth: number, form: 'flow-list' | 'flow-map' | 'block' | 'json'): string {
  switch (form) {
    case 'flow-list':
      return valid('', `description: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`);
    case 'flow-map':
      return valid('', `description: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`);
    case 'block': {
      const lines = Array.from({ length: depth }, (_, i) => `${'  '.repeat(i + 1)}a${i}:`);
      return valid('', `description:\n${lines.join('\n')} 1\n`);
    }
    case 'json':
      return `${'{"a": '.repeat(depth)}1${'}'.repeat(depth)}`;
  }
}

/** A data file the scenario names (by the key it sits under) that is a device, a pipe, a directory or missing. */
function dataFile(where: 'priceSeries' | 'rttMsFile' | 'empirical' | 'nodeList' | 'trace', path: string): string {
  switch (where) {
    case 'priceSeries':
      return valid(`, priceSeries: { file: ${JSON.stringify(path)} }`);
    case 'rttMsFile':
      return valid('', `network: { rttMsFile: ${JSON.stringify(path)} }\n`);
    case 'empirical':
      return valid('', `jobs: []\n`).replace('work: { dist: exponential, mean: 2 }', `work: { dist: empirical, file: ${JSON.stringify(path)}, column: seconds }`);
    case 'nodeList':
      return valid().replace('sites:\n', `sites:\n  - from: { format: csv, file: ${JSON.stringify(path)} }\n`);
    case 'trace':
      return valid('', `  - { class: k, origin: here, trace: { format: swf, file: ${JSON.stringify(path)} } }\n`).replace('\n\n', '\n');
  }
}

const made: fc.Arbitrary<Made> = fc.oneof(
  fc.constantFrom(
    text('empty file', '', true),
    text('whitespace only', '   \n\n\t\n', true),
    text('comments only', '# nothing\n# here\n', true),
    text('multi-document YAML', `${valid()}\n---\n${valid()}`, true),
    text('tab indentation', valid().replace(/\n {4}/g, '\n\t\t'), true),
    text('NUL in the middle', valid().replace('name: hostile-base', 'name: hostile\u0000base'), false),
    text('CRLF line ends', valid().replace(/\n/g, '\r\n'), false),
    text('CR line ends', valid().replace(/\n/g, '\r'), false),
    text('alias bomb', `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n`, true),
    text('merge keys', `${valid()}x: &x { kind: cpu }\nchipsMore: { <<: *x }\n`, true),
    text('YAML tags', valid().replace('name: hostile-base', 'name: !!binary aGVsbG8=\ndescription: !custom thing'), false),
    text('JS-ish tag', valid().replace('name: hostile-base', 'name: !!js/function "function () {}"'), false),
    text('numbers in odd YAML forms', valid('', 'horizon: 0x10\nwarmupS: 1_0\nseed: 0o17\n'), false),
    text('not a map (a list)', '- a\n- b\n', true),
    text('not a map (a scalar)', '42\n', true),
    text('JSON with a trailing comma', '{"name": "x",}', true),
    text('ten thousand unknown keys', valid('', Array.from({ length: 10_000 }, (_, i) => `unknown${i}: ${i}`).join('\n') + '\n'), true),
    bytes('UTF-16 LE with BOM', utf16(valid(), false), true),
    bytes('UTF-16 BE with BOM', utf16(valid(), true), true),
    bytes('UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid())]), false),
    bytes('invalid UTF-8', Buffer.concat([Buffer.from(valid().slice(0, 12)), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(valid().slice(12))]), false),
    { label: 'over the size limit (sparse, 17 MiB)', files: [{ path: 'scenario.yaml', sparseBytes: 17 * 1024 * 1024 }], scenario: 'scenario.yaml', refuse: true },
    { label: 'a directory', files: [{ path: 'dir/inside.yaml', text: valid() }], scenario: 'dir', refuse: true },
    { label: 'a missing file', files: [], scenario: 'missing.yaml', refuse: true },
    { label: '/dev/null', files: [], scenario: '/dev/null', refuse: true },
    { label: '/dev/zero', files: [], scenario: '/dev/zero', refuse: true },
    { label: '/dev/urandom', files: [], scenario: '/dev/urandom', refuse: true },
    { label: 'a named pipe with no writer', files: [{ path: 'pipe.yaml', fifo: true }], scenario: 'pipe.yaml', refuse: true },
  ),
  fc
    .tuple(fc.constantFrom(100, 1000, 5000), fc.constantFrom('flow-list' as const, 'flow-map' as const, 'block' as const, 'json' as const))
    .filter(([d, form]) => !(form === 'block' && d > 1000))
    .map(([d, form]) => text(`${form} nesting ${d} deep`, deep(d, form), true)),
  fc.constantFrom(100_000, 4_000_000).map((n) => text(`one line of ${n.toLocaleString('en-US')} characters`, valid('', `description: ${'x'.repeat(n)}\n`), false)),
  fc.constantFrom(1_000, 20_000).map((n) => text(`a flow list of ${n.toLocaleString('en-US')} numbers`, valid('', `description: [${Array.from({ length: n }, () => '1').join(',')}]\n`), true)),
  fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((b) => bytes(`binary, ${b.length} random bytes`, Buffer.from(b), true)),
  fc
    .tuple(fc.constantFrom('priceSeries' as const, 'rttMsFile' as const, 'empirical' as const, 'nodeList' as const, 'trace' as const), fc.constantFrom('/dev/zero', 'pipe', 'dir', 'missing', 'binary', 'empty'))
    .map(([where, what]): Made => {
      const files: CaseFile[] = [];
      let path: string = what;
      if (what === 'pipe') files.push({ path: 'data.csv', fifo: true });
      if (what === 'dir') files.push({ path: 'data.csv/inside', text: 'x' });
      if (what === 'binary') files.push({ path: 'data.csv', base64: Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]).toString('base64') });
      if (what === 'empty') files.push({ path: 'data.csv', text: '' });
      if (what !== '/dev/zero') path = what === 'missing' ? 'missing.csv' : 'data.csv';
      files.push({ path: 'scenario.yaml', text: dataFile(where, path) });
      // Binary or empty data is the reader's to judge (a trace may skip every row); what is not a readable file must be refused.
      return { label: `${where} file is ${what}`, files, scenario: 'scenario.yaml', refuse: what !== 'binary' && what !== 'empty' };
    }),
);

export const hostileFileFamily: fc.Arbitrary<FuzzCase> = fc.tuple(made, fc.constantFrom('validate', 'run')).map(([m, command]) => ({
  family: 'hostile-file',
  label: m.label,
  files: m.files,
  library: { scenario: m.scenario },
  argv: command === 'validate' ? ['validate', m.scenario] : ['run', m.scenario, '--format', 'json'],
  ...(m.refuse ? { expectCleanError: true } : {}),
}));
