import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleTraceRecorder, TraceEventKind, executionOutcomes, isExecution, type ScheduleTrace } from '../../src/sim/schedule-trace.js';
import type { RunRecord } from '../../src/metrics/run-record.js';
import { JobState } from '../../src/model/job-table.js';
import { simulate } from '../../src/run-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';
import { scenarioFrom } from '../helpers/scenarios.js';

/** Runs a scenario with a recorder attached; returns the run and its trace. */
function traced(yaml: string, limit?: number): { run: RunRecord; trace: ScheduleTrace } {
  const recorder = new ScheduleTraceRecorder(limit);
  const run = simulate(scenarioFrom(yaml), { observe: (sim) => recorder.attach(sim) });
  return { run, trace: recorder.finish(run.endTime) };
}

interface Row {
  kind: string;
  job: string;
  node: number;
  lane: number;
  start: number;
  end: number;
}

/** The trace as readable rows: executions by outcome name, instants by kind name. */
function rows(run: RunRecord, trace: ScheduleTrace): Row[] {
  const names = Object.fromEntries(Object.entries(TraceEventKind).map(([k, v]) => [v, k]));
  const out: Row[] = [];
  for (let i = 0; i < trace.count; i++) {
    const kind = trace.kind[i] as number;
    const lane = trace.lane[i] as number;
    const job = trace.job[i] as number;
    out.push({
      kind: isExecution(kind) ? (executionOutcomes[kind] as string) : (names[kind] as string),
      job: job < 0 ? '' : run.jobs.idOf(job),
      node: trace.laneNode[lane] as number,
      lane: trace.laneIndex[lane] as number,
      start: trace.start[i] as number,
      end: trace.end[i] as number,
    });
  }
  return out;
}

/** For every lane, its executions sorted by start never overlap. */
function expectLanesDisjoint(trace: ScheduleTrace): void {
  const byLane = new Map<number, [number, number][]>();
  for (let i = 0; i < trace.count; i++) {
    if (!isExecution(trace.kind[i] as number)) continue;
    const spans = byLane.get(trace.lane[i] as number) ?? [];
    spans.push([trace.start[i] as number, trace.end[i] as number]);
    byLane.set(trace.lane[i] as number, spans);
  }
  for (const spans of byLane.values()) {
    spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let k = 1; k < spans.length; k++) expect((spans[k] as [number, number])[0]).toBeGreaterThanOrEqual((spans[k - 1] as [number, number])[1]);
  }
}

const eightChipNode = `name: lanes
chips: { g: { kind: gpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ name: p, chip: g, nodes: 1, chipsPerNode: 8 }] }]
classes:
  one: { speed: { g: 1 }, work: { dist: constant, value: 1 } }
jobs:
  - { id: A, class: one, origin: r, arrival: 0, work: 10 }
  - { id: B, class: one, origin: r, arrival: 0, work: 5 }
  - { id: C, class: one, origin: r, arrival: 6, work: 14 }
  - { id: D, class: one, origin: r, arrival: 7, work: 1 }
`;

