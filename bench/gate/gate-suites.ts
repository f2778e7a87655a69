/**
 * The suites whose figures the regression gate checks, and how long they
 * run. Quick and full runs take samples of the same size (so a quick run
 * estimates the same ratios as the baseline, only from fewer rounds).
 */
import type { Figure } from '../lib/figure.js';
import type { RoundOptions } from '../lib/measure.js';
import { endToEndFigures } from '../suites/end-to-end-suite.js';
import { holdFigure, mmcFigures } from '../suites/engine-suite.js';
import { placementFigures } from '../suites/placement-suite.js';
import { memoryFigures } from '../suites/memory-suite.js';
import { processWallFigures } from '../suites/process-wall-suite.js';
import { suiteInProcess } from './suite-process.js';

export type Mode = 'quick' | 'full';

export interface Suite {
  id: string;
  run(options: RoundOptions): Promise<Figure[]>;
}

export const GATE_SUITES: readonly Suite[] = [
  { id: 'M/M/1', run: (o) => mmcFigures(1, o) },
  { id: 'M/M/16', run: (o) => mmcFigures(16, o) },
  { id: 'M/M/256', run: (o) => mmcFigures(256, o) },
  { id: 'hold 1,000', run: async (o) => [await holdFigure(1_000, o)] },
  { id: 'hold 100,000', run: async (o) => [await holdFigure(100_000, o)] },
  { id: 'end to end', run: endToEndFigures },
  { id: 'placement', run: placementFigures },
  { id: 'memory', run: memoryFigures },
  { id: 'process wall', run: processWallFigures },
];

/** Rounds, and the least time to spread them over, in each process, by mode. */
export function roundOptions(mode: Mode): RoundOptions {
  return mode === 'quick' ? { rounds: 8, minSeconds: 1.5 } : { rounds: 30, minSeconds: 5 };
}

/** Passes over the suites: each suite runs once per pass, in a fresh process. */
export const PASSES = 3;

/**
 * Runs `suites` in passes, each suite in a process of its own (see
 * suite-process.ts), telling `onSuite` as each ends (with its seconds).
 * A figure is the best of its passes. Passes run one after the other over
 * all the suites, so that a suite's two measurements lie tens of seconds
 * apart: on the project's virtual machine the host's other tenants slow it
 * for seconds at a time (the calibration loop falls from 12 to 9 M
 * events/s, the simulation's ratio to it by a quarter), and a later pass is
 * likelier to fall in a quiet stretch than the next round is.
 */
export async function runSuites(suites: readonly Suite[], mode: Mode, onSuite?: (suite: Suite, seconds: number) => void, passCount = PASSES): Promise<Figure[]> {
  const best = new Map<string, Figure>();
  for (let pass = 0; pass < passCount; pass++) {
    for (const suite of suites) {
      const t0 = performance.now();
      for (const f of await suiteInProcess(suite.id, mode)) {
        const seen = best.get(f.name);
        if (seen === undefined || f.summary.bestRatio > seen.summary.bestRatio) best.set(f.name, { ...f, suite: suite.id });
      }
      onSuite?.(suite, (performance.now() - t0) / 1000);
    }
  }
  return [...best.values()];
}
