import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RngStreams } from '../../../src/engine/rng.js';
import type { ChipModel } from '../../../src/model/cluster-model.js';
import { InputError } from '../../../src/scenario/problem.js';
import { scenarioSchema, type TraceSpec } from '../../../src/scenario/schema.js';
import { OriginPicker } from '../../../src/workload/arrival-source.js';
import { readPodList } from '../../../src/workload/trace/alibaba-protocol.js';
import { AlibabaPodSource, parsePodRequest, PodColumns, podTraceStart } from '../../../src/workload/trace/alibaba-pods.js';
import { dataTrace } from '../../helpers/data-traces.js';

const DEFAULT = dataTrace('alibaba-gpu-2023', 'openb_pod_list_default.csv.gz');
const GPUSPEC = dataTrace('alibaba-gpu-2023', 'openb_pod_list_gpuspec33.csv.gz');
const MALFORMED = resolve(__dirname, '../../fixtures/traces/malformed-pods.csv');
const chips: ChipModel[] = ['cpu', 'T4', 'P100', 'V100M16', 'V100M32', 'G2'].map((name, index) => ({ index, name, kind: name === 'cpu' ? 'cpu' : 'gpu' }));

function spec(overrides: Record<string, unknown> = {}): Extract<TraceSpec, { format: 'alibaba-pods' }> {
  const parsed = scenarioSchema().shape.workload.parse([{ class: 'c', origin: 'r', trace: { format: 'alibaba-pods', file: 'x', ...overrides } }]);
  return parsed[0]?.trace as never;
}

/** Class 0 runs every GPU model at speed 1; class 1 (BE pods) runs no G2 and the rest at 2. */
const classSpeeds = [Float64Array.from(chips, (c) => (c.kind === 'cpu' ? 0 : 1)), Float64Array.from(chips, (c) => (c.kind === 'cpu' || c.name === 'G2' ? 0 : 2))];

function podSource(path: string, s = spec(), strict = false): AlibabaPodSource {
  return new AlibabaPodSource(path, s, { defaultClass: 0, classByQos: new Map([['BE', 1]]), chips, classSpeeds }, {
    displayName: path.split('/').at(-1) as string,
    count: Infinity,
    timeScale: s.timeScale,
    strict,
    origins: new OriginPicker([[0, 1]]),
    rng: new RngStreams(1).stream('arrivals:0'),
  });
}

interface Pod {
  speeds?: number[];
  id: string;
  cls: number;
  arrival: number;
  work: number;
  milli: number;
  cores: number;
  mem: number;
  models: string[] | undefined;
}

function drain(source: AlibabaPodSource): Pod[] {
  const out: Pod[] = [];
  while (source.nextTime < Infinity) {
    const j = source.explicit;
    if (j === undefined) throw new Error('a pending arrival without its job');
    const models = j.speed === undefined ? undefined : chips.filter((c) => (j.speed?.[c.index] ?? 0) > 0).map((c) => c.name);
    out.push({ id: j.id, cls: j.cls, arrival: j.arrival, work: j.work, milli: j.milli, cores: j.milliCores ?? -1, mem: j.memMiB ?? -1, models, ...(j.speed === undefined ? {} : { speeds: Array.from(j.speed) }) });
    source.advance();
  }
  return out;
}

