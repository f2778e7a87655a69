import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadScenarioFile, parseScenario, runScenario, simulate } from '../../src/index.js';

const scenariosDir = join(import.meta.dirname, '..', '..', 'scenarios');

/** East and west are 1,650 km apart; the one site is in the east, with a single node of 8 GPUs at 2 a chip-hour. */
const text = `name: warn
horizon: 2000
chips: { gpu: { kind: gpu }, npu: { kind: npu } }
regions: [{ name: east, lat: 31.2, lon: 121.5 }, { name: west, lat: 30.6, lon: 104.1 }]
sites:
  - { name: e, region: east, pools: [{ chip: gpu, nodes: 1, chipsPerNode: 8, pricePerChipHour: 2 }] }
classes:
  big: { speed: { gpu: 1 }, chips: 16, work: { dist: constant, value: 1 } }
  npu-only: { speed: { npu: 1 }, work: { dist: constant, value: 1 } }
  near: { speed: { gpu: 1 }, work: { dist: constant, value: 0.1 }, slo: { circle: city } }
  slow: { speed: { gpu: 0.5 }, work: { dist: constant, value: 4 }, slo: { deadline: 2 } }
  cheap: { speed: { gpu: 1 }, chips: 2, work: { dist: constant, value: 3600 }, budget: 1 }
workload:
  - { class: big, origin: east, arrivals: { process: poisson, rate: 0.01 } }
  - { class: npu-only, origin: east, arrivals: { process: poisson, rate: 0.01 } }
  - { class: near, origin: { east: 3, west: 1 }, arrivals: { process: poisson, rate: 0.2 } }
  - { class: slow, origin: east, arrivals: { process: poisson, rate: 0.01 } }
  - { class: cheap, origin: east, arrivals: { process: poisson, rate: 0.005 } }
jobs:
  - { class: near, origin: east, arrival: 1, work: 1, deadline: 0.5 }
  - { class: near, origin: east, arrival: 1, runtimeS: { gpu: 3 }, deadline: 2, budget: 0.0001 }
policy: fifo
`;

describe('static warnings', () => {
  const scenario = parseScenario(text, 'warn.yaml');

  it('say, each where it can be fixed, what the run will reject or miss', () => {
    expect(scenario.warnings.map(formatProblem)).toEqual([
      'warn.yaml:8:8 classes.big: no pool can ever run this class: the pools with a chip it lists have nodes too small for a job of 16 chips; every job of it will be rejected',
      'warn.yaml:9:13 classes.npu-only: no pool can ever run this class: no pool has a chip it lists (npu); every job of it will be rejected',
      // 4 s of work at speed 0.5.
      'warn.yaml:11:85 classes.slow.slo.deadline: 2 s is shorter than the run of a job of mean size on the fastest chip that can run it (8 s in pool e/gpu): every job of this class misses it',
      // 2 chips × 2 an hour × one hour.
      'warn.yaml:12:88 classes.cheap.budget: 1 is below the cheapest placement of a job of mean size (4 in pool e/gpu, at its lowest price): such jobs are rejected as over budget',
      // West is weighted 1 in 4.
      'warn.yaml:16:28 workload[2].origin: no pool that can run class "near" is within circle city (1 ms) of region "west": 25% of this entry\'s jobs will be rejected',
      'warn.yaml:20:5 jobs[0]: 2 listed jobs (the first here) cannot meet their deadlines: their fastest possible runs are longer',
      'warn.yaml:21:5 jobs[1]: this listed job cannot stay within its budget: its cheapest placement costs more',
    ]);
  });

  it('say that an output without network.links is not modelled, and nothing about one with links', () => {
    const base = `name: out
chips: { gpu: { kind: gpu } }
regions: [{ name: east }, { name: west }]
sites: [{ name: w, region: west, pools: [{ chip: gpu, nodes: 1 }] }]
classes: { train: { speed: { gpu: 1 }, work: { dist: constant, value: 1 }, inputGB: 1, outputGB: 2 } }
jobs: [{ class: train, origin: east, arrival: 0, work: 1 }]
network:
  rttMs: { east: { w: 20 }, west: { w: 1 } }
`;
    expect(parseScenario(base, 'out.yaml').warnings.map(formatProblem)).toEqual([
      "out.yaml:5:98 classes.train.outputGB: outputs move back only over a shared network: without network.links this class's output is not modelled (its jobs complete when they finish computing)",
    ]);
    const linked = `${base}  links: [{ name: l, a: east, b: west, gbps: 8, latencyMs: 10 }]\n`;
    expect(parseScenario(linked, 'out.yaml').warnings).toEqual([]);
  });

  it('agree with what the run rejects, and why', () => {
    const r = runScenario(scenario);
    expect(Object.keys(r.rejectReasons).sort()).toEqual(['no-capable-chip', 'outside-circle', 'over-budget', 'too-large-for-any-pool']);
    // Every job with a deadline was warned about: none meets it.
    expect(r.slo.deadlineMet).toBe(0);
    const near = 0.2 * 2000;
    // A quarter of the near class's jobs come from the west: binomial, four standard errors.
    expect(Math.abs((r.rejectReasons['outside-circle'] ?? 0) - near / 4)).toBeLessThan(4 * Math.sqrt(near * 0.25 * 0.75) + 4 * Math.sqrt(near / 4));
  });

  it('stay silent when every job can be placed, as in the bundled scenarios', () => {
    for (const file of readdirSync(scenariosDir).filter((f) => f.endsWith('.yaml'))) {
      expect(loadScenarioFile(join(scenariosDir, file)).warnings.map(formatProblem), file).toEqual([]);
    }
  });
});

