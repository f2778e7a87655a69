import { cellProblem, columnIndex, type CsvTable } from './csv.js';
import { nameProblem } from './data-shape.js';
import { bounds, outOfBound, type Bound } from './field-bounds.js';
import type { Problem } from './problem.js';
import type { PoolSpec, SiteSpec } from './scenario.js';

export const ALIBABA_NODE_COLUMNS = ['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model'] as const;

export interface AlibabaNodeOptions {
  /** Name of the one site the nodes form. */
  site: string;
  region?: string | undefined;
  /** Chip name for nodes without GPUs (the node's CPU stands as its one chip). */
  cpuChip: string;
  /** Price per chip-hour by GPU model (and `cpuChip`); unlisted models cost 0. */
  prices: Readonly<Record<string, number>>;
}

/**
 * An Alibaba cluster-trace-gpu-v2023 node list (`sn,cpu_milli,memory_mib,gpu,model`)
 * as one site whose pools group identical nodes: the same GPU model, GPUs
 * per node, CPU and memory. Each GPU is a chip of the model's name; CPU
 * counts in milli-cores and memory in MiB, exactly as the trace gives them
 * (pools track both, so pods are checked per node as Kubernetes does).
 * A node without GPUs gets one chip named `cpuChip`, which no GPU pod can
 * use: it is there for CPU-only pods, which take cores and memory only.
 */
export function sitesFromAlibabaNodes(t: CsvTable, options: AlibabaNodeOptions, problems: Problem[]): SiteSpec[] {
  const missing = ALIBABA_NODE_COLUMNS.filter((c) => columnIndex(t, c) < 0);
  if (missing.length > 0) {
    problems.push({ file: t.file, line: t.headerLine, path: '', message: `is not an Alibaba node list: the header lacks ${missing.join(', ')} (needs ${ALIBABA_NODE_COLUMNS.join(', ')})` });
    return [];
  }
  const col = (name: string): number => columnIndex(t, name);
  const pools = new Map<string, PoolSpec>();
  /** The line of each serial number seen: a node listed twice would count twice. */
  const serials = new Map<string, number>();
  for (const row of t.rows) {
    const { line, cells } = row;
    /** A problem with the row's cell in column `name`, located at that cell. */
    const at = (name: string, message: string): void => {
      problems.push(cellProblem(t, row, col(name), message, `column ${name}`));
    };
    const sn = (cells[col('sn')] ?? '').trim();
    const earlier = serials.get(sn);
    if (earlier !== undefined) {
      at('sn', `node "${sn}" is listed twice (first at line ${earlier})`);
      continue;
    }
    if (sn !== '') serials.set(sn, line);
    const whole = (name: string, bound: Bound): number | undefined => {
      const raw = (cells[col(name)] ?? '').trim();
      const why = /^\d+$/.test(raw) ? outOfBound(Number(raw), bound) : `"${raw}" is not a whole number${bound.min > 0 ? ` of at least ${bound.min}` : ''}`;
      if (why === undefined) return Number(raw);
      at(name, why);
      return undefined;
    };
    // The bounds of a pool's cores, memory and chips per node, in the trace's units.
    const cpu = whole('cpu_milli', { ...bounds.milliCores, min: 1 });
    const mem = whole('memory_mib', { ...bounds.memMiB, min: 1 });
    const gpus = whole('gpu', bounds.gpusPerNode);
    if (cpu === undefined || mem === undefined || gpus === undefined) continue;
    const model = (cells[col('model')] ?? '').trim();
    if (gpus > 0 && model === '') {
      at('model', `is empty for a node with ${gpus} GPUs`);
      continue;
    }
    const reserved = nameProblem(model);
    if (reserved !== undefined) {
      at('model', reserved);
      continue;
    }
    const chip = gpus === 0 ? options.cpuChip : model;
    const chipsPerNode = Math.max(gpus, 1);
    const key = `${chip}/${chipsPerNode}/${cpu}/${mem}`;
    const existing = pools.get(key);
    if (existing !== undefined) {
      existing.nodes++;
      continue;
    }
    const pool: PoolSpec = {
      name: `${chip}x${chipsPerNode}-${cpu / 1000}c-${mem / 1024}g`,
      chip,
      nodes: 1,
      chipsPerNode,
      cpuCores: cpu / 1000,
      memGiB: mem / 1024,
      pricePerChipHour: Object.hasOwn(options.prices, chip) ? (options.prices[chip] as number) : 0,
      powerWatts: { idle: 0, busy: 0 },
      origin: { file: t.file, line },
    };
    pools.set(key, pool);
  }
  if (pools.size === 0) return [];
  const first = t.rows[0]?.line ?? 1;
  return [
    {
      name: options.site,
      ...(options.region === undefined ? {} : { region: options.region }),
      pools: [...pools.values()],
      origin: { file: t.file, line: first },
    },
  ];
}
