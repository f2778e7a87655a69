import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from '../../src/metrics/summarize.js';
import type { JobStatistics } from '../../src/metrics/job-statistics.js';
import { JobState, JobTable } from '../../src/model/job-table.js';
import { JobRetirement } from '../../src/sim/job-retirement.js';
import { chromeTrace } from '../../src/report/chrome-trace.js';
import { jobsCsv, jobsCsvHeader, JobsCsvRows } from '../../src/report/jobs-csv.js';
import { loadScenarioFile } from '../../src/scenario/parse-scenario.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { ScheduleTraceRecorder } from '../../src/sim/schedule-trace.js';
import { Simulation } from '../../src/sim/simulation.js';
import { scenarioArb, toYaml, type Generated } from '../helpers/random-scenarios.js';
import { scenarioFrom } from '../helpers/scenarios.js';

const root = join(import.meta.dirname, '..', '..');

/** Everything a run can be asked for, with the job table kept whole or its slots recycled. */
function everything(scenario: Scenario, keepJobs: boolean, policy?: string) {
  const sim = new Simulation(scenario, { keepJobs, explain: { sample: 4, ids: ['3', 'j5'] }, ...(policy === undefined ? {} : { policy }) } as never);
  const recorder = new ScheduleTraceRecorder().attach(sim);
  let streamed = jobsCsvHeader();
  const rows = new JobsCsvRows(sim.model);
  if (!keepJobs) sim.streamJobs((jobs, job) => (streamed += rows.row(jobs, job)));
  const run = sim.run();
  const trace = [...chromeTrace(recorder.finish(run.endTime), run)].join('');
  const csv = keepJobs ? [...jobsCsv(run)].join('') : streamed;
  return { results: JSON.stringify({ ...summarize(run), perf: null }), trace, csv, run, slots: run.jobs.length };
}

/** The results alone, slots recycled and no sink: ended jobs then reach the statistics in batches. */
function resultsInBatches(scenario: Scenario, policy?: string): string {
  const sim = new Simulation(scenario, { keepJobs: false, explain: { sample: 4, ids: ['3', 'j5'] }, ...(policy === undefined ? {} : { policy }) } as never);
  return JSON.stringify({ ...summarize(sim.run()), perf: null });
}

/** A stand-in for the statistics that notes the serial of each job it is given, as it reads it. */
function serialsCounted(table: JobTable): { statistics: JobStatistics; counted: number[] } {
  const counted: number[] = [];
  const statistics = { add: (jobs: JobTable, job: number) => counted.push(jobs.serial[job] as number) } as unknown as JobStatistics;
  return { statistics, counted };
}

/**
 * The random scenarios of the policy properties with what makes slots
 * hard to recycle: nodes that fail (a job evicted leaves a stale finish
 * event behind) and come back, some jobs with ids of their own, a horizon
 * that cuts jobs, and a Poisson stream beside the listed jobs.
 */
function hardYaml(g: Generated, extra: { failures: boolean; horizon: number | undefined; onNodeFailure: string }): string {
  let n = 0;
  let yaml = toYaml(g).replace(/^ {2}- \{ class:/gm, () => (n++ % 2 === 0 ? `  - { id: "j${n}", class:` : '  - { class:'));
  if (extra.failures) yaml = yaml.replace(/pricePerChipHour: (\d+) \}/g, 'pricePerChipHour: $1, failures: { mtbfHours: 0.004, repairHours: 0.001 } }');
  // Failing nodes need a horizon: a job longer than the time between failures would restart for a very long time without one.
  const horizon = extra.horizon ?? (extra.failures ? 90 : undefined);
  yaml = yaml.replace('seed: 7', `seed: 7\nonNodeFailure: ${extra.onNodeFailure}${horizon === undefined ? '' : `\nhorizon: ${horizon}`}`);
  return `${yaml}workload:\n  - { class: k0, origin: r2, arrivals: { process: poisson, rate: 0.5 }, count: 20 }\n`;
}

