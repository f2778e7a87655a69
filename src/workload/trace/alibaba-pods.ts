import type { ChipModel } from '../../model/cluster-model.js';
import { CsvSyntaxError, repeatedColumn, splitCsvLine } from '../../scenario/csv.js';
import { InputError } from '../../scenario/problem.js';
import { bounds, MAX_CHIPS_PER_JOB, outOfBound, type Bound } from '../../scenario/field-bounds.js';
import type { TraceSpec } from '../../scenario/schema.js';
import type { ExplicitJob } from '../arrival-source.js';
import { LineReader } from '../../io/line-reader.js';
import { TraceSource, type RowResult, type TraceSourceOptions } from './trace-source.js';

/** Columns every pod list has: a pod's demand. */
export const ALIBABA_DEMAND_COLUMNS = ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli'] as const;

/** Columns a pod list needs for a replay in time (the multigpu variants have no times and are for the placement protocol). */
export const ALIBABA_POD_COLUMNS = ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli', 'pod_phase', 'creation_time', 'deletion_time', 'scheduled_time'] as const;

const PHASES = new Set(['Running', 'Succeeded', 'Failed', 'Pending']);

type AlibabaSpec = Extract<TraceSpec, { format: 'alibaba-pods' }>;

/** A pod's demand as the trace gives it, with its GPU model constraint. */
export interface PodRequest {
  name: string;
  milliCpu: number;
  memMiB: number;
  gpus: number;
  /** Thousandths of one GPU per GPU: below 1000 only for one shared GPU. */
  gpuMilli: number;
  /** Allowed GPU models (empty: every model), duplicates removed. */
  models: string[];
  qos: string;
}

export interface AlibabaPodMapping {
  /** Class of pods whose QoS has no class of its own. */
  defaultClass: number;
  classByQos: ReadonlyMap<string, number>;
  chips: readonly ChipModel[];
  /** Per class, its speed per chip index (a pod may use only chips its class can run). */
  classSpeeds: readonly ArrayLike<number>[];
}

/** Column positions of a pod list, from its header. */
export class PodColumns {
  readonly index: Record<string, number> = Object.create(null) as Record<string, number>;
  constructor(readonly header: string[]) {
    header.forEach((name, i) => (this.index[name.trim()] = i));
  }

  /**
   * The header of `file` as a pod list that has `needed` columns (the
   * demand for the placement protocol; the times too for a replay in
   * time), or an input error at its first line naming what it lacks.
   */
  static require(header: string[], needed: readonly string[], file: string, withTimes: boolean): PodColumns {
    const columns = new PodColumns(header);
    const missing = needed.filter((c) => !columns.has(c));
    if (missing.length > 0) {
      throw new InputError([{ file, line: 1, path: '', message: `is not an Alibaba pod list${withTimes ? ' with times' : ''}: the header lacks ${missing.join(', ')} (needs ${needed.join(', ')})` }]);
    }
    return columns;
  }
  has(name: string): boolean {
    return name in this.index;
  }
}

/** A non-negative integer cell within `bound` (a scenario's own bound for the same quantity), or the reason it is not one. */
function integerCell(cells: string[], columns: PodColumns, name: string, bound: Bound = bounds.timeS): number | { field: string; message: string } {
  const text = (cells[columns.index[name] as number] ?? '').trim();
  if (!/^\d+$/.test(text)) return { field: `column ${name}`, message: text === '' ? 'is empty; a whole number is needed' : `"${text}" is not a whole number` };
  const why = outOfBound(Number(text), bound);
  return why === undefined ? Number(text) : { field: `column ${name}`, message: why };
}

const DEMAND_BOUNDS: Readonly<Record<string, Bound>> = {
  cpu_milli: bounds.milliCores,
  memory_mib: bounds.memMiB,
  num_gpu: bounds.wholeChipsPerJob,
  gpu_milli: { min: 0, max: MAX_CHIPS_PER_JOB * 1000, integer: true },
};

/**
 * Parses the demand columns of one pod row (all pod-list variants have
 * them): CPU in milli-cores, memory in MiB, GPUs and milli-GPU, the GPU
 * model constraint. Returns the problem when a value is malformed.
 */
