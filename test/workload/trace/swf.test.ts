import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../../src/engine/rng.js';
import { MAX_CHIPS_PER_JOB, MAX_TIME_S } from '../../../src/scenario/field-bounds.js';
import { InputError } from '../../../src/scenario/problem.js';
import { scenarioSchema, type TraceSpec } from '../../../src/scenario/schema.js';
import { OriginPicker } from '../../../src/workload/arrival-source.js';
import { parseSwfLine, readSwfHeader, swfLoggedWaits, SwfSource } from '../../../src/workload/trace/swf.js';
import { dataTrace } from '../../helpers/data-traces.js';

const KTH = dataTrace('swf', 'KTH-SP2-1996-2.1-cln.swf.gz');
const NASA = dataTrace('swf', 'NASA-iPSC-1993-3.1-cln.swf.gz');
const MALFORMED = resolve(__dirname, '../../fixtures/traces/malformed.swf');

function spec(overrides: Record<string, unknown> = {}): Extract<TraceSpec, { format: 'swf' }> {
  const parsed = scenarioSchema().shape.workload.parse([{ class: 'c', origin: 'r', trace: { format: 'swf', file: 'x', ...overrides } }]);
  return parsed[0]?.trace as never;
}

function swfSource(path: string, s = spec(), options: { strict?: boolean; count?: number } = {}): SwfSource {
  return new SwfSource(path, s, 0, {
    displayName: path.split('/').at(-1) as string,
    count: options.count ?? Infinity,
    timeScale: s.timeScale,
    strict: options.strict ?? false,
    origins: new OriginPicker([[0, 1]]),
    rng: new RngStreams(1).stream('arrivals:0'),
  });
}

/** Every job a source gives, as plain records. */
function drain(source: SwfSource): { id: string; arrival: number; work: number; chips: number; estimate: number }[] {
  const out = [];
  while (source.nextTime < Infinity) {
    const j = source.explicit;
    if (j === undefined) throw new Error('a pending arrival without its job');
    out.push({ id: j.id, arrival: j.arrival, work: j.work, chips: j.milli / 1000, estimate: j.estimate ?? NaN });
    source.advance();
  }
  return out;
}

describe('parseSwfLine', () => {
  it('reads the 18 fields of a job line, -1 staying unknown', () => {
    const line = '   15   599850 192180   3477    4     -1    -1    4  53940    -1  1  12  12  -1 -1 -1 -1 -1';
    expect(parseSwfLine(line)).toEqual({
      kind: 'record',
      record: { job: 15, submit: 599850, wait: 192180, run: 3477, allocatedProcs: 4, requestedProcs: 4, requestedTime: 53940, status: 1, user: 12 },
    });
    expect(parseSwfLine('; Computer: IBM SP2')).toEqual({ kind: 'comment' });
    expect(parseSwfLine('')).toEqual({ kind: 'comment' });
  });

  it('names the field and what is allowed when a line is malformed', () => {
    expect(parseSwfLine('1 0 0 abc 1 -1 -1 1 100 -1 1 1 1 -1 -1 -1 -1 -1')).toEqual({ kind: 'bad', field: 'field 4 (run time)', message: '"abc" is not a number (-1 means unknown)' });
    expect(parseSwfLine('1 0 0 5 1 -1 -1 1 -5 -1 1 1 1 -1 -1 -1 -1 -1')).toEqual({ kind: 'bad', field: 'field 9 (requested time)', message: '-5 is negative; only -1 (unknown) may be' });
    expect(parseSwfLine('1 0 0 5 1')).toEqual({ kind: 'bad', field: 'line', message: 'has 5 fields; an SWF job line has 18' });
  });
});

/**
 * The rules of a job line, as the format states them and as parseSwfLine
 * first read every line: trimmed, split at runs of whitespace, 18 cells,
 * each a decimal number, none negative but -1. Written apart, for the
 * property below: parseSwfLine reads a well-formed line by a scan of its
 * characters, which must give what these rules give.
 */
