import { sitesFromAlibabaNodes } from '../scenario/alibaba-nodes.js';
import { MAX_DATA_FILE_BYTES } from '../scenario/parse-scenario.js';
import { CsvSyntaxError, readCsvFile, type CsvTable } from '../scenario/csv.js';
import { InputError, type Problem } from '../scenario/problem.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { LineReader } from '../io/line-reader.js';
import { ALIBABA_POD_COLUMNS, parsePodRequest, podCells, podHeader, podTraceStart } from '../workload/trace/alibaba-pods.js';
import { checkReadable, days, IMPORT_REGION, nameFromFile, pathFromScenario, plural, scenarioYaml, type SkeletonOptions } from './scenario-yaml.js';

/** The chip of nodes without GPUs, as `sitesFromAlibabaNodes` names it by default. */
const CPU_CHIP = 'cpu';

/** What a pass over an Alibaba GPU 2023 pod list and its node list tells. */
export interface AlibabaFacts {
  format: 'alibaba-pods';
  /** Pod rows (not counting the header or blank lines). */
  pods: number;
  /** Rows a replay skips as malformed. */
  malformed: number;
  firstMalformed?: { line: number; message: string };
  /** Pods by final phase (Running, Succeeded, Failed, Pending), in order of first appearance. */
  phases: Record<string, number>;
  /** Pods asking for no GPU. */
  cpuOnlyPods: number;
  /** Earliest and latest creation_time, and latest deletion_time, seconds. */
  firstCreationS: number;
  lastCreationS: number;
  lastDeletionS: number;
  /** Trace time that becomes 0 in the replay (`startAt: auto`): the first deletion. */
  startS: number;
  /** Pods created before `startS`: they arrive at 0 with the rest of their life. */
  createdBeforeStart: number;
  /** GPU models pods ask for (gpu_spec) that no node has: those pods can never run. */
  unknownModels: string[];
  nodes: {
    total: number;
    cpuOnly: number;
    /** GPUs by model, in node-list order. */
    gpusByModel: Record<string, number>;
    /** Distinct node shapes (the pools of the site). */
    pools: number;
  };
}

interface NodeFacts {
  nodes: AlibabaFacts['nodes'];
  chips: string[];
}

/** Reads the node list as the scenario will (`from: { format: alibaba-nodes }`), reporting its problems the same way. */
function nodeFacts(nodesFile: string): NodeFacts {
  checkReadable(nodesFile, 'Alibaba node list');
  const problems: Problem[] = [];
  let table: CsvTable;
  try {
    table = readCsvFile(nodesFile, { what: 'Alibaba node list', limitBytes: MAX_DATA_FILE_BYTES });
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new InputError([e.problem]);
    throw e;
  }
  const sites = sitesFromAlibabaNodes(table, { site: 'alibaba', cpuChip: CPU_CHIP, prices: {} }, problems);
  if (problems.length > 0) throw new InputError(problems);
  const pools = sites.flatMap((s) => s.pools);
  if (pools.length === 0) throw InputError.single(nodesFile, 'has no nodes');
  const gpusByModel: Record<string, number> = {};
  let cpuOnly = 0;
  for (const p of pools) {
    if (p.chip === CPU_CHIP) cpuOnly += p.nodes;
    else gpusByModel[p.chip] = (gpusByModel[p.chip] ?? 0) + p.nodes * p.chipsPerNode;
  }
  const chips = [...Object.keys(gpusByModel), ...(cpuOnly > 0 ? [CPU_CHIP] : [])];
  return { nodes: { total: pools.reduce((n, p) => n + p.nodes, 0), cpuOnly, gpusByModel, pools: pools.length }, chips };
}

