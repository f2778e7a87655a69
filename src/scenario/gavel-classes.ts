import { closeMatches, gavelSpeed } from './gavel-speed.js';
import { gavelJobTypes, gavelScaleFactors, GavelTableError, type GavelThroughputs } from './gavel-throughputs.js';
import type { ScenarioInput } from './schema.js';

/** A job class as written in a scenario file. */
export type ClassInput = ScenarioInput['classes'][string];

export interface GavelClassOptions {
  /** Only job types measured at this scale factor. Default: every scale factor (class names end in `-x<scale factor>`). */
  scaleFactor?: number;
  /** Worker type of speed 1. Default: v100 (or the first worker type read, if the table has none). */
  reference?: string;
  /** Only these job types, spelt as in the table. Default: all. */
  jobTypes?: readonly string[];
  /** Scenario chip → worker type. Default: every worker type read, under its own name. */
  chips?: Readonly<Record<string, string>>;
  /** Work per job, which the table does not give. Default: `{ dist: exponential, mean: 3600 }`, a placeholder to edit. */
  work?: ClassInput['work'];
}

export interface GavelClasses {
  /** Class name → class, in table order. */
  classes: Record<string, ClassInput>;
  /** Rows left out, with the reason (their reference throughput is 0). */
  skipped: { jobType: string; scaleFactor: number; reason: string }[];
}

/**
 * Job classes from a Gavel table, for `manychip import gavel`: one per
 * (job type, scale factor), named by `gavelClassName`, with `speed`
 * relative to the reference worker type and `chips` = the scale factor.
 * Throws a `GavelTableError` for a job type, scale factor or reference
 * the table does not have.
 */
export function gavelClasses(table: GavelThroughputs, options: GavelClassOptions = {}): GavelClasses {
  const reference = options.reference ?? (table.workerTypes.includes('v100') ? 'v100' : table.workerTypes[0]);
  if (reference === undefined || !table.workerTypes.includes(reference)) {
    throw new GavelTableError(table.file, '', `unknown reference worker type "${reference ?? ''}" — known: ${table.workerTypes.join(', ')}`);
  }
  const all = gavelJobTypes(table);
  for (const jobType of options.jobTypes ?? []) {
    if (all.includes(jobType)) continue;
    const close = closeMatches(jobType, all);
    throw new GavelTableError(table.file, '', `unknown job type "${jobType}"${close.length > 0 ? ` — close matches: ${close.map((c) => `"${c}"`).join(', ')}` : ''}`);
  }
  for (const [chip, worker] of Object.entries(options.chips ?? {})) {
    if (!table.workerTypes.includes(worker)) {
      throw new GavelTableError(table.file, '', `chip "${chip}": unknown worker type "${worker}" — known: ${table.workerTypes.join(', ')}`);
    }
  }
  const { scaleFactor } = options;
  if (scaleFactor !== undefined && !gavelScaleFactors(table).includes(scaleFactor)) {
    throw new GavelTableError(table.file, '', `no job is measured at scale factor ${scaleFactor} — available: ${gavelScaleFactors(table).join(', ')}`);
  }

  const work = options.work ?? { dist: 'exponential', mean: 3600 };
  const out: GavelClasses = { classes: {}, skipped: [] };
  for (const row of table.rows) {
    if (scaleFactor !== undefined && row.scaleFactor !== scaleFactor) continue;
    if (options.jobTypes !== undefined && !options.jobTypes.includes(row.jobType)) continue;
    const result = gavelSpeed(table, { jobType: row.jobType, scaleFactor: row.scaleFactor, chips: options.chips, reference });
    if ('issues' in result) {
      out.skipped.push({ jobType: row.jobType, scaleFactor: row.scaleFactor, reason: result.issues.map((i) => i.message).join('; ') });
      continue;
    }
    // Job types that differ only in case or punctuation make one name: the later gets -2, -3, … rather than replacing the earlier.
    const base = gavelClassName(row.jobType, row.scaleFactor);
    let name = base;
    for (let n = 2; Object.hasOwn(out.classes, name); n++) name = `${base}-${n}`;
    out.classes[name] = { speed: result.speed, chips: row.scaleFactor, work: structuredClone(work) };
  }
  return out;
}

/** `ResNet-50 (batch size 64)` at scale factor 1 → `resnet-50-bs64-x1`. */
export function gavelClassName(jobType: string, scaleFactor: number): string {
  const slug = jobType
    .replace(/\(\s*batch size\s+(\d+)\s*\)/gi, 'bs$1')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug === '' ? 'job' : slug}-x${scaleFactor}`;
}