function swfLineByTheRules(text: string): ReturnType<typeof parseSwfLine> {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed[0] === ';') return { kind: 'comment' };
  const cells = trimmed.split(/\s+/);
  if (cells.length !== 18) return { kind: 'bad', field: 'line', message: `has ${cells.length} fields; an SWF job line has 18` };
  const names = ['job number', 'submit time', 'wait time', 'run time', 'allocated processors', 'average CPU time', 'used memory', 'requested processors', 'requested time', 'requested memory', 'status', 'user', 'group', 'executable', 'queue', 'partition', 'preceding job', 'think time'];
  const v: number[] = [];
  for (const [i, cell] of cells.entries()) {
    const field = `field ${i + 1} (${names[i] as string})`;
    if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell)) return { kind: 'bad', field, message: `"${cell}" is not a number (-1 means unknown)` };
    const x = Number(cell);
    if (x < 0 && x !== -1) return { kind: 'bad', field, message: `${cell} is negative; only -1 (unknown) may be` };
    v.push(x);
  }
  const [job, submit, wait, run, allocatedProcs, , , requestedProcs, requestedTime, , status, user] = v as number[];
  return { kind: 'record', record: { job, submit, wait, run, allocatedProcs, requestedProcs, requestedTime, status, user } as never };
}