/** Streams a pod list once. Throws an `InputError` for a file that is not one. */
function podFacts(file: string, models: ReadonlySet<string>): Omit<AlibabaFacts, 'format' | 'nodes'> {
  checkReadable(file, 'Alibaba pod list');
  const reader = new LineReader(file, { what: 'Alibaba pod list' });
  let header: string[] | undefined;
  const index: Record<string, number> = {};
  let pods = 0;
  let malformed = 0;
  let firstMalformed: AlibabaFacts['firstMalformed'];
  const phases: Record<string, number> = {};
  let cpuOnlyPods = 0;
  let firstCreationS = Infinity;
  let lastCreationS = -Infinity;
  let lastDeletionS = -Infinity;
  const creations: number[] = [];
  const unknownModels = new Set<string>();
  const bad = (line: number, message: string): void => {
    malformed++;
    firstMalformed ??= { line, message };
  };
  try {
    for (let text = reader.next(); text !== undefined; text = reader.next()) {
      if (text.trim() === '') continue;
      const cells = podCells(text, file, reader.lineNumber);
      if (header === undefined) {
        header = podHeader(text, file, reader.lineNumber);
        const missing = ALIBABA_POD_COLUMNS.filter((c) => !header?.includes(c));
        if (missing.length > 0) {
          throw new InputError([{ file, line: reader.lineNumber, path: '', message: `is not an Alibaba pod list: the header lacks ${missing.join(', ')} (needs ${ALIBABA_POD_COLUMNS.join(', ')})` }]);
        }
        header.forEach((name, i) => (index[name] = i));
        continue;
      }
      pods++;
      if (!Array.isArray(cells)) {
        bad(reader.lineNumber, cells.message);
        continue;
      }
      if (cells.length !== header.length) {
        bad(reader.lineNumber, `has ${cells.length} fields; the header has ${header.length}`);
        continue;
      }
      const pod = parsePodRequest(cells, { header, index, has: (name: string) => name in index });
      if ('field' in pod) {
        bad(reader.lineNumber, `${pod.field}: ${pod.message}`);
        continue;
      }
      const cell = (name: string): string => (cells[index[name] as number] ?? '').trim();
      const phase = cell('pod_phase');
      phases[phase] = (phases[phase] ?? 0) + 1;
      if (pod.gpus === 0) cpuOnlyPods++;
      for (const m of pod.models) if (!models.has(m)) unknownModels.add(m);
      const created = Number(cell('creation_time'));
      const deleted = Number(cell('deletion_time'));
      if (Number.isFinite(created) && cell('creation_time') !== '') {
        creations.push(created);
        if (created < firstCreationS) firstCreationS = created;
        if (created > lastCreationS) lastCreationS = created;
      }
      if (Number.isFinite(deleted) && cell('deletion_time') !== '' && deleted > lastDeletionS) lastDeletionS = deleted;
    }
  } finally {
    reader.close();
  }
  if (header === undefined) throw InputError.single(file, 'is not an Alibaba pod list: the file is empty');
  if (pods === 0) throw InputError.single(file, 'has a pod-list header but no pods');
  const startS = podTraceStart(file);
  return {
    pods,
    malformed,
    ...(firstMalformed === undefined ? {} : { firstMalformed }),
    phases,
    cpuOnlyPods,
    firstCreationS: Number.isFinite(firstCreationS) ? firstCreationS : 0,
    lastCreationS: Number.isFinite(lastCreationS) ? lastCreationS : 0,
    lastDeletionS: Number.isFinite(lastDeletionS) ? lastDeletionS : 0,
    startS,
    createdBeforeStart: creations.filter((t) => t < startS).length,
    unknownModels: [...unknownModels],
  };
}

/** Reads an Alibaba pod list and its node list. Throws an `InputError` for files that are not those. */
export function alibabaFacts(file: string, nodesFile: string): AlibabaFacts {
  return readAlibaba(file, nodesFile).facts;
}

function readAlibaba(file: string, nodesFile: string): { facts: AlibabaFacts; chips: string[] } {
  const nodes = nodeFacts(nodesFile);
  return { facts: { format: 'alibaba-pods', ...podFacts(file, new Set(nodes.chips)), nodes: nodes.nodes }, chips: nodes.chips };
}

/**
 * A scenario skeleton that replays an Alibaba GPU 2023 pod list on the
 * cluster its node list describes: the site is read from the node list in
 * place, and one class runs on every chip (a pod's GPU model constraint
 * narrows that per pod).
 */
