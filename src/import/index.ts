import { importAlibaba, type AlibabaFacts } from './import-alibaba.js';
import { importGavel, type GavelFacts } from './import-gavel.js';
import { importSwf, type SwfFacts } from './import-swf.js';
import type { SkeletonOptions } from './scenario-yaml.js';

export { alibabaFacts, importAlibaba, type AlibabaFacts } from './import-alibaba.js';
export { importGavel, type GavelFacts, type GavelImportOptions } from './import-gavel.js';
export { importSwf, swfFacts, type SwfFacts } from './import-swf.js';
export type { SkeletonOptions } from './scenario-yaml.js';

/** Trace formats `manychip import` reads. */
export const importFormats = ['swf', 'alibaba-pods', 'gavel'] as const;
export type ImportFormat = (typeof importFormats)[number];

export function isImportFormat(format: string): format is ImportFormat {
  return (importFormats as readonly string[]).includes(format);
}

export interface ImportOptions extends SkeletonOptions {
  /** alibaba-pods: the node list (`openb_node_list_*.csv`); required. */
  nodes?: string | undefined;
  /** gavel: GPUs per job of the measurements to import. Default 1. */
  scaleFactor?: number | undefined;
}

export type ImportFacts = SwfFacts | AlibabaFacts | GavelFacts;

export interface ImportResult {
  /** The scenario skeleton, YAML with comments. */
  yaml: string;
  /** What reading the trace found; the comments in `yaml` say the same. */
  facts: ImportFacts;
}

/**
 * A scenario skeleton (YAML) from a trace, so that users start from their
 * own data: the trace is read once for facts, and the scenario names it
 * in place, relative to `options.baseDir` (where the scenario will be
 * written), or by its absolute path without one. Throws an `InputError`
 * for a file that cannot be opened or is not of the format, and an
 * `InputFileError` for one that turns out damaged as it is read (a gzip
 * file cut short).
 */
export function importTrace(format: ImportFormat, file: string, options: ImportOptions = {}): ImportResult {
  const { nodes, scaleFactor, ...skeleton } = options;
  switch (format) {
    case 'swf':
      return importSwf(file, skeleton);
    case 'alibaba-pods':
      return importAlibaba(file, nodes, skeleton);
    case 'gavel':
      return importGavel(file, { ...skeleton, scaleFactor });
    default:
      throw new RangeError(`unknown import format "${String(format)}" — known: ${importFormats.join(', ')}`);
  }
}