describe('ScheduleTraceRecorder', () => {
  it('gives jobs sharing a node the lowest lane free when they start, so that a lane freed early is reused', () => {
    const { run, trace } = traced(eightChipNode);
    // A holds lane 0 for 0..10; B lane 1 for 0..5; C finds lane 1 free again at 6; D needs a third lane at 7.
    expect(rows(run, trace)).toEqual([
      { kind: 'finished', job: 'A', node: 0, lane: 0, start: 0, end: 10 },
      { kind: 'finished', job: 'B', node: 0, lane: 1, start: 0, end: 5 },
      { kind: 'finished', job: 'C', node: 0, lane: 1, start: 6, end: 20 },
      { kind: 'finished', job: 'D', node: 0, lane: 2, start: 7, end: 8 },
    ]);
    expect(trace.droppedEvents).toBe(0);
  });

  it('records a gang’s execution once on each node it holds', () => {
    const { run, trace } = traced(`name: gang
chips: { g: { kind: gpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: g, nodes: 3, chipsPerNode: 2 }] }]
classes:
  big: { speed: { g: 1 }, chips: 4, work: { dist: constant, value: 1 } }
jobs:
  - { id: G, class: big, origin: r, arrival: 1, work: 3 }
`);
    expect(rows(run, trace)).toEqual([
      { kind: 'finished', job: 'G', node: 0, lane: 0, start: 1, end: 4 },
      { kind: 'finished', job: 'G', node: 1, lane: 0, start: 1, end: 4 },
    ]);
  });

  it('gives a preempted job two executions and an instant where it was preempted', () => {
    const { run, trace } = traced(`name: pp
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ chip: a, nodes: 1, powerWatts: { idle: 0, busy: 360 } }] }]
classes:
  low: { speed: { a: 1 }, work: { dist: constant, value: 1 }, priority: 0, preemptible: true }
  high: { speed: { a: 1 }, work: { dist: constant, value: 1 }, priority: 10 }
jobs:
  - { id: low, class: low, origin: r, arrival: 0, work: 10 }
  - { id: high, class: high, origin: r, arrival: 4, work: 3 }
policy: priority-preempt
`);
    expect(rows(run, trace)).toEqual([
      { kind: 'preempted', job: 'low', node: 0, lane: 0, start: 0, end: 4 },
      { kind: 'Preempt', job: 'low', node: 0, lane: 0, start: 4, end: 4 },
      { kind: 'finished', job: 'high', node: 0, lane: 0, start: 4, end: 7 },
      { kind: 'finished', job: 'low', node: 0, lane: 0, start: 7, end: 17 },
    ]);
    // Its energy counts both executions: 360 W × (4 + 10) s.
    expect(run.jobs.energyKWh[0]).toBeCloseTo((360 * 14) / 3.6e6, 15);
  });

  it('closes executions still running at the end of the run as cut, at the run’s end time', () => {
    const { run, trace } = traced(`${eightChipNode}horizon: 9\n`);
    expect(run.endTime).toBe(9);
    expect(rows(run, trace).map((r) => [r.job, r.kind, r.end])).toEqual([
      ['A', 'cut', 9],
      ['B', 'finished', 5],
      ['C', 'cut', 9],
      ['D', 'finished', 8],
    ]);
  });

  describe('with failing nodes', () => {
    const farm = `name: failures
seed: 3
chips: { cpu: { kind: cpu } }
regions: [{ name: r }]
sites:
  - { name: s, region: r, pools: [{ chip: cpu, nodes: 10, failures: { mtbfHours: ${50 / 3600}, repairHours: ${5 / 3600} } }] }
classes: { c: { speed: { cpu: 1 }, work: { dist: exponential, mean: 20 } } }
workload: [{ class: c, origin: r, arrivals: { process: poisson, rate: 0.3 }, count: 300 }]
`;

    it('puts each failure and repair on lane 0 of its node, and each eviction where the job ran', () => {
      const recorder = new ScheduleTraceRecorder();
      const downs: string[] = [];
      const ups: string[] = [];
      const sim = new Simulation(scenarioFrom(farm));
      recorder.attach(sim);
      sim.hooks.on('node:down', (_pool, node, time) => downs.push(`${node}@${time}`));
      sim.hooks.on('node:up', (_pool, node, time) => ups.push(`${node}@${time}`));
      const run = sim.run();
      const trace = recorder.finish(run.endTime);
      const all = rows(run, trace);
      const at = (kind: string): string[] => all.filter((r) => r.kind === kind).map((r) => `${r.node}@${r.start}`);
      expect(downs.length).toBeGreaterThan(10);
      expect(at('NodeDown')).toEqual(downs);
      expect(at('NodeUp')).toEqual(ups);
      for (const r of all.filter((r) => r.kind === 'NodeDown' || r.kind === 'NodeUp')) expect(r.lane).toBe(0);

      let restarts = 0;
      for (let j = 0; j < run.jobs.length; j++) restarts += run.jobs.restarts[j] as number;
      const evicted = all.filter((r) => r.kind === 'evicted');
      expect(evicted).toHaveLength(restarts);
      expect(all.filter((r) => r.kind === 'Evict')).toHaveLength(restarts);
      // An eviction happens when its node goes down.
      for (const e of evicted) expect(downs).toContain(`${e.node}@${e.end}`);
      expect(all.filter((r) => r.kind === 'finished')).toHaveLength(300);
      expectLanesDisjoint(trace);
    });

    it('stops at its limit and counts the events it left out', () => {
      const full = traced(farm).trace;
      const cut = traced(farm, 25).trace;
      expect(full.droppedEvents).toBe(0);
      expect(cut.count).toBe(25);
      expect(cut.droppedEvents).toBe(full.count - 25);
      // What it kept is the beginning of the full trace.
      expect(Array.from(cut.start)).toEqual(Array.from(full.start.subarray(0, 25)));
    });
  });

  it('counts transfers over shared links within its limit, with executions and instants', () => {
    // Inputs over one link, and nodes that fail: executions, evictions, failures, repairs and transfers all compete for the limit.
    const linked = `
name: linked
chips: { cpu: { kind: cpu } }
regions: [{ name: east }, { name: west }]
sites:
  - { name: s, region: west, pools: [{ chip: cpu, nodes: 4, failures: { mtbfHours: ${50 / 3600}, repairHours: ${5 / 3600} } }] }
network:
  links: [{ name: l, a: east, b: west, gbps: 8, latencyMs: 5 }]
classes: { c: { speed: { cpu: 1 }, work: { dist: exponential, mean: 10 }, inputGB: 2 } }
workload: [{ class: c, origin: east, arrivals: { process: poisson, rate: 0.2 }, count: 100 }]
`;
    const full = traced(linked).trace;
    const events = (t: ScheduleTrace): number => t.count + t.transfers.job.length;
    expect(full.droppedEvents).toBe(0);
    expect(full.transfers.job.length).toBeGreaterThan(50);
    expect(rowsOfKinds(full, [TraceEventKind.NodeDown, TraceEventKind.NodeUp])).toBeGreaterThan(5);
    for (const limit of [10, 60, events(full) - 7]) {
      const cut = traced(linked, limit).trace;
      expect(events(cut)).toBe(limit);
      expect(cut.droppedEvents).toBe(events(full) - limit);
    }
  });

  it('is not listening unless attached, so a run without a trace pays nothing', () => {
    const sim = new Simulation(scenarioFrom(eightChipNode));
    expect(sim.hooks.listening['job:start']).toBeFalsy();
    new ScheduleTraceRecorder().attach(sim);
    expect(sim.hooks.listening['job:start']).toBe(true);
  });

  it('never overlaps executions within a lane, and records every execution on every node, over random busy scenarios', () => {
    const totals = { preempted: 0, evicted: 0, lanesAbove0: 0 };
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.nat(1000),
          cpuNodes: fc.integer({ min: 1, max: 3 }),
          cpuChips: fc.integer({ min: 1, max: 8 }),
          gpuNodes: fc.integer({ min: 2, max: 4 }),
          gpuChips: fc.constantFrom(1, 2, 4),
          rate: fc.constantFrom(1, 2, 4),
          mtbfS: fc.constantFrom(30, 200, 1e6),
        }),
        (g) => {
          const yaml = `name: busy
seed: ${g.seed}
horizon: 60
chips: { a: { kind: cpu }, b: { kind: gpu } }
regions: [{ name: r }]
sites:
  - name: s
    region: r
    pools:
      - { chip: a, nodes: ${g.cpuNodes}, chipsPerNode: ${g.cpuChips}, failures: { mtbfHours: ${g.mtbfS / 3600}, repairHours: ${5 / 3600} } }
      - { chip: b, nodes: ${g.gpuNodes}, chipsPerNode: ${g.gpuChips}, failures: { mtbfHours: ${g.mtbfS / 3600}, repairHours: ${5 / 3600} } }
classes:
  share: { speed: { a: 1 }, chips: 0.25, work: { dist: exponential, mean: 3 }, preemptible: true }
  one: { speed: { a: 1 }, chips: 1, work: { dist: exponential, mean: 5 }, preemptible: true }
  urgent: { speed: { a: 1 }, chips: 1, work: { dist: exponential, mean: 2 }, priority: 10 }
  gang: { speed: { b: 1 }, chips: ${2 * g.gpuChips}, work: { dist: exponential, mean: 8 } }
workload:
  - { class: share, origin: r, arrivals: { process: poisson, rate: ${g.rate} } }
  - { class: one, origin: r, arrivals: { process: poisson, rate: ${g.rate / 2} } }
  - { class: urgent, origin: r, arrivals: { process: poisson, rate: ${g.rate / 4} } }
  - { class: gang, origin: r, arrivals: { process: poisson, rate: ${g.rate / 8} } }
policy: priority-preempt
`;
          const { run, trace } = traced(yaml);
          expectLanesDisjoint(trace);
          for (const k of trace.kind) {
            if (k === TraceEventKind.Preempted) totals.preempted++;
            if (k === TraceEventKind.Evicted) totals.evicted++;
          }
          totals.lanesAbove0 += trace.laneIndex.filter((k) => k > 0).length;

          // Independently of the hooks: per job, executions by outcome from its counters and final state.
          const { jobs, model } = run;
          const seen = new Map<string, number>();
          for (let i = 0; i < trace.count; i++) {
            const kind = trace.kind[i] as number;
            if (isExecution(kind)) seen.set(`${trace.job[i]}/${kind}`, (seen.get(`${trace.job[i]}/${kind}`) ?? 0) + 1);
          }
          for (let j = 0; j < jobs.length; j++) {
            const pool = model.pools[jobs.pool[j] as number];
            const nodes = pool === undefined ? 0 : Math.max(1, Math.ceil((jobs.milli[j] as number) / pool.milliPerNode));
            // Cut while running: a job still waiting at the end has no start.
            const cutWhileRunning = jobs.state[j] === JobState.Unfinished && !Number.isNaN(jobs.start[j] as number) ? 1 : 0;
            expect(seen.get(`${j}/${TraceEventKind.Finished}`) ?? 0).toBe(jobs.state[j] === JobState.Completed ? nodes : 0);
            expect(seen.get(`${j}/${TraceEventKind.Preempted}`) ?? 0).toBe((jobs.preemptions[j] as number) * nodes);
            expect(seen.get(`${j}/${TraceEventKind.Evicted}`) ?? 0).toBe((jobs.restarts[j] as number) * nodes);
            expect(seen.get(`${j}/${TraceEventKind.Cut}`) ?? 0).toBe(cutWhileRunning * nodes);
          }
        },
      ),
      { numRuns: 25, seed: 20240501 },
    );
    // The scenarios did exercise what the property is about.
    expect(totals.preempted).toBeGreaterThan(0);
    expect(totals.evicted).toBeGreaterThan(0);
    expect(totals.lanesAbove0).toBeGreaterThan(0);
  });
});

/** How many of the trace's events are of these kinds. */
function rowsOfKinds(trace: ScheduleTrace, kinds: readonly TraceEventKind[]): number {
  let n = 0;
  for (let i = 0; i < trace.count; i++) if (kinds.includes(trace.kind[i] as TraceEventKind)) n++;
  return n;
}