export function parsePodRequest(cells: string[], columns: PodColumns): PodRequest | { field: string; message: string } {
  const values: number[] = [];
  for (const name of ['cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli']) {
    const v = integerCell(cells, columns, name, DEMAND_BOUNDS[name]);
    if (typeof v !== 'number') return v;
    values.push(v);
  }
  const [milliCpu, memMiB, gpus, gpuMilli] = values as [number, number, number, number];
  if (gpus === 1 && (gpuMilli < 1 || gpuMilli > 1000)) return { field: 'column gpu_milli', message: `${gpuMilli} is outside 1..1000 for a pod with one GPU` };
  const spec = columns.has('gpu_spec') ? (cells[columns.index.gpu_spec as number] ?? '').trim() : '';
  const models = [...new Set(spec.split('|').map((t) => t.trim()).filter((t) => t !== ''))];
  const qos = columns.has('qos') ? (cells[columns.index.qos as number] ?? '').trim() : '';
  return {
    name: (cells[columns.index.name as number] ?? '').trim(),
    milliCpu,
    memMiB,
    gpus,
    // Whole GPUs are whole: the trace gives 1000 for every multi-GPU pod; clamp as the authors' loader does.
    gpuMilli: gpus === 0 ? 0 : Math.min(gpuMilli, 1000),
    models,
    qos,
  };
}

/** Thousandths of a chip the pod holds: 0 for CPU only, a share of one GPU, or whole GPUs. */
export function podMilli(pod: Pick<PodRequest, 'gpus' | 'gpuMilli'>): number {
  if (pod.gpus === 0) return 0;
  return pod.gpus === 1 ? pod.gpuMilli : pod.gpus * 1000;
}

/**
 * A pod as a job to replay: its demand, `work` seconds (its own estimate:
 * the trace has no requests), the speed row of its model constraint, on
 * one node (never a gang across nodes, whatever the policy).
 */
export function podJob(pod: PodRequest, cls: number, work: number, speed: Float64Array | undefined): Omit<ExplicitJob, 'arrival' | 'origin'> {
  return {
    id: pod.name,
    cls,
    work,
    runtimeS: undefined,
    milli: podMilli(pod),
    milliCores: pod.milliCpu,
    memMiB: pod.memMiB,
    ...(speed === undefined ? {} : { speed }),
    inputGB: 0,
    deadlineS: NaN,
    budget: NaN,
    estimate: work,
    // A pod runs on one node: Kubernetes never spreads one over several.
    oneNode: true,
  };
}

/**
 * The column names of a pod list's header line, at `line` of `file`; none
 * if it is not CSV. A name given twice is an input error at its column:
 * the columns are looked up by name, so one of the two would be ignored.
 */
export function podHeader(text: string, file: string, line: number): string[] {
  const cols: number[] = [];
  let names: string[];
  try {
    names = splitCsvLine(text, file, line, cols);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return [];
    throw e;
  }
  const repeated = repeatedColumn(names, cols, line);
  if (repeated !== undefined) throw new InputError([{ file, line, col: repeated.col, path: '', message: repeated.reason }]);
  return names;
}

/** Splits a pod-list line into cells; a CSV syntax problem comes back as a row problem. */
export function podCells(text: string, file: string, line: number): string[] | { field: string; message: string } {
  try {
    return splitCsvLine(text, file, line);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { field: 'line', message: e.reason };
    throw e;
  }
}

/**
 * The trace time where the replay starts: the first deletion time, when
 * the trace's observation window opens. Nothing in the Alibaba 2023 trace
 * ends before it; the few pods created earlier (33 of 8,152, over 115
 * days) are those alive when the window opened. One streaming pass over
 * the deletion column.
 */
export function podTraceStart(path: string, name = path): number {
  const reader = new LineReader(path, { what: 'Alibaba pod list', name });
  try {
    const columns = new PodColumns(podHeader(reader.next() ?? '', path, 1));
    const at = columns.index.deletion_time;
    if (at === undefined) return 0;
    let first = Infinity;
    for (let text = reader.next(); text !== undefined; text = reader.next()) {
      const cells = podCells(text, path, reader.lineNumber);
      const t = Array.isArray(cells) ? Number(cells[at]) : NaN;
      if (text.trim() !== '' && Number.isFinite(t) && t < first) first = t;
    }
    return first === Infinity ? 0 : first;
  } finally {
    reader.close();
  }
}

/**
 * Pods of the Alibaba cluster-trace-gpu-v2023 as arrivals. A pod arrives at
 * its creation time and runs from its scheduled time to its deletion time:
 * - a pod still Running when the trace ends has the trace's last word on
 *   it as its deletion time, so its run is censored there;
 * - a Pending pod was never scheduled: it runs for its whole lifetime
 *   (creation to deletion), or is left out with `pending: skip`;
 * - pods created before `startAt` arrive at 0 with the part of their run
 *   inside the window.
 * It takes its CPU (milli-cores) and memory (MiB) of one node, a share of
 * one GPU (gpu_milli / 1000), whole GPUs, or none (CPU-only pods); a GPU
 * model constraint (gpu_spec) becomes a speed row that lists only those
 * models. Policies are told the true run time: the trace has no requests.
 */
