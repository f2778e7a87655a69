import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importTrace, type AlibabaFacts, type GavelFacts, type SwfFacts } from '../../src/import/index.js';
import { InputError, loadScenarioFile, parseScenario, runScenario } from '../../src/index.js';
import { importName } from '../../src/import/scenario-yaml.js';
import { RESERVED_NAMES } from '../../src/scenario/data-shape.js';
import { dataTrace, repoRoot } from '../helpers/data-traces.js';

// The project's own copies of the traces (gzip, read as they are).
const kth = dataTrace('swf', 'KTH-SP2-1996-2.1-cln.swf.gz');
const pods = dataTrace('alibaba-gpu-2023', 'openb_pod_list_default.csv.gz');
const allNodes = dataTrace('alibaba-gpu-2023', 'openb_node_list_all_node.csv.gz');
const gavel = dataTrace('gavel', 'simulation_throughputs.json.gz');

const dir = mkdtempSync(join(tmpdir(), 'manychip-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the skeleton where it was made for, loads it as any scenario and runs it. */
function roundTrip(yaml: string, name: string): ReturnType<typeof runScenario> {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  const r = runScenario(loadScenarioFile(file));
  expect(r.jobs.arrived).toBeGreaterThan(0);
  expect(r.jobs.arrived).toBe(r.jobs.completed + r.jobs.rejected + r.jobs.failed + r.jobs.unfinished);
  return r;
}

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('importTrace swf', () => {
  it('gathers the facts of the KTH SP2 log from its header and one pass over its job lines', () => {
    const { facts } = importTrace('swf', kth, { baseDir: dir });
    const f = facts as SwfFacts;
    expect(f.format).toBe('swf');
    expect(f.jobs).toBe(28_476);
    expect(f.malformed).toBe(0);
    expect(f.header).toMatchObject({ computer: 'IBM SP2', installation: 'Swedish Royal Institute of Technology (KTH)', acknowledge: 'Lars Malinowsky', maxProcs: 100, maxNodes: 100, unixStartTime: 843_480_031 });
    expect(f.machineProcs).toBe(100);
    expect(f.maxRequestedProcs).toBe(100);
    expect(f.unusable).toBe(1); // the one job with -1 in both processor fields
    expect((f.spanS / 86400).toFixed(1)).toBe('332.9');
    expect(f.requestedTimeShare).toBe(1);
  });

  it('writes one pool of MaxProcs single-chip nodes, the log in place, EASY backfilling and the facts as comments', () => {
    const { yaml } = importTrace('swf', kth);
    const s = parse(yaml) as Record<string, unknown>;
    expect(s).toMatchObject({
      chips: { 'ibm-sp2': { kind: 'cpu' } },
      sites: [{ pools: [{ chip: 'ibm-sp2', nodes: 100, chipsPerNode: 1 }] }],
      classes: { batch: { speed: { 'ibm-sp2': 1 }, work: { dist: 'constant', value: 0 } } },
      workload: [{ class: 'batch', trace: { format: 'swf', file: kth } }],
      policy: 'easy-backfill',
    });
    expect(yaml).toContain('# 28,476 job lines (none malformed) over 332.9 days');
    expect(yaml).toContain('# Computer: IBM SP2\n# Installation: Swedish Royal Institute of Technology (KTH)\n');
    expect(yaml).toContain('# Log: Lars Malinowsky');
    expect(yaml).toContain("work: { dist: constant, value: 0 } # every job’s work comes from the log");
    expect(yaml).not.toContain('yaml-language-server');
  });

  it('names the log relative to the scenario’s directory when it is known, by its absolute path when not', () => {
    const { yaml } = importTrace('swf', kth, { baseDir: join(repoRoot, 'scenarios') });
    expect(yaml).toContain('trace: { format: swf, file: ../data/traces/swf/KTH-SP2-1996-2.1-cln.swf.gz }');
    const named = (yaml: string): string => (parse(yaml) as { workload: { trace: { file: string } }[] }).workload[0]?.trace.file ?? '';
    expect(named(importTrace('swf', kth).yaml)).toBe(kth);
    // Relative to a scenario folder anywhere, the name leads back to the log.
    expect(resolve(dir, named(importTrace('swf', kth, { baseDir: dir }).yaml))).toBe(kth);
  });

  it('round-trips: the skeleton of the first 2,000 lines of KTH loads and runs, every job accounted for', () => {
    const part = join(dir, 'kth-2000.swf');
    writeFileSync(part, `${gunzipSync(readFileSync(kth)).toString('utf8').split('\n').slice(0, 2000).join('\n')}\n`);
    const { yaml, facts } = importTrace('swf', part, { baseDir: dir });
    expect((facts as SwfFacts).jobs).toBe(2000 - 24);
    expect(yaml).toContain('file: kth-2000.swf');
    const r = roundTrip(yaml, 'kth-2000.yaml');
    expect(r.jobs.arrived).toBe(2000 - 24);
  });

  it('refuses a file that is not an SWF log, naming the first line that is not a job', () => {
    expect(problemOf(() => importTrace('swf', pods))).toBe(`${pods} is not an SWF log: no line is a job of 18 numeric fields (line 1 has 1 field; an SWF job line has 18)`);
  });

  it('refuses a missing file in one sentence', () => {
    expect(problemOf(() => importTrace('swf', join(dir, 'nowhere.swf')))).toBe(`${join(dir, 'nowhere.swf')} cannot read SWF log: no such file`);
  });
});

describe('importTrace alibaba-pods', () => {
  it('gathers the facts of the default pod list and the whole node list', () => {
    const f = importTrace('alibaba-pods', pods, { nodes: allNodes }).facts as AlibabaFacts;
    expect(f.pods).toBe(8_152);
    expect(f.malformed).toBe(0);
    expect(f.phases).toEqual({ Running: 5_193, Succeeded: 192, Failed: 1_870, Pending: 897 });
    expect(f.cpuOnlyPods).toBe(1_088);
    expect(f.startS).toBe(9_964_972);
    expect(f.createdBeforeStart).toBe(33);
    expect(f.lastDeletionS).toBe(12_902_960);
    expect(f.nodes.total).toBe(1_523);
    expect(f.nodes.cpuOnly).toBe(310);
    expect(Object.values(f.nodes.gpusByModel).reduce((a, b) => a + b, 0)).toBe(6_212);
    expect(f.unknownModels).toEqual([]);
  });

  it('writes a GPU chip per model and a cpu chip, the site read from the node list, one class on every chip', () => {
    const { yaml } = importTrace('alibaba-pods', pods, { nodes: allNodes });
    const s = parse(yaml) as { chips: Record<string, { kind: string }>; classes: { pod: { speed: Record<string, number> } }; sites: unknown[] };
    expect(Object.keys(s.chips).sort()).toEqual(['A10', 'G2', 'G3', 'P100', 'T4', 'V100M16', 'V100M32', 'cpu']);
    expect(s.chips.cpu).toEqual({ kind: 'cpu' });
    expect(s.chips.T4).toEqual({ kind: 'gpu' });
    expect(Object.keys(s.classes.pod.speed).sort()).toEqual(Object.keys(s.chips).sort());
    expect(s.sites).toEqual([{ from: { format: 'alibaba-nodes', file: allNodes, site: 'alibaba', region: 'local' } }]);
    expect(yaml).toContain('phases: Running 5,193, Succeeded 192, Failed 1,870, Pending 897');
    expect(yaml).toContain('Start rule (startAt: auto): trace time 9,964,972 s, the first deletion, becomes 0');
  });

  it('round-trips: the skeleton loads and replays all pods, every one accounted for', () => {
    const { yaml } = importTrace('alibaba-pods', pods, { nodes: allNodes, baseDir: dir });
    roundTrip(yaml, 'alibaba.yaml');
  });

  it('needs the node list', () => {
    expect(problemOf(() => importTrace('alibaba-pods', pods))).toBe(
      `${pods} an Alibaba pod list needs its node list (openb_node_list_*.csv) to describe the cluster: give --nodes <file>`,
    );
  });

  it('refuses a pod list without times, and a node list that is not one', () => {
    const multigpu = dataTrace('alibaba-gpu-2023', 'openb_pod_list_multigpu50.csv.gz');
    expect(problemOf(() => importTrace('alibaba-pods', multigpu, { nodes: allNodes }))).toMatch(/:1:1 is not an Alibaba pod list: the header lacks pod_phase, creation_time, deletion_time, scheduled_time/);
    expect(problemOf(() => importTrace('alibaba-pods', pods, { nodes: pods }))).toMatch(/:1:1 is not an Alibaba node list: the header lacks sn, gpu, model/);
  });

  it('says so at the header’s own line when blank lines or comments come first', () => {
    const late = join(dir, 'late-header-pods.csv');
    writeFileSync(late, '\n\nname,cpu_milli\np0,1000\n');
    expect(problemOf(() => importTrace('alibaba-pods', late, { nodes: allNodes }))).toMatch(/late-header-pods\.csv:3:1 is not an Alibaba pod list: the header lacks/);
    const lateNodes = join(dir, 'late-header-nodes.csv');
    writeFileSync(lateNodes, '# a node list without its columns\nsn,cpu_milli\nn0,1000\n');
    expect(problemOf(() => importTrace('alibaba-pods', pods, { nodes: lateNodes }))).toMatch(/late-header-nodes\.csv:2:1 is not an Alibaba node list: the header lacks/);
  });
});

describe('importTrace alibaba-pods, a header naming a column twice', () => {
  it('refuses the pod list and the node list at the second name', () => {
    const podList = join(dir, 'twice-pods.csv');
    writeFileSync(podList, 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,pod_phase,creation_time,deletion_time,deletion_time,scheduled_time\npod-a,1000,1024,0,0,Running,0,100,50,0\n');
    const nodeList = join(dir, 'twice-nodes.csv');
    writeFileSync(nodeList, 'sn,cpu_milli,memory_mib,gpu,gpu,model\nnode-0,96000,393216,8,2,G2\n');
    const smallNodes = resolve(import.meta.dirname, '../fixtures/traces/small-nodes.csv');
    expect(problemOf(() => importTrace('alibaba-pods', podList, { nodes: smallNodes }))).toBe(`${podList}:1:83 column "deletion_time" appears twice (first at 1:69)`);
    expect(problemOf(() => importTrace('alibaba-pods', podList, { nodes: nodeList }))).toBe(`${nodeList}:1:29 column "gpu" appears twice (first at 1:25)`);
  });
});

describe('importTrace gavel', () => {
  it('writes one class per job type at scale factor 1: 26, on k80, p100 and v100', () => {
    const { yaml, facts } = importTrace('gavel', gavel, { baseDir: dir });
    const f = facts as GavelFacts;
    expect(f.classes).toBe(26);
    expect(f.workerTypes).toEqual(['k80', 'p100', 'v100']);
    const s = parse(yaml) as { chips: Record<string, unknown>; classes: Record<string, { speed: Record<string, number>; chips: number }>; workload: { count: number }[] };
    expect(s.chips).toEqual({ k80: { kind: 'gpu' }, p100: { kind: 'gpu' }, v100: { kind: 'gpu' } });
    expect(Object.keys(s.classes)).toHaveLength(26);
    expect(s.classes['resnet-50-bs64-x1']).toMatchObject({ speed: { k80: 0.1409, p100: 0.596, v100: 1 }, chips: 1 });
    expect(s.workload).toHaveLength(26);
    expect(yaml).toContain('placeholder: 8 nodes × 4 GPUs of each type');
    expect(yaml).toContain('work: a placeholder');
  });

  it('takes another scale factor, and refuses one the table does not have', () => {
    expect((importTrace('gavel', gavel, { scaleFactor: 2 }).facts as GavelFacts).classes).toBe(19);
    expect(problemOf(() => importTrace('gavel', gavel, { scaleFactor: 3 }))).toBe(`${gavel} no job is measured at scale factor 3 — available: 1, 2, 4, 8`);
  });

  it('round-trips at scale factors 1 and 8 (a gang of two 4-GPU nodes): the skeleton loads and runs', () => {
    const r = roundTrip(importTrace('gavel', gavel, { baseDir: dir }).yaml, 'gavel.yaml');
    expect(r.jobs.arrived).toBe(26 * 10);
    roundTrip(importTrace('gavel', gavel, { baseDir: dir, scaleFactor: 8 }).yaml, 'gavel-x8.yaml');
  });

  it('refuses a file that is not JSON', () => {
    expect(problemOf(() => importTrace('gavel', pods))).toBe(`${pods} is not a Gavel throughput table: a JSON map of worker types is needed; the file starts with "name,cpu_milli,memory_mib,num_…"`);
  });
});

describe('names an importer derives from a trace', () => {
  const reserved = [...RESERVED_NAMES];
  /** Text a header or file name may hold: a reserved name (as it is, in capitals, padded) or anything on one line. */
  const headerText = fc.oneof(
    fc.constantFrom(...reserved),
    fc.constantFrom(...reserved).map((n) => ` ${n.toUpperCase()} `),
    fc.string({ unit: 'grapheme', maxLength: 40 }).filter((t) => !/[\r\n]/.test(t)),
  );
  const fileStem = fc.oneof(fc.constantFrom(...reserved), fc.stringMatching(/^[A-Za-z0-9_. -]{1,30}$/)).filter((t) => t !== '.' && t !== '..');

  it('are never a name the scenario check refuses: the SWF skeleton validates whatever its header and file name say (property)', () => {
    let n = 0;
    fc.assert(
      fc.property(headerText, headerText, fileStem, (computer, installation, stem) => {
        const sub = join(dir, `names-${n++}`);
        mkdirSync(sub);
        const file = join(sub, `${stem}.swf`);
        writeFileSync(file, `; Computer: ${computer}\n; Installation: ${installation}\n1 0 5 100 2 -1 -1 2 200 -1 1 1 1 -1 -1 -1 -1 -1\n`);
        const { yaml } = importTrace('swf', file, { baseDir: sub });
        expect(() => parseScenario(yaml, join(sub, 'imported.yaml'), sub)).not.toThrow();
      }),
      { numRuns: 150 },
    );
  });

  it('keep a reserved word readable, with what it names after it', () => {
    expect(importName('constructor', 'cpu')).toBe('constructor-cpu');
    expect(importName('Prototype', 'site')).toBe('prototype-site');
    expect(importName('__proto__', 'cpu')).toBe('proto');
    expect(importName('IBM SP2', 'cpu')).toBe('ibm-sp2');
    expect(importName('***', 'cpu')).toBe('cpu');
  });

  it('give Gavel worker types chip names the scenario accepts, each its own, and the skeleton validates', () => {
    const table = join(dir, 'reserved-workers.json');
    writeFileSync(table, JSON.stringify({ constructor: { "('A3C', 1)": { null: 1.5 } }, V100: { "('A3C', 1)": { null: 3 } }, v100: { "('A3C', 1)": { null: 3 } } }));
    const { yaml } = importTrace('gavel', table, { baseDir: dir });
    const s = parse(yaml) as { chips: Record<string, unknown>; classes: Record<string, { speed: Record<string, number> }> };
    expect(Object.keys(s.chips)).toEqual(['constructor-gpu', 'v100', 'v100-2']);
    expect(s.classes['a3c-x1']?.speed).toEqual({ 'constructor-gpu': 0.5, v100: 1, 'v100-2': 1 });
    expect(() => parseScenario(yaml, join(dir, 'gavel-names.yaml'), dir)).not.toThrow();
  });
});