describe('the Alibaba GPU 2023 pod list', () => {
  it('starts the replay where the observation window opens (the first deletion)', () => {
    expect(podTraceStart(DEFAULT)).toBe(9_964_972);
  });

  it('replays every pod but the one deleted at the window’s opening, in creation order', () => {
    const source = podSource(DEFAULT);
    const pods = drain(source);
    expect(pods).toHaveLength(8_151);
    expect(source.warnings()).toEqual(['openb_pod_list_default.csv.gz: 1 job skipped: deleted before the replay starts']);
    // openb-pod-0000,12000,16384,1,1000,,LS,Running,0,12537496,0: alive when the window opens, so it arrives at 0 with the rest of its run.
    expect(pods[0]).toEqual({ id: 'openb-pod-0000', cls: 0, arrival: 0, work: 12_537_496 - 9_964_972, milli: 1000, cores: 12_000, mem: 16_384, models: ['T4', 'P100', 'V100M16', 'V100M32', 'G2'], speeds: [0, 1, 1, 1, 1, 1] });
    for (let i = 1; i < pods.length; i++) expect((pods[i] as Pod).arrival).toBeGreaterThanOrEqual((pods[i - 1] as Pod).arrival);
    // The README's counts: 1,088 CPU-only pods, 3,078 that share one GPU, 75 on several GPUs.
    expect(pods.filter((p) => p.milli === 0)).toHaveLength(1_088);
    expect(pods.filter((p) => p.milli > 0 && p.milli < 1000)).toHaveLength(3_078);
    expect(pods.filter((p) => p.milli > 1000)).toHaveLength(75);
    // 897 Pending pods run for their lifetime; the 3,398 BE pods take class 1.
    expect(pods.filter((p) => p.cls === 1)).toHaveLength(3_398);
  });

  it('leaves Pending pods out when asked, saying how many', () => {
    const source = podSource(DEFAULT, spec({ pending: 'skip' }));
    expect(drain(source)).toHaveLength(8_151 - 897);
    expect(source.warnings()).toContain('openb_pod_list_default.csv.gz: 897 jobs skipped: Pending (never scheduled; pending: skip)');
  });

  it('lets a GPU pod use only chips its class runs, at its class’s speeds', () => {
    const pods = drain(podSource(DEFAULT));
    // BE pods are class 1: no G2 (index 5), speed 2 elsewhere, never the CPU.
    const be = pods.find((p) => p.cls === 1 && p.milli > 0);
    expect(be?.speeds).toEqual([0, 2, 2, 2, 2, 0]);
  });

  it('turns GPU model constraints into speed rows, duplicates and all', () => {
    const pods = drain(podSource(GPUSPEC));
    const constrained = pods.filter((p) => p.milli > 0 && p.models !== undefined && p.models.length < 5);
    // 2,388 GPU pods carry a constraint; those naming only A10 or G3 (not chips of this test) can run nowhere here.
    expect(constrained.length).toBeGreaterThan(2_000);
    const v100 = pods.find((p) => p.id === pods.find((q) => q.models?.join() === 'V100M16,V100M32')?.id);
    expect(v100?.models).toEqual(['V100M16', 'V100M32']);
  });
});

describe('malformed pod rows', () => {
  it('are skipped and counted by default, with the first named', () => {
    const source = podSource(MALFORMED, spec({ startAt: 0 }));
    const pods = drain(source);
    expect(pods.map((p) => p.id)).toEqual(['pod-a', 'pod-c', 'pod-e']);
    expect(pods[1]).toMatchObject({ milli: 2000, models: ['T4'], cls: 1, work: 760 });
    // A Pending pod runs for its lifetime.
    expect(pods[2]).toMatchObject({ milli: 0, work: 550, models: undefined });
    expect(source.warnings()).toEqual([
      'malformed-pods.csv: 6 malformed rows skipped (first at line 3, column gpu_milli: 1500 is outside 1..1000 for a pod with one GPU); --strict fails on them instead',
    ]);
  });

  it('fail the run under strict, naming file, line and column', () => {
    let message = '';
    try {
      drain(podSource(MALFORMED, spec({ startAt: 0 }), true));
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      message = (e as Error).message;
    }
    expect(message).toBe('malformed-pods.csv:3:1 column gpu_milli: 1500 is outside 1..1000 for a pod with one GPU');
  });
});

describe('pod demands beyond a scenario’s bounds', () => {
  it('are malformed, with the bound a pool or job of the scenario keeps to', () => {
    const columns = new PodColumns(['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli']);
    expect(parsePodRequest(['p', '99999999999999', '1024', '1', '500'], columns)).toEqual({ field: 'column cpu_milli', message: 'must be at most 1000000000; got 99999999999999' });
    expect(parsePodRequest(['p', '1000', '1024', '10000000', '1000'], columns)).toEqual({ field: 'column num_gpu', message: 'must be at most 1000000; got 10000000' });
    expect(parsePodRequest(['p', '1000', '1024', '1', '500'], columns)).toMatchObject({ milliCpu: 1000, gpus: 1, gpuMilli: 500 });
  });
});

describe('a pod list whose header names a column twice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manychip-pods-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'twice.csv');
  writeFileSync(file, 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_milli,pod_phase,creation_time,deletion_time,scheduled_time\npod-a,1000,1024,1,500,250,Running,0,100,0\n');
  const refusal = (read: () => unknown): string => {
    try {
      read();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error('expected the pod list to be refused');
  };

  it('is refused by the replay at the second name: the pod would silently take one of the two values', () => {
    expect(refusal(() => drain(podSource(file, spec({ startAt: 0 }))))).toBe('twice.csv:1:45 column "gpu_milli" appears twice (first at 1:35)');
  });

  it('is refused by the placement protocol’s reader too', () => {
    expect(refusal(() => readPodList(file, 'twice.csv'))).toBe('twice.csv:1:45 column "gpu_milli" appears twice (first at 1:35)');
  });
});