export function importAlibaba(file: string, nodesFile: string | undefined, options: SkeletonOptions = {}): { yaml: string; facts: AlibabaFacts } {
  if (nodesFile === undefined) {
    throw InputError.single(file, 'an Alibaba pod list needs its node list (openb_node_list_*.csv) to describe the cluster: give --nodes <file>');
  }
  const { facts, chips: chipNames } = readAlibaba(file, nodesFile);
  const chips: Record<string, { kind: 'gpu' | 'cpu' }> = {};
  for (const chip of chipNames) chips[chip] = { kind: chip === CPU_CHIP ? 'cpu' : 'gpu' };
  const scenario: ScenarioInput = {
    name: options.name ?? nameFromFile(file, ['.csv']),
    description: `Alibaba GPU cluster trace: ${plural(facts.nodes.total, 'node')}, ${plural(facts.pods, 'pod')} replayed in time`,
    seed: 1,
    chips,
    regions: [{ name: IMPORT_REGION }],
    sites: [{ from: { format: 'alibaba-nodes', file: pathFromScenario(nodesFile, options.baseDir), site: 'alibaba', region: IMPORT_REGION } }],
    classes: { pod: { speed: Object.fromEntries(chipNames.map((c) => [c, 1])), work: { dist: 'constant', value: 0 } } },
    workload: [{ class: 'pod', origin: IMPORT_REGION, trace: { format: 'alibaba-pods', file: pathFromScenario(file, options.baseDir) } }],
    policy: 'fifo',
  };
  const yaml = scenarioYaml(scenario, alibabaHeaderComment(file, nodesFile, facts), options.schema, [
    { path: ['sites', 0], before: 'one site; its pools group identical nodes (GPU model, GPUs, CPU, memory)' },
    { path: ['classes', 'pod', 'work'], after: 'every pod’s run time comes from the trace' },
  ]);
  return { yaml, facts };
}

function alibabaHeaderComment(file: string, nodesFile: string, f: AlibabaFacts): string[] {
  const gpus = Object.values(f.nodes.gpusByModel).reduce((a, b) => a + b, 0);
  const list = (counts: Record<string, number>): string =>
    Object.entries(counts)
      .map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`)
      .join(', ');
  const s = (t: number): string => `${t.toLocaleString('en-US')} s`;
  const lines = [
    `Imported by \`manychip import alibaba-pods\` from ${file}`,
    `and ${nodesFile}, a skeleton to edit.`,
    `Nodes: ${plural(f.nodes.total, 'node')} of ${plural(f.nodes.pools, 'shape')}; ${plural(gpus, 'GPU')} (${list(f.nodes.gpusByModel)})${f.nodes.cpuOnly > 0 ? `; ${plural(f.nodes.cpuOnly, 'CPU-only node')}` : ''}.`,
    `Pods: ${plural(f.pods, 'pod')}, ${plural(f.cpuOnlyPods, 'CPU-only pod')}; phases: ${list(f.phases)}.`,
    `Created from ${s(f.firstCreationS)} to ${s(f.lastCreationS)} (${days(f.lastCreationS - f.firstCreationS)} days).`,
    `Start rule (startAt: auto): trace time ${s(f.startS)}, the first deletion, becomes 0: the`,
    `window runs to ${s(f.lastDeletionS)} (${days(f.lastDeletionS - f.startS)} days). ${plural(f.createdBeforeStart, 'pod')} created earlier arrive at 0`,
    'with the rest of their life; Pending pods run for their lifetime (pending: lifetime).',
  ];
  if (f.malformed > 0 && f.firstMalformed !== undefined) {
    lines.push(`${plural(f.malformed, 'row is', 'rows are')} malformed and skipped (first: line ${f.firstMalformed.line} ${f.firstMalformed.message}).`);
  }
  if (f.unknownModels.length > 0) lines.push(`Pods ask for GPU models no node has (${f.unknownModels.join(', ')}): they will be rejected.`);
  lines.push(
    '',
    'Data: Alibaba Group, github.com/alibaba/clusterdata, for research and study use;',
    'cite Weng et al., "Beware of Fragmentation: Scheduling GPU-Sharing Workloads with',
    'Fragmentation Gradient Descent", USENIX ATC 2023.',
  );
  return lines;
}
