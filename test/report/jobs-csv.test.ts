import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/metrics/summarize.js';
import { csvField } from '../../src/report/csv-field.js';
import { jobsCsv, jobsCsvColumns } from '../../src/report/jobs-csv.js';
import { simulate } from '../../src/run-scenario.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/** A small RFC 4180 reader (quoted fields, doubled quotes), independent of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

// Hand-worked: one site (named with a comma), a 2-GPU node at $3.60 per chip-hour and 400 W busy,
// a 1-CPU node at $0.36 and 90 W; no idle power. The horizon at 200 s cuts the last job.
const hand = `name: hand
horizon: 200
chips: { g: { kind: gpu }, c: { kind: cpu }, f: { kind: fpga } }
regions: [{ name: here }, { name: 'there, "far"' }]
sites:
  - name: 'hub, west'
    region: here
    pools:
      - { name: 'gpus, "big"', chip: g, nodes: 1, chipsPerNode: 2, pricePerChipHour: 3.6, powerWatts: { idle: 0, busy: 400 } }
      - { chip: c, nodes: 1, chipsPerNode: 1, pricePerChipHour: 0.36, powerWatts: { idle: 0, busy: 90 } }
network: { rttMs: { here: { 'hub, west': 0.5 }, 'there, "far"': { 'hub, west': 12 } } }
classes:
  train: { speed: { g: 1 }, work: { dist: constant, value: 1 } }
  batch: { speed: { c: 2 }, work: { dist: constant, value: 1 } }
  encode: { speed: { f: 1 }, work: { dist: constant, value: 1 } }
jobs:
  - { id: t1, class: train, origin: here, arrival: 0, chips: 2, work: 100 }
  - { id: t2, class: train, origin: 'there, "far"', arrival: 10, chips: 1, work: 50 }
  - { id: e1, class: encode, origin: here, arrival: 20, work: 5 }
  - { id: b1, class: batch, origin: here, arrival: 120, work: 1000 }
policy: fifo
`;

describe('jobsCsv', () => {
  const run = simulate(scenarioFrom(hand));
  const text = [...jobsCsv(run)].join('');
  const table = parseCsv(text);

  it('starts with the header and has one row per job, every row as wide as the header', () => {
    expect(text.split('\n')[0]).toBe('id,class,origin,site,pool,chip,arrival,start,finish,wait,rttMs,cost,energyKWh,outcome');
    expect(table[0]).toEqual([...jobsCsvColumns]);
    expect(table).toHaveLength(1 + 4);
    for (const row of table) expect(row).toHaveLength(jobsCsvColumns.length);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('gives each job’s row as worked out by hand', () => {
    const byId = new Map(table.slice(1).map((r) => [r[0], Object.fromEntries(jobsCsvColumns.map((c, i) => [c, r[i] as string]))]));
    const numbers = (id: string, columns: string[]): number[] => columns.map((c) => Number(byId.get(id)?.[c]));
    const names = ['class', 'origin', 'site', 'pool', 'chip', 'outcome'];
    const timeColumns = ['arrival', 'start', 'finish', 'wait', 'rttMs'];
    const money = ['cost', 'energyKWh'];

    // t1: 2 GPUs from 0 to 100 s: 2 × $3.60 × 100/3600 h = $0.20; 2 × 400 W × 100 s = 0.0222… kWh.
    expect(names.map((c) => byId.get('t1')?.[c])).toEqual(['train', 'here', 'hub, west', 'gpus, "big"', 'g', 'completed']);
    expect(numbers('t1', timeColumns)).toEqual([0, 0, 100, 0, 0.5]);
    const [cost1, energy1] = numbers('t1', money);
    expect(cost1).toBeCloseTo(0.2, 12);
    expect(energy1).toBeCloseTo((2 * 400 * 100) / 3.6e6, 15);

    // t2: arrives at 10, waits for t1's node until 100, runs 50 s on 1 GPU, 12 ms away.
    expect(names.map((c) => byId.get('t2')?.[c])).toEqual(['train', 'there, "far"', 'hub, west', 'gpus, "big"', 'g', 'completed']);
    expect(numbers('t2', timeColumns)).toEqual([10, 100, 150, 90, 12]);
    const [cost2, energy2] = numbers('t2', money);
    expect(cost2).toBeCloseTo((3.6 * 50) / 3600, 12);
    expect(energy2).toBeCloseTo((400 * 50) / 3.6e6, 15);

    // e1: no pool has its chip; rejected at arrival, never placed: where, times and RTT are empty.
    expect(byId.get('e1')).toEqual({
      id: 'e1', class: 'encode', origin: 'here', site: '', pool: '', chip: '', arrival: '20', start: '', finish: '', wait: '', rttMs: '',
      cost: '0', energyKWh: '0', outcome: 'rejected',
    });

    // b1: 500 s of work at speed 2 would end at 620; cut at the horizon (200) after 80 s, billed for those.
    expect(names.map((c) => byId.get('b1')?.[c])).toEqual(['batch', 'here', 'hub, west', 'hub, west/c', 'c', 'unfinished']);
    expect(byId.get('b1')?.finish).toBe('');
    expect(numbers('b1', ['arrival', 'start', 'wait', 'rttMs'])).toEqual([120, 120, 0, 0.5]);
    const [cost3, energy3] = numbers('b1', money);
    expect(cost3).toBeCloseTo((0.36 * 80) / 3600, 12);
    expect(energy3).toBeCloseTo((90 * 80) / 3.6e6, 15);
  });

  it('quotes names holding commas or quotes, and only those', () => {
    const t2 = text.split('\n').find((l) => l.startsWith('t2,'));
    expect(t2).toMatch(/^t2,train,"there, ""far""","hub, west","gpus, ""big""",g,10,100,150,90,12,/);
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('')).toBe('');
  });

  it('yields the same text whatever the chunk size', () => {
    const one = [...jobsCsv(run, 1)];
    expect(one).toHaveLength(4);
    expect(one.join('')).toBe(text);
    expect([...jobsCsv(run, 1000)]).toEqual([text]);
  });

  it('attributes to jobs the busy energy and no more: all of it when chips draw nothing idle', () => {
    const r = summarize(run);
    let sum = 0;
    for (let j = 0; j < run.jobs.length; j++) sum += run.jobs.energyKWh[j] as number;
    expect(sum).toBeCloseTo(r.energyKWh, 14);
  });
});

describe('per-job energy over a farm with failures, gangs and shares of chips', () => {
  const farm = readFileSync(join(import.meta.dirname, '..', '..', 'scenarios', 'render-farm.yaml'), 'utf8');
  const sumOf = (a: Float64Array, n: number): number => a.subarray(0, n).reduce((x, y) => x + y, 0);

  it('never exceeds the run’s energy, which adds the idle draw', () => {
    const run = simulate(scenarioFrom(farm));
    const r = summarize(run);
    const jobs = sumOf(run.jobs.energyKWh, run.jobs.length);
    expect(jobs).toBeGreaterThan(0);
    expect(jobs).toBeLessThan(r.energyKWh);
  });

  it('equals the run’s energy when idle power is 0, evicted and cut executions included', () => {
    const run = simulate(scenarioFrom(farm.replace(/idle: \d+/g, 'idle: 0')));
    const r = summarize(run);
    let restarts = 0;
    for (let j = 0; j < run.jobs.length; j++) restarts += run.jobs.restarts[j] as number;
    expect(restarts).toBeGreaterThan(0);
    expect(r.jobs.unfinished).toBeGreaterThan(0);
    expect(sumOf(run.jobs.energyKWh, run.jobs.length) / r.energyKWh).toBeCloseTo(1, 12);
  });
});