describe('recycling the slots of jobs whose life is over', () => {
  it('changes nothing: the same results, explanations, per-job CSV and trace, byte for byte, over random scenarios, every built-in policy, failures and preemption (property)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.boolean(), fc.constantFrom(undefined, 15, 40), fc.constantFrom('requeue', 'fail'), (g, failures, horizon, onNodeFailure) => {
        const scenario = scenarioFrom(hardYaml(g, { failures, horizon, onNodeFailure }));
        const kept = everything(scenario, true);
        const recycled = everything(scenario, false);
        expect(recycled.results).toBe(kept.results);
        expect(recycled.csv).toBe(kept.csv);
        expect(recycled.trace).toBe(kept.trace);
        expect(recycled.slots).toBeLessThanOrEqual(kept.slots);
        expect(resultsInBatches(scenario)).toBe(kept.results);
      }),
      { numRuns: 120 },
    );
  });

  it('holds as many slots as jobs were alive at once, not as many as arrived, and still reports every job', () => {
    // The bundled M/M/16 at ρ = 0.9, with 30,000 jobs.
    const scenario = scenarioFrom(readFileSync(join(root, 'scenarios', 'mmc.yaml'), 'utf8').replace('count: 200000', 'count: 30000').replace('warmupS: 1000', 'warmupS: 100'));
    const kept = everything(scenario, true);
    const recycled = everything(scenario, false);
    expect(recycled.results).toBe(kept.results);
    expect(recycled.csv).toBe(kept.csv);
    expect(kept.slots).toBe(30_000);
    // A few dozen jobs in the system at a time, a few hundred at the worst.
    expect(recycled.slots).toBeLessThan(1_000);
    expect(recycled.run.statistics.added).toBe(30_000);
    expect(recycled.csv.split('\n').length).toBe(30_000 + 2);
  });

  it('without a sink, counts ended jobs in batches, in the order they ended, each before its slot goes to another job', () => {
    const table = new JobTable(16);
    const { statistics, counted } = serialsCounted(table);
    const retirement = new JobRetirement(table, statistics, true);
    const jobs = Array.from({ length: 300 }, (_, k) => table.add(0, 0, k, 1, 1000));
    // They end last first: the statistics get them in that order, 256 at a time.
    const order = [...jobs].reverse();
    order.slice(0, 255).forEach((job) => retirement.end(job));
    expect(counted).toEqual([]);
    retirement.end(order[255] as number);
    expect(counted).toEqual(order.slice(0, 256).map((job) => table.serial[job]));
    order.slice(256).forEach((job) => retirement.end(job));
    retirement.settle();
    expect(counted).toEqual(order.map((job) => table.serial[job]));
    expect(retirement.retired).toBe(300);
    retirement.settle();
    expect(counted.length).toBe(300);
  });

  it('gives a waiting slot to a new job that finds none free, after counting its old job, rather than grow the table', () => {
    const table = new JobTable(16);
    const { statistics, counted } = serialsCounted(table);
    const retirement = new JobRetirement(table, statistics, false);
    const alive = Array.from({ length: 16 }, (_, k) => table.add(0, 0, k, 1, 1000));
    retirement.end(alive[3] as number);
    retirement.end(alive[9] as number);
    expect(counted).toEqual([]);
    // No slot is free: the table asks for the ended ones, which are counted (as jobs 3 and 9) before one is taken.
    const next = table.add(0, 0, 16, 1, 1000);
    expect(counted).toEqual([3, 9]);
    expect([alive[3], alive[9]]).toContain(next);
    expect(table.length).toBe(16);
    expect(table.serial[next]).toBe(16);
  });

  it('keeps a slot while a finish event still names it, and gives it back when the last one pops', () => {
    const table = new JobTable(16);
    const statistics = { add: () => undefined } as unknown as JobStatistics;
    const retirement = new JobRetirement(table, statistics, false);
    const a = table.add(0, 0, 0, 1, 1000);
    // Started, preempted (its finish event stays queued), started again, then over.
    retirement.finishScheduled(a);
    retirement.finishScheduled(a);
    retirement.finishPopped(a);
    retirement.end(a);
    const b = table.add(0, 0, 1, 1, 1000);
    expect(b).not.toBe(a);
    retirement.finishPopped(a);
    const c = table.add(0, 0, 2, 1, 1000);
    expect(c).toBe(a);
    expect([table.serial[a], table.idOf(c), table.start[c], table.cost[c]]).toEqual([2, '2', NaN, 0]);
  });

  it('keeps each slot while a stale finish event still names it (a job evicted by a failure and done before its old finish time)', () => {
    // render-farm's nodes fail; its evicted jobs run again and may finish, and their slots go to new arrivals, before the old finish events pop.
    const scenario = loadScenarioFile(join(root, 'scenarios', 'render-farm.yaml'));
    const kept = everything(scenario, true);
    const recycled = everything(scenario, false);
    expect(kept.run.statistics.byClass.total().restarts[0]).toBeGreaterThan(0);
    expect(recycled.results).toBe(kept.results);
    expect(recycled.trace).toBe(kept.trace);
  });

  it('gives a recycled slot\'s next job its own pools, not those of the job before it', () => {
    // A takes 4 chips: only the 4-chip node of `big` holds it. B, later, in A's slot, takes 1
    // chip: both pools hold it, and fifo starts it on `small`, declared first. Jobs with chips
    // of their own have their pools worked out once per job, and a slot's pools must go with
    // its job.
    const scenario = scenarioFrom(`name: recycled-pools
chips: { a: { kind: cpu } }
regions: [{ name: r }]
sites: [{ name: s, region: r, pools: [{ name: small, chip: a, nodes: 2, chipsPerNode: 1 }, { name: big, chip: a, nodes: 1, chipsPerNode: 4 }] }]
classes:
  c: { speed: { a: 1 }, chips: 2, work: { dist: constant, value: 1 } }
jobs:
  - { id: A, class: c, origin: r, arrival: 0, work: 1, chips: 4 }
  - { id: B, class: c, origin: r, arrival: 5, work: 1, chips: 1 }
policy: fifo
`);
    const kept = everything(scenario, true);
    const recycled = everything(scenario, false);
    expect(recycled.slots).toBe(1);
    expect(recycled.csv).toBe(kept.csv);
    const [header, a, b] = kept.csv.split('\n') as [string, string, string];
    const pool = header.split(',').indexOf('pool');
    expect([a.split(',')[pool], b.split(',')[pool]]).toEqual(['big', 'small']);
  });

  it('keeps the ten slowest jobs as they complete: those a scan of every job finds, longest first, ties to the earlier arrival', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const run = new Simulation(scenarioFrom(hardYaml(g, { failures: true, horizon: undefined, onNodeFailure: 'requeue' })), {}).run();
        const { jobs } = run;
        const done: number[] = [];
        for (let j = 0; j < jobs.length; j++) if (jobs.state[j] === JobState.Completed) done.push(j);
        const jct = (j: number): number => (jobs.finish[j] as number) - (jobs.arrival[j] as number);
        done.sort((a, b) => jct(b) - jct(a) || a - b);
        expect(run.statistics.slowest.list()).toEqual(done.slice(0, 10).map((j) => ({ id: jobs.idOf(j), jctS: jct(j) })));
      }),
      { numRuns: 60 },
    );
  });
});
