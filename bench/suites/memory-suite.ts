/**
 * Memory bounded by the jobs alive (issue 20): the peak resident memory of
 * a whole `manychip run` on M/M/16 at ρ = 0.9 with 100,000 jobs against the
 * same with 1,000,000, each in a fresh process, twice (the lower peak of
 * each size counts). A run whose memory follows the jobs alive peaks at
 * about the same size for both (the figure near 100%); one that keeps a
 * record of every job grows with them (about 32% before issue 20: 95 MB
 * against 300 MB). Memory hardly depends on the machine's load, so the
 * figure is steady where speed ratios are not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childNodeFlags } from '../lib/child-node-flags.js';
import { PEAK_RSS_UNIT, type Figure } from '../lib/figure.js';
import { mmcText } from './end-to-end-suite.js';

const RUN_ONE = fileURLToPath(new URL('../scale/run-one.js', import.meta.url));
const SMALL = 100_000;
const LARGE = 1_000_000;

/** Peak RSS of one whole run of M/M/16 with `jobs` jobs, in its own process, MB. */
export function peakRssMB(jobs: number, dir: string): number {
  const file = join(dir, `mmc-${jobs}.yaml`);
  writeFileSync(file, mmcText(jobs));
  const child = spawnSync(process.execPath, [...childNodeFlags(), RUN_ONE, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`memory run of ${jobs} jobs failed (${child.status}): ${child.stderr}`);
  const last = child.stderr.trim().split('\n').pop() ?? '';
  return (JSON.parse(last) as { maxRssMB: number }).maxRssMB;
}

/** Rounds of the pair of runs: the lower peak of each size is kept, since a run's peak moves with when its collector happens to run. */
const ROUNDS = 2;

export function memoryFigures(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'manychip-memory-'));
  try {
    const smalls: number[] = [];
    const larges: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      smalls.push(peakRssMB(SMALL, dir));
      larges.push(peakRssMB(LARGE, dir));
    }
    const small = Math.min(...smalls);
    const large = Math.min(...larges);
    // As rates, 1/MB, so that bigger is better: the ratio is RSS at 100,000 jobs ÷ RSS at 1,000,000.
    const rate = 1 / large;
    const reference = 1 / small;
    const ratios = smalls.map((s, r) => s / (larges[r] as number));
    return Promise.resolve([
      {
        name: 'memory: peak RSS, M/M/16 run of 100,000 jobs ÷ of 1,000,000',
        suite: 'memory',
        contender: `manychip run, ${LARGE.toLocaleString('en-US')} jobs`,
        reference: `manychip run, ${SMALL.toLocaleString('en-US')} jobs`,
        unit: PEAK_RSS_UNIT,
        referenceUnit: PEAK_RSS_UNIT,
        summary: { rate, reference, ratio: rate / reference, ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios), bestRate: rate, bestReference: reference, bestRatio: rate / reference, rounds: ROUNDS },
        gated: true,
      },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