export class AlibabaPodSource extends TraceSource {
  private columns: PodColumns | undefined;
  private readonly speedRows = new Map<string, Float64Array>();
  private readonly begin: number;

  constructor(
    path: string,
    private readonly spec: AlibabaSpec,
    private readonly mapping: AlibabaPodMapping,
    options: Omit<TraceSourceOptions, 'startAt'>,
  ) {
    const begin = spec.startAt === 'auto' ? podTraceStart(path, options.displayName) : spec.startAt;
    super(path, { ...options, startAt: begin });
    this.begin = begin;
    this.first();
  }

  protected parseRow(text: string, line: number): RowResult {
    if (text.trim() === '') return { kind: 'none' };
    const cells = podCells(text, this.options.displayName, line);
    if (!Array.isArray(cells)) return { kind: 'bad', problem: cells };
    if (this.columns === undefined) {
      this.columns = PodColumns.require(podHeader(text, this.options.displayName, line), ALIBABA_POD_COLUMNS, this.options.displayName, true);
      return { kind: 'none' };
    }
    const columns = this.columns;
    if (cells.length !== columns.header.length) {
      return { kind: 'bad', problem: { field: 'line', message: `has ${cells.length} fields; the header has ${columns.header.length}` } };
    }
    const pod = parsePodRequest(cells, columns);
    if ('field' in pod) return { kind: 'bad', problem: pod };
    const phase = (cells[columns.index.pod_phase as number] ?? '').trim();
    if (!PHASES.has(phase)) return { kind: 'bad', problem: { field: 'column pod_phase', message: `"${phase}" is not one of Running, Succeeded, Failed, Pending` } };
    const created = integerCell(cells, columns, 'creation_time');
    if (typeof created !== 'number') return { kind: 'bad', problem: created };
    const deleted = integerCell(cells, columns, 'deletion_time');
    if (typeof deleted !== 'number') return { kind: 'bad', problem: deleted };
    if (deleted < created) return { kind: 'bad', problem: { field: 'column deletion_time', message: `${deleted} is before creation_time ${created}` } };
    let started = created;
    const scheduledText = (cells[columns.index.scheduled_time as number] ?? '').trim();
    if (scheduledText === '') {
      if (phase !== 'Pending') return { kind: 'bad', problem: { field: 'column scheduled_time', message: `is empty for a ${phase} pod (only Pending pods may lack it)` } };
      if (this.spec.pending === 'skip') return { kind: 'skip', rule: 'Pending (never scheduled; pending: skip)' };
    } else {
      const scheduled = integerCell(cells, columns, 'scheduled_time');
      if (typeof scheduled !== 'number') return { kind: 'bad', problem: scheduled };
      if (scheduled < created || scheduled > deleted) {
        return { kind: 'bad', problem: { field: 'column scheduled_time', message: `${scheduled} is outside creation_time..deletion_time (${created}..${deleted})` } };
      }
      started = scheduled;
    }
    const run = Math.max(0, deleted - Math.max(started, this.begin)) * this.spec.runtimeScale;
    if (run === 0 && deleted <= this.begin) return { kind: 'skip', rule: 'deleted before the replay starts' };
    const cls = this.mapping.classByQos.get(pod.qos) ?? this.mapping.defaultClass;
    const speed = speedRowFor(pod, cls, this.mapping.classSpeeds[cls] ?? [], this.mapping.chips, this.speedRows);
    return {
      kind: 'job',
      time: created,
      job: podJob(pod, cls, run, speed),
    };
  }
}

/**
 * The speed row for a GPU pod: its class's speeds, on the GPU models the
 * pod allows (every chip that is not a CPU when it names none), 0 on the
 * rest; one array per (class, constraint), kept in `rows`. CPU-only pods
 * use their class's speeds (undefined).
 */
export function speedRowFor(
  pod: Pick<PodRequest, 'gpus' | 'models'>,
  cls: number,
  classSpeeds: ArrayLike<number>,
  chips: readonly { readonly name: string; readonly kind: string }[],
  rows: Map<string, Float64Array>,
): Float64Array | undefined {
  if (pod.gpus === 0) return undefined;
  const key = `${cls}:${pod.models.join('|')}`;
  let row = rows.get(key);
  if (row === undefined) {
    const allowed = new Set(pod.models);
    row = Float64Array.from(chips, (c, i) => (c.kind !== 'cpu' && (allowed.size === 0 || allowed.has(c.name)) ? (classSpeeds[i] ?? 0) : 0));
    rows.set(key, row);
  }
  return row;
}