describe('ids two jobs may share', () => {
  const base = `name: ids
chips: { gpu: { kind: gpu } }
regions: [{ name: east }]
sites: [{ name: e, region: east, pools: [{ chip: gpu, nodes: 1 }] }]
classes: { c: { speed: { gpu: 1 }, work: { dist: constant, value: 1 } } }
`;
  const generated = 'workload: [{ class: c, origin: east, arrivals: { process: poisson, rate: 1 }, count: 10 }]\n';
  const why = 'jobs generated from the workload are known by their place in arrival order (0, 1, 2, …), so two jobs may share an id in the per-job rows and --explain';
  const warnings = (text: string): string[] => parseScenario(text, 'ids.yaml').warnings.map(formatProblem);

  it('warns at a listed job’s whole-number id beside generated jobs, which a run then shows shared', () => {
    // The fourth arrival (the listed job arrives at 0.5 s, among the generated ones) or a later one is job 3 too: at its value, col 14.
    const text = `${base}${generated}jobs: [{ id: 3, class: c, origin: east, arrival: 0.5, work: 1 }, { id: t7, class: c, origin: east, arrival: 0.6, work: 1 }]\n`;
    expect(warnings(text)).toEqual([`ids.yaml:7:14 jobs[0].id: id 3 is a whole number, and ${why}: give this job a name`]);
    const { jobs } = simulate(parseScenario(text, 'ids.yaml'));
    const ids = Array.from({ length: jobs.arrivals }, (_, job) => jobs.idOf(job));
    expect(ids.filter((id) => id === '3')).toHaveLength(2);
  });

  it('warns at an SWF log beside generated jobs: its jobs keep the log’s job numbers', () => {
    const swf = `${base}workload:\n  - { class: c, origin: east, arrivals: { process: poisson, rate: 1 }, count: 10 }\n  - { class: c, origin: east, trace: { format: swf, file: ../data/traces/swf/KTH-SP2-1996-2.1-cln.swf.gz } }\n`;
    expect(parseScenario(swf, 'ids.yaml', scenariosDir).warnings.map(formatProblem)).toEqual([`ids.yaml:8:38 workload[1].trace: the log's jobs keep their job numbers as ids, and ${why}`]);
  });

  it('counts several at the first, and says nothing without generated jobs or with named ids', () => {
    const two = `${base}${generated}jobs: [{ id: t, class: c, origin: east, arrival: 0, work: 1 }, { id: '12', class: c, origin: east, arrival: 0, work: 1 }, { id: 40, class: c, origin: east, arrival: 0, work: 1 }]\n`;
    expect(warnings(two)).toEqual([`ids.yaml:7:70 jobs[1].id: 2 listed jobs (the first here) have whole-number ids, and ${why}: give them names`]);
    expect(warnings(`${base}jobs: [{ id: 3, class: c, origin: east, arrival: 0, work: 1 }]\n`)).toEqual([]);
    expect(warnings(`${base}${generated}jobs: [{ id: j3, class: c, origin: east, arrival: 0, work: 1 }, { class: c, origin: east, arrival: 0, work: 1 }]\n`)).toEqual([]);
  });

  describe('without generated jobs', () => {
    /** A directory with a three-job SWF log (jobs 1, 2, 3) and a two-pod Alibaba pod list (p0, p1). */
    const withTraces = (fn: (dir: string) => void): void => {
      const dir = mkdtempSync(join(tmpdir(), 'manychip-ids-'));
      try {
        const row = (job: number): string => Array.from({ length: 18 }, (_, i) => ({ 0: String(job), 1: String(job), 3: '10', 4: '1', 7: '1' })[i] ?? '-1').join(' ');
        writeFileSync(join(dir, 'log.swf'), [row(1), row(2), row(3)].join('\n'));
        writeFileSync(join(dir, 'other.swf'), [row(1), row(2)].join('\n'));
        const pods = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n';
        writeFileSync(join(dir, 'pods.csv'), `${pods}p0,1000,1024,1,1000,,LS,Succeeded,1,50,1\np1,1000,1024,1,1000,,LS,Succeeded,2,50,2\n`);
        writeFileSync(join(dir, 'more-pods.csv'), `${pods}q0,1000,1024,1,1000,,LS,Succeeded,1,50,1\n`);
        fn(dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const entry = (trace: string): string => `  - { class: c, origin: east, trace: ${trace} }\n`;
    /** Each warning's line:col, found in the text, and its words. */
    const located = (text: string, dir: string): string[] => parseScenario(text, 'ids.yaml', dir).warnings.map(formatProblem);
    const at = (text: string, line: number, needle: string): string => `ids.yaml:${line}:${(text.split('\n')[line - 1] as string).indexOf(needle) + 1}`;
    const ids = (text: string, dir: string): string[] => {
      const { jobs } = simulate(parseScenario(text, 'ids.yaml', dir));
      return Array.from({ length: jobs.arrivals }, (_, job) => jobs.idOf(job));
    };

    it('warns at a second SWF log: both count their jobs from 1, and a run shows the ids shared', () => {
      withTraces((dir) => {
        const text = `${base}workload:\n${entry('{ format: swf, file: log.swf }')}${entry('{ format: swf, file: other.swf }')}`;
        expect(located(text, dir)).toEqual([
          `${at(text, 8, '{ format: swf, file: other')} workload[1].trace: the log's jobs keep their job numbers as ids, as do those of the log at workload[0] (both count from 1), so two jobs may share an id in the per-job rows and --explain`,
        ]);
        expect(ids(text, dir).sort()).toEqual(['1', '1', '2', '2', '3']);
      });
    });

    it('warns at a listed whole-number id beside an SWF log, and not at a named one', () => {
      withTraces((dir) => {
        const text = `${base}workload:\n${entry('{ format: swf, file: log.swf }')}jobs: [{ id: 2, class: c, origin: east, arrival: 0.5, work: 1 }]\n`;
        expect(located(text, dir)).toEqual([
          `${at(text, 8, '2, class')} jobs[0].id: id 2 is a whole number, and the SWF log at workload[0] keeps its job numbers as ids, so two jobs may share an id in the per-job rows and --explain: give this job a name`,
        ]);
        expect(ids(text, dir).filter((id) => id === '2')).toHaveLength(2);
        expect(located(`${base}workload:\n${entry('{ format: swf, file: log.swf }')}jobs: [{ id: j2, class: c, origin: east, arrival: 0.5, work: 1 }]\n`, dir)).toEqual([]);
        expect(located(`${base}jobs: [{ id: 2, class: c, origin: east, arrival: 0.5, work: 1 }]\n`, dir)).toEqual([]);
      });
    });

    it('warns at a second replay of one pod list, and not at another list or a lone log', () => {
      withTraces((dir) => {
        const pods = (file: string): string => entry(`{ format: alibaba-pods, file: ${file}, startAt: 0 }`);
        const text = `${base}workload:\n${pods('pods.csv')}${pods('pods.csv')}`;
        expect(located(text, dir)).toEqual([
          `${at(text, 8, 'pods.csv')} workload[1].trace.file: the pods keep their names as ids, and workload[0] replays the same file, so every pod's id is shared in the per-job rows and --explain`,
        ]);
        expect(ids(text, dir).sort()).toEqual(['p0', 'p0', 'p1', 'p1']);
        expect(located(`${base}workload:\n${pods('pods.csv')}${pods('more-pods.csv')}`, dir)).toEqual([]);
        expect(located(`${base}workload:\n${entry('{ format: swf, file: log.swf }')}`, dir)).toEqual([]);
      });
    });
  });
});