describe('parseSwfLine against the rules of the format', () => {
  // Cells as logs write them, and the near misses of each part of a number.
  const good = fc.oneof({ weight: 6, arbitrary: fc.nat({ max: 2_000_000 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('-1', '0', '-0', '007', '1.', '.5', '-.5', '1.25', '3e2', '3E+2', '2.5e-3', '1e308', '1e309', '99999999999999999999', '123456789012345', '1234567890123456', '97508813825936539', '9007199254740993') });
  const odd = fc.oneof(fc.constantFrom('-2', '-0.5', '+1', '1e', '1e+', 'e5', '.', '-', '--1', '1.2.3', '1-2', '0x10', 'abc', 'NaN', 'Infinity', '1_000', '١٢', '1\u00a0', '1;', ';'), fc.string({ minLength: 1, maxLength: 4 }));
  const space = fc.constantFrom(' ', '  ', '\t', ' \t ');
  // Whitespace to \s but not ASCII, and control characters that are not whitespace at all.
  const oddSpace = fc.constantFrom('\r', '\v', '\f', '\u00a0', '\u2003', '\ufeff', '\u0085', '\u200b', '\x00', '\x1c', '\x1f', '\x7f');
  // Most lines hold one odd part at most, so that the part the scan must refuse is the only one.
  const line = fc
    .record({
      n: fc.oneof({ weight: 8, arbitrary: fc.constant(18) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 20 }) }),
      cells: fc.array(good, { minLength: 20, maxLength: 20 }),
      spaces: fc.array(space, { minLength: 20, maxLength: 20 }),
      oddCell: fc.option(fc.tuple(fc.nat({ max: 19 }), odd)),
      oddSpace: fc.option(fc.tuple(fc.nat({ max: 19 }), oddSpace)),
      start: fc.constantFrom('', '', ' ', '\t', ';', '\u2003'),
      end: fc.constantFrom('', '', ' ', '\r', '\t\r', '\u00a0'),
    })
    .map(({ n, cells, spaces, oddCell, oddSpace, start, end }) => {
      if (oddCell !== null) cells[oddCell[0]] = oddCell[1];
      const gaps: string[] = spaces;
      if (oddSpace !== null) gaps[oddSpace[0]] = oddSpace[1];
      return start + cells.slice(0, n).map((c, i) => (i === 0 ? c : (gaps[i] as string) + c)).join('') + end;
    });

  it('reads every line as the rules do: the same record, or the same comment, or the same problem with its field (property)', () => {
    fc.assert(
      fc.property(line, (text) => {
        expect(parseSwfLine(text)).toEqual(swfLineByTheRules(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads integers past 15 digits, decimals and exponents as Number does', () => {
    const fields = (first: string): string => [first, ...Array<string>(17).fill('1')].join(' ');
    for (const cell of ['9007199254740993', '123456789012345678', '0.1', '1e21', '2.5E-3', '000000000000000000001']) {
      expect(parseSwfLine(fields(cell))).toMatchObject({ kind: 'record', record: { job: Number(cell) } });
    }
  });
});

describe('the KTH SP2 log', () => {
  it('reads the header block', () => {
    const header = readSwfHeader(KTH);
    expect(header.get('MaxProcs')).toBe('100');
    expect(header.get('UnixStartTime')).toBe('843480031');
    expect(header.get('Acknowledge')).toBe('Lars Malinowsky');
  });

  it('replays 28,475 of its 28,476 jobs, from the first submit, with requested times as estimates', () => {
    const source = swfSource(KTH);
    const jobs = drain(source);
    // One job has -1 in both processor fields (the trace README says so): it is skipped by rule, not as malformed.
    expect(jobs).toHaveLength(28_475);
    expect(jobs[0]).toEqual({ id: '15', arrival: 0, work: 3477, chips: 4, estimate: 53940 });
    expect(jobs[1]).toEqual({ id: '16', arrival: 600022 - 599850, work: 2488, chips: 25, estimate: 3600 });
    expect(jobs.at(-1)).toEqual({ id: '28490', arrival: 29363618 - 599850, work: 8, chips: 1, estimate: 30000 });
    expect(source.warnings()).toEqual([
      'KTH-SP2-1996-2.1-cln.swf.gz: 1 job skipped: no processor count (fields 5 and 8 are -1 or 0)',
      'KTH-SP2-1996-2.1-cln.swf.gz: 475 jobs ran longer than requested; each runs its logged time (policies saw the shorter request)',
    ]);
  });

  it('scales arrival times and run times, and maps processors to chips', () => {
    const jobs = drain(swfSource(KTH, spec({ timeScale: 0.5, runtimeScale: 2, processorsPerChip: 4 }), { count: 2 }));
    expect(jobs).toEqual([
      { id: '15', arrival: 0, work: 6954, chips: 1, estimate: 107880 },
      { id: '16', arrival: (600022 - 599850) * 0.5, work: 4976, chips: 7, estimate: 7200 },
    ]);
  });

  it('gives the waits the log records (checked against awk over field 3)', () => {
    const waits = swfLoggedWaits(KTH);
    expect(waits.length).toBe(28_475);
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
    // awk '!/^;/ {print $3}' | sort -n over the jobs with a processor count: mean 15296.4, median 300.
    expect(mean).toBeCloseTo(15296.4, 1);
    expect(waits[(waits.length - 1) / 2]).toBe(300);
  });
});

describe('the NASA iPSC log', () => {
  it('replays its 18,239 jobs; with no requested times the estimate is the run time', () => {
    const jobs = drain(swfSource(NASA));
    expect(jobs).toHaveLength(18_239);
    expect(jobs.every((j) => j.estimate === j.work)).toBe(true);
    // Cleaned logs keep the original job numbers: gaps, not line indices.
    expect(new Set(jobs.map((j) => j.chips))).toEqual(new Set([1, 2, 4, 8, 16, 32, 64, 128]));
    expect(jobs.filter((j) => j.work === 0)).toHaveLength(173);
  });
});

describe('malformed rows', () => {
  it('are skipped and counted, with the first named, by default', () => {
    const source = swfSource(MALFORMED);
    const jobs = drain(source);
    expect(jobs.map((j) => j.id)).toEqual(['1', '2', '7']);
    // Job 2 has no request: allocated processors and its run time stand in.
    expect(jobs[1]).toEqual({ id: '2', arrival: 10, work: 300, chips: 4, estimate: 300 });
    expect(source.warnings()).toEqual([
      'malformed.swf: 1 job skipped: no processor count (fields 5 and 8 are -1 or 0)',
      'malformed.swf: 4 malformed rows skipped (first at line 7, field 4 (run time): "abc" is not a number (-1 means unknown)); --strict fails on them instead',
      'malformed.swf: 1 job ran longer than requested; each runs its logged time (policies saw the shorter request)',
    ]);
  });

  it('fail the run with file, line and field under strict', () => {
    const replay = (): unknown => drain(swfSource(MALFORMED, spec(), { strict: true }));
    expect(replay).toThrow(InputError);
    let message = '';
    try {
      replay();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('malformed.swf:7:1 field 4 (run time): "abc" is not a number (-1 means unknown)');
  });

  it('include a row earlier than the one above it', () => {
    const source = swfSource(MALFORMED);
    drain(source);
    expect(source.badRows.count).toBe(4);
  });
});

describe('processor counts', () => {
  it('are whole numbers: a fraction in the field the replay uses makes the row malformed, naming that field', () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'manychip-swf-'));
    try {
      // Submit 0, run 10 s; fields 5 (allocated) and 8 (requested) as given.
      const row = (job: number, allocated: string, requested: string): string =>
        Array.from({ length: 18 }, (_, i) => ({ 0: String(job), 1: '0', 3: '10', 4: allocated, 7: requested })[i] ?? '-1').join(' ');
      const file = resolve(dir, 'fractions.swf');
      // Job 1 requests 2.5; job 2 has no request and 1.5 allocated; job 3 requests 3 (its 2.5 allocated is not used); job 4 is whole.
      writeFileSync(file, [row(1, '2', '2.5'), row(2, '1.5', '-1'), row(3, '2.5', '3'), row(4, '4', '4')].join('\n'));
      const requested = swfSource(file, spec({ processors: 'requested' }));
      expect(drain(requested).map((j) => [j.id, j.chips])).toEqual([
        ['3', 3],
        ['4', 4],
      ]);
      expect(requested.warnings()).toContain('fractions.swf: 2 malformed rows skipped (first at line 1, field 8 (requested processors): 2.5 is not a whole number of processors); --strict fails on them instead');
      expect(() => drain(swfSource(file, spec({ processors: 'allocated' }), { strict: true }))).toThrow('fractions.swf:2:1 field 5 (allocated processors): 1.5 is not a whole number of processors');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rows beyond a scenario’s bounds', () => {
  it('are malformed: a run time of 1e300 s, or processors that make more chips than a job may have', () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'manychip-swf-'));
    try {
      // Submit 0, run 10 s, one processor allocated and requested; the rest unknown.
      const row = (fields: Record<number, string>): string => Array.from({ length: 18 }, (_, i) => fields[i] ?? ({ 1: '0', 3: '10', 4: '1', 7: '1' } as Record<number, string>)[i] ?? '-1').join(' ');
      const file = resolve(dir, 'huge.swf');
      writeFileSync(file, [row({ 0: '1' }), row({ 0: '2', 3: '1e300' }), row({ 0: '3', 4: '1e300', 7: '1e300' }), row({ 0: '4', 1: '5' })].join('\n'));
      const source = swfSource(file);
      expect(drain(source).map((j) => j.id)).toEqual(['1', '4']);
      expect(source.warnings()).toContain(`huge.swf: 2 malformed rows skipped (first at line 2, field 4 (run time): must be at most ${MAX_TIME_S}; got 1e+300); --strict fails on them instead`);
      writeFileSync(file, row({ 0: '3', 4: '1e300', 7: '1e300' }));
      expect(() => drain(swfSource(file, spec(), { strict: true }))).toThrow(`huge.swf:1:1 fields 5 and 8 (processors): make 1e+300 chips; a job may have at most ${MAX_CHIPS_PER_JOB}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
