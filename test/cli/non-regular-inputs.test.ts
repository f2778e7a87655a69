import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../helpers/cli-main.js';
import { runCli } from '../helpers/cli-process.js';

// Each of these once read forever or blocked in open(): they run in a child
// process with a time limit, so that a regression fails instead of hanging.
const unix = process.platform !== 'win32' && existsSync('/dev/zero');
const dir = mkdtempSync(join(tmpdir(), 'manychip-non-regular-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A named pipe nobody writes to: opening it for reading the usual way blocks for ever. */
function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

const LIMIT_MS = 60_000;

describe.skipIf(!unix)('files that are not regular files', () => {
  it('validate refuses a FIFO with no writer, /dev/zero and /dev/urandom at once, naming each', () => {
    const pipe = fifo('scenario.yaml');
    for (const [file, kind] of [
      [pipe, 'is a named pipe (FIFO), not a regular file; manychip reads files, not pipes'],
      ['/dev/zero', 'is a character device (such as /dev/zero), not a regular file'],
      ['/dev/urandom', 'is a character device (such as /dev/zero), not a regular file'],
    ] as const) {
      const r = runCli(['validate', file], { cwd: dir, timeoutMs: LIMIT_MS });
      expect(r).toEqual({ code: 2, out: '', err: `error: ${file} cannot read scenario: ${kind}\n`, timedOut: false });
    }
  });

  it('a scenario whose price series is /dev/zero, whose node list and trace are FIFOs: every one named at its field, nothing read', () => {
    const scenario = join(dir, 'data-files.yaml');
    fifo('nodes.csv');
    fifo('trace.swf');
    writeFileSync(
      scenario,
      `name: devices
chips: { c: { kind: cpu } }
regions: [{ name: r }]
sites:
  - { name: s, region: r, pools: [{ chip: c, nodes: 1, priceSeries: { file: /dev/zero } }] }
  - from: { format: csv, file: nodes.csv }
classes: { b: { speed: { c: 1 }, work: { dist: constant, value: 1 } } }
workload:
  - { class: b, origin: r, trace: { format: swf, file: trace.swf } }
`,
    );
    const r = runCli(['validate', 'data-files.yaml'], { cwd: dir, timeoutMs: LIMIT_MS });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      [
        'error: data-files.yaml:5:77 sites[0].pools[0].priceSeries.file: cannot read /dev/zero: is a character device (such as /dev/zero), not a regular file',
        'error: data-files.yaml:6:32 sites[1].from.file: cannot read nodes.csv: is a named pipe (FIFO), not a regular file; manychip reads files, not pipes',
        'error: data-files.yaml:9:56 workload[0].trace.file: cannot read trace.swf: is a named pipe (FIFO), not a regular file; manychip reads files, not pipes',
        '',
      ].join('\n'),
    );
  });

  it('sweep and import refuse them too', () => {
    const pipe = fifo('sweep.yaml');
    expect(runCli(['sweep', pipe], { cwd: dir, timeoutMs: LIMIT_MS })).toMatchObject({ code: 2, err: `error: ${pipe} cannot read sweep: is a named pipe (FIFO), not a regular file; manychip reads files, not pipes\n`, timedOut: false });
    expect(runCli(['import', 'swf', '/dev/urandom'], { cwd: dir, timeoutMs: LIMIT_MS })).toMatchObject({ code: 2, err: 'error: /dev/urandom cannot read SWF log: is a character device (such as /dev/zero), not a regular file\n', timedOut: false });
  });
});

describe('a directory given as a file', () => {
  it('is refused by name, in the process (no child needed: reading it fails at once)', async () => {
    let err = '';
    const code = await main(['validate', dir], { write: () => true }, { write: (t) => ((err += t), true) });
    expect(code).toBe(2);
    expect(err).toBe(`error: ${dir} cannot read scenario: is a directory, not a file\n`);
  });
});
