import { readInputText } from '../io/read-input-text.js';
import { gavelClasses, type GavelClasses } from '../scenario/gavel-classes.js';
import { GavelTableError, gavelScaleFactors, parseGavelThroughputs, type GavelThroughputs } from '../scenario/gavel-throughputs.js';
import { MAX_WHOLE_DATA_FILE_BYTES } from '../scenario/parse-scenario.js';
import { InputError } from '../scenario/problem.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { checkReadable, importNames, IMPORT_REGION, nameFromFile, plural, scenarioYaml, type SkeletonOptions } from './scenario-yaml.js';

/** Placeholder cluster: this many nodes of this many GPUs per worker type. */
const NODES_PER_POOL = 8;
const GPUS_PER_NODE = 4;
/** Placeholder arrivals per class: a job every ~33 minutes, ten jobs, so the skeleton runs and ends. */
const RATE_PER_S = 0.0005;
const JOBS_PER_CLASS = 10;

export interface GavelImportOptions extends SkeletonOptions {
  /** GPUs per job of the measurements to import (1, 2, 4 or 8 in Gavel's table). Default 1. */
  scaleFactor?: number | undefined;
}

/** What a Gavel throughput table gives at one scale factor. */
export interface GavelFacts {
  format: 'gavel';
  scaleFactor: number;
  /** Classes written: one per job type measured at the scale factor that runs on the reference. */
  classes: number;
  /** Worker types read (the chips), and those left out (`*_unconsolidated`). */
  workerTypes: string[];
  skippedWorkerTypes: string[];
  /** Job types measured at the scale factor but left out, with the reason. */
  skipped: GavelClasses['skipped'];
  /** Scale factors the table has. */
  scaleFactors: number[];
  /** Co-location entries the table has (manychip does not model them). */
  colocatedPairs: number;
}

function readTable(file: string): GavelThroughputs {
  checkReadable(file, 'Gavel throughput table');
  const text = readInputText(file, { what: 'Gavel throughput table', limitBytes: MAX_WHOLE_DATA_FILE_BYTES });
  const start = text.trimStart();
  // Said at once: JSON.parse on a CSV or a log reports a position at the end of the file (Node 20).
  if (!start.startsWith('{')) {
    const first = start.split('\n', 1)[0] ?? '';
    throw InputError.single(file, `is not a Gavel throughput table: a JSON map of worker types is needed; the file starts with ${JSON.stringify(first.length > 30 ? `${first.slice(0, 30)}…` : first)}`);
  }
  try {
    return parseGavelThroughputs(text, file);
  } catch (e) {
    if (e instanceof GavelTableError) throw new InputError([e.problem]);
    throw e;
  }
}

/**
 * A scenario skeleton from a Gavel throughput table: chips k80, p100 and
 * v100, one class per job type with its measured speeds (relative to the
 * V100), and placeholders for what the table does not say: the cluster,
 * the arrivals and the work per job.
 */
export function importGavel(file: string, options: GavelImportOptions = {}): { yaml: string; facts: GavelFacts } {
  const table = readTable(file);
  const scaleFactor = options.scaleFactor ?? 1;
  // A worker type is a key of the table, any text: the chip that stands for it gets a name the scenario accepts.
  const chipOf = importNames(table.workerTypes, 'gpu');
  const chipNames = table.workerTypes.map((w) => chipOf.get(w) as string);
  let made: GavelClasses;
  try {
    made = gavelClasses(table, { scaleFactor, chips: Object.fromEntries(table.workerTypes.map((w) => [chipOf.get(w) as string, w])) });
  } catch (e) {
    if (e instanceof GavelTableError) throw new InputError([e.problem]);
    throw e;
  }
  const names = Object.keys(made.classes);
  if (names.length === 0) throw InputError.single(file, `no job type at scale factor ${scaleFactor} runs on the reference worker type`);
  for (const c of Object.values(made.classes)) {
    // Four significant digits are what the measurements carry; a speed must stay positive.
    if (c.speed !== undefined) for (const chip of Object.keys(c.speed)) c.speed[chip] = Number((c.speed[chip] as number).toPrecision(4));
  }
  const facts: GavelFacts = {
    format: 'gavel',
    scaleFactor,
    classes: names.length,
    workerTypes: [...table.workerTypes],
    skippedWorkerTypes: [...table.skippedWorkerTypes],
    skipped: made.skipped,
    scaleFactors: gavelScaleFactors(table),
    colocatedPairs: table.colocatedPairs,
  };
  const scenario: ScenarioInput = {
    name: options.name ?? nameFromFile(file, ['.json']),
    description: `Deep-learning jobs with Gavel's measured speeds on ${table.workerTypes.join(', ')} (scale factor ${scaleFactor}); cluster, arrivals and work are placeholders`,
    seed: 1,
    chips: Object.fromEntries(chipNames.map((chip) => [chip, { kind: 'gpu' as const }])),
    regions: [{ name: IMPORT_REGION }],
    sites: [{ name: 'gpu-cluster', region: IMPORT_REGION, pools: chipNames.map((chip) => ({ chip, nodes: NODES_PER_POOL, chipsPerNode: GPUS_PER_NODE })) }],
    classes: made.classes,
    workload: names.map((cls) => ({ class: cls, origin: IMPORT_REGION, arrivals: { process: 'poisson' as const, rate: RATE_PER_S }, count: JOBS_PER_CLASS })),
    policy: 'mct',
  };
  const yaml = scenarioYaml(scenario, gavelHeaderComment(file, facts), options.schema, [
    { path: ['sites', 0, 'pools'], before: `placeholder: ${NODES_PER_POOL} nodes × ${GPUS_PER_NODE} GPUs of each type; write your own cluster here` },
    {
      path: ['classes'],
      before: [
        'speed: measured throughput over the V100’s (Gavel); chips: GPUs per job (the scale factor).',
        'work: a placeholder, seconds on a V100; the table gives no job lengths.',
      ].join('\n'),
    },
    { path: ['workload'], before: `placeholder arrivals: Poisson, ${RATE_PER_S} per second, ${JOBS_PER_CLASS} jobs per class` },
    { path: ['policy'], before: 'minimum completion time: weighs each class’s speed on each chip' },
  ]);
  return { yaml, facts };
}

function gavelHeaderComment(file: string, f: GavelFacts): string[] {
  const lines = [
    `Imported by \`manychip import gavel\` from ${file}, a skeleton to edit.`,
    `${plural(f.classes, 'job type')} measured at scale factor ${f.scaleFactor} (the table has ${f.scaleFactors.join(', ')}) on ${f.workerTypes.join(', ')}.`,
  ];
  if (f.skippedWorkerTypes.length > 0) lines.push(`Left out: worker types ${f.skippedWorkerTypes.join(', ')} (GPUs spread across servers).`);
  for (const s of f.skipped) lines.push(`Left out: ${s.jobType}: ${s.reason}`);
  lines.push(
    `Not used: ${plural(f.colocatedPairs, 'co-location entry', 'co-location entries')} (manychip does not model interference).`,
    'Placeholders: the cluster, the arrivals and the work sizes; only the speeds are data.',
    '',
    'Data: Gavel (Narayanan et al., "Heterogeneity-Aware Cluster Scheduling Policies for',
    'Deep Learning Workloads", OSDI 2020), github.com/stanford-futuredata/gavel, MIT licence,',
    '© 2020 Stanford Future Data Systems.',
  );
  return lines;
}
