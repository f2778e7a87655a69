import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleTraceRecorder } from '../../src/sim/schedule-trace.js';
import { chromeTrace } from '../../src/report/chrome-trace.js';
import { simulate } from '../../src/run-scenario.js';
import { scenarioFrom } from '../helpers/scenarios.js';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  s?: string;
  cat?: string;
  args?: Record<string, unknown>;
}

interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: string;
  otherData: Record<string, unknown>;
}

/** Runs a scenario with a recorder and renders the trace; returns the text and the parsed file. */
function render(yaml: string, limit?: number, eventsPerChunk?: number): { text: string; file: TraceFile } {
  const recorder = new ScheduleTraceRecorder(limit);
  const run = simulate(scenarioFrom(yaml), { observe: (sim) => recorder.attach(sim) });
  const text = [...chromeTrace(recorder.finish(run.endTime), run, eventsPerChunk)].join('');
  return { text, file: JSON.parse(text) as TraceFile };
}

const threadNames = (file: TraceFile): Map<number, string> =>
  new Map(file.traceEvents.filter((e) => e.name === 'thread_name').map((e) => [e.tid, e.args?.name as string]));

const preempt = `name: pp
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: 'site "one"', region: r, pools: [{ name: p, chip: a, nodes: 1 }] }]
classes:
  low: { speed: { a: 1 }, work: { dist: constant, value: 1 }, priority: 0, preemptible: true }
  high: { speed: { a: 1 }, work: { dist: constant, value: 1 }, priority: 10 }
jobs:
  - { id: low, class: low, origin: r, arrival: 0, work: 10 }
  - { id: high, class: high, origin: r, arrival: 4.5, work: 3 }
policy: priority-preempt
`;

