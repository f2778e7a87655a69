import { RngStreams } from '../../engine/rng.js';
import { buildClusterModel } from '../../model/cluster-model.js';
import type { Scenario } from '../../scenario/scenario.js';
import { buildArrivalSources } from '../build-workload.js';
import { TraceSource } from './trace-source.js';

/** What reading one trace of a scenario found. */
export interface TraceScan {
  /** The file, as messages name it. */
  file: string;
  /** Jobs it gives (after `count`, skipped and malformed rows). */
  jobs: number;
  malformed: number;
  skipped: number;
  warnings: string[];
}

/**
 * Reads every trace a scenario names, start to end, line by line, as a run
 * would (the same readers and rules) but without simulating: how many jobs
 * each gives and what it skips. Under `strict` the first malformed row
 * throws its InputError (file, line, field).
 */
export function scanTraces(s: Scenario, options: { strict?: boolean } = {}): TraceScan[] {
  const model = buildClusterModel(s);
  const sources = buildArrivalSources(s, model, new RngStreams(s.seed), options);
  const scans: TraceScan[] = [];
  try {
    for (const source of sources) {
      if (!(source instanceof TraceSource)) continue;
      while (source.nextTime < Infinity) source.advance();
      scans.push({ file: source.badRows.file, jobs: source.read, malformed: source.badRows.count, skipped: source.skipped.total, warnings: source.warnings() });
    }
  } finally {
    // Every trace is closed, those a strict failure left part-read included.
    for (const source of sources) source.close?.();
  }
  return scans;
}