describe('chromeTrace', () => {
  it('renders executions as complete events in microseconds and a preemption as an instant on the same track', () => {
    const { file } = render(preempt);
    expect(file.displayTimeUnit).toBe('ms');
    expect(file.otherData).toMatchObject({ scenario: 'pp', policy: 'priority-preempt', cut: false, limit: 1_000_000, droppedEvents: 0, events: 4 });
    const meta = file.traceEvents.filter((e) => e.ph === 'M');
    expect(meta.find((e) => e.name === 'process_name')).toMatchObject({ pid: 1, args: { name: 'site "one"' } });
    expect([...threadNames(file).values()]).toEqual(['p node 0']);
    const timed = file.traceEvents.filter((e) => e.ph !== 'M').map(({ name, ph, ts, dur, s, args }) => ({ name, ph, ts, dur, s, outcome: args?.outcome }));
    expect(timed).toEqual([
      { name: 'low', ph: 'X', ts: 0, dur: 4_500_000, s: undefined, outcome: 'preempted' },
      { name: 'preempted', ph: 'i', ts: 4_500_000, dur: undefined, s: 't', outcome: undefined },
      { name: 'high', ph: 'X', ts: 4_500_000, dur: 3_000_000, s: undefined, outcome: 'finished' },
      { name: 'low', ph: 'X', ts: 7_500_000, dur: 10_000_000, s: undefined, outcome: 'finished' },
    ]);
    const low = file.traceEvents.find((e) => e.ph === 'X');
    expect(low?.args).toEqual({ job: 'low', class: 'low', origin: 'r', chips: 1, outcome: 'preempted' });
    expect(new Set(file.traceEvents.filter((e) => e.ph !== 'M').map((e) => `${e.pid}/${e.tid}`))).toEqual(new Set(['1/1']));
  });

  it('names a node’s further lanes after it and sorts them together', () => {
    const { file } = render(`name: lanes
chips: { g: { kind: gpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ name: p, chip: g, nodes: 2, chipsPerNode: 4 }] }]
classes:
  one: { speed: { g: 1 }, work: { dist: constant, value: 1 } }
  quad: { speed: { g: 1 }, chips: 4, work: { dist: constant, value: 1 } }
jobs:
  - { class: one, origin: r, arrival: 0, work: 10 }
  - { class: one, origin: r, arrival: 0, work: 10 }
  - { class: one, origin: r, arrival: 0, work: 10 }
  - { class: quad, origin: r, arrival: 0, work: 10 }
`);
    const names = threadNames(file);
    const sortIndex = new Map(file.traceEvents.filter((e) => e.name === 'thread_sort_index').map((e) => [e.tid, e.args?.sort_index as number]));
    const bySort = [...names.keys()].sort((a, b) => (sortIndex.get(a) as number) - (sortIndex.get(b) as number)).map((t) => names.get(t));
    expect(bySort).toEqual(['p node 0', 'p node 0 · 2', 'p node 0 · 3', 'p node 1']);
  });

  const failures = `name: failures
seed: 3
chips: { cpu: { kind: cpu } }
regions: [{ name: r }]
sites:
  - { name: s, region: r, pools: [{ name: p, chip: cpu, nodes: 4, failures: { mtbfHours: ${50 / 3600}, repairHours: ${5 / 3600} } }] }
classes: { c: { speed: { cpu: 1 }, work: { dist: exponential, mean: 20 } } }
workload: [{ class: c, origin: r, arrivals: { process: poisson, rate: 0.1 }, count: 50 }]
`;

  it('puts node failures and repairs on the node’s track as instants', () => {
    const { file } = render(failures);
    const names = threadNames(file);
    const downs = file.traceEvents.filter((e) => e.name === 'node down');
    const ups = file.traceEvents.filter((e) => e.name === 'node up');
    expect(downs.length).toBeGreaterThan(0);
    expect(ups.length).toBeGreaterThan(0);
    for (const e of [...downs, ...ups]) {
      expect(e).toMatchObject({ ph: 'i', s: 't', cat: 'node' });
      expect(names.get(e.tid)).toBe(`p node ${e.args?.node as number}`);
      expect(e.args?.pool).toBe('p');
    }
  });

  it('stops at the limit and says so in otherData', () => {
    const { file } = render(preempt, 2);
    expect(file.otherData).toMatchObject({ cut: true, limit: 2, droppedEvents: 2, events: 2 });
    expect(file.traceEvents.filter((e) => e.ph !== 'M')).toHaveLength(2);
    // Nodes whose events were all left out get no track.
    const cut = render(failures, 10).file;
    const used = new Set(cut.traceEvents.filter((e) => e.ph !== 'M').map((e) => e.tid));
    expect(cut.otherData.cut).toBe(true);
    expect([...threadNames(cut).keys()].every((tid) => used.has(tid))).toBe(true);
  });

  it('writes the same bytes on every run, whatever the chunk size', () => {
    const a = render(preempt).text;
    expect(render(preempt, undefined, 1).text).toBe(a);
    expect(render(preempt).text).toBe(a);
  });

  it('gives every event numeric times, a process and a thread, and never overlaps events on one thread, over random busy scenarios', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.integer({ min: 1, max: 8 }), fc.constantFrom(0.5, 2, 6), (seed, chipsPerNode, rate) => {
        const { file } = render(`name: busy
seed: ${seed}
horizon: 40
chips: { a: { kind: cpu }, b: { kind: gpu } }
regions: [{ name: r }]
sites:
  - { name: s1, region: r, pools: [{ chip: a, nodes: 2, chipsPerNode: ${chipsPerNode}, failures: { mtbfHours: ${40 / 3600}, repairHours: ${3 / 3600} } }] }
  - { name: s2, region: r, pools: [{ chip: b, nodes: 3, chipsPerNode: 2 }] }
classes:
  share: { speed: { a: 1, b: 1 }, chips: 0.3, work: { dist: exponential, mean: 2.7 }, preemptible: true }
  one: { speed: { a: 1 }, chips: 1, work: { dist: exponential, mean: 4.1 }, preemptible: true }
  urgent: { speed: { a: 1 }, chips: 1, work: { dist: exponential, mean: 1.3 }, priority: 5 }
  gang: { speed: { b: 1 }, chips: 4, work: { dist: exponential, mean: 6 } }
workload:
  - { class: share, origin: r, arrivals: { process: poisson, rate: ${rate} } }
  - { class: one, origin: r, arrivals: { process: poisson, rate: ${rate / 2} } }
  - { class: urgent, origin: r, arrivals: { process: poisson, rate: ${rate / 4} } }
  - { class: gang, origin: r, arrivals: { process: poisson, rate: ${rate / 8} } }
policy: priority-preempt
`);
        const names = threadNames(file);
        const spans = new Map<string, [number, number][]>();
        for (const e of file.traceEvents) {
          expect(Number.isInteger(e.pid)).toBe(true);
          expect(Number.isInteger(e.tid)).toBe(true);
          if (e.ph === 'M') continue;
          expect(names.has(e.tid)).toBe(true);
          expect(Number.isFinite(e.ts)).toBe(true);
          if (e.ph !== 'X') continue;
          expect(e.dur).toBeGreaterThanOrEqual(0);
          const key = `${e.pid}/${e.tid}`;
          spans.set(key, [...(spans.get(key) ?? []), [e.ts as number, (e.ts as number) + (e.dur as number)]]);
        }
        for (const list of spans.values()) {
          list.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
          for (let k = 1; k < list.length; k++) expect((list[k] as [number, number])[0]).toBeGreaterThanOrEqual((list[k - 1] as [number, number])[1]);
        }
        // Each site is a process named after it.
        const processes = file.traceEvents.filter((e) => e.name === 'process_name').map((e) => e.args?.name);
        expect(processes.every((p) => p === 's1' || p === 's2')).toBe(true);
      }),
      { numRuns: 20, seed: 7 },
    );
  });
});
