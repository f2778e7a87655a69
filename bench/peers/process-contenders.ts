import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeNode } from '../lib/process-wall.js';
import { repoRoot } from '../lib/paths.js';
import { mmcText } from '../suites/end-to-end-suite.js';
import { simJsVersion, type SimJsMmcResult } from './simjs.js';
import { runSimPyMmc, simPyRows, type SimPyProbe } from './simpy.js';

/** One whole process of one implementation, timed from outside. */
export interface ProcessRun {
  /** Model events: arrivals + completions. */
  events: number;
  /** Wall time of the whole process: start-up, the model, printing, exit. */
  seconds: number;
  meanWaitS: number | null;
  /** What the process itself timed of its model run, where it says (manychip's perf.wallSeconds, SimPy's perf_counter). */
  innerSeconds?: number;
}

export interface ProcessContender {
  key: string;
  name: string;
  run(jobs: number, seed: number): ProcessRun;
}

/** The M/M/16 scenario of `jobs` jobs: the held-out bench/scenarios/mmc-1m.yaml for a million, the same text with another count otherwise. */
function mmcScenarioFile(jobs: number): string {
  if (jobs === 1_000_000) return join(repoRoot(), 'bench', 'scenarios', 'mmc-1m.yaml');
  const file = join(mkdtempSync(join(tmpdir(), 'manychip-peers-')), `mmc-${jobs}.yaml`);
  writeFileSync(file, mmcText(jobs));
  return file;
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/**
 * M/M/16 at ρ = 0.9 as whole processes, each started and timed from
 * outside: the bare heap loop (the calibration loop's own process), the
 * `manychip run` command as installed (the bundle), simjs's hand-written
 * model in a Node process, and SimPy in Python (interpreter start-up and
 * the import of SimPy included, as a user runs it).
 */
export function processContenders(probe: SimPyProbe): ProcessContender[] {
  const scenarios = new Map<number, string>();
  const scenarioFor = (jobs: number): string => scenarios.get(jobs) ?? (scenarios.set(jobs, mmcScenarioFile(jobs)).get(jobs) as string);
  const list: ProcessContender[] = [
    {
      key: 'bare',
      name: 'bare heap loop',
      run(jobs, seed) {
        const { seconds } = timeNode(join(repoRoot(), 'dist', 'bench', 'process', 'calibration-process.js'), [`${2 * jobs}`, `${seed}`]);
        return { events: 2 * jobs, seconds, meanWaitS: null };
      },
    },
    {
      key: 'manychip',
      name: 'manychip run (CLI)',
      run(jobs, seed) {
        const { seconds, stdout } = timeNode(join(repoRoot(), 'dist', 'bundle', 'bin.js'), ['run', scenarioFor(jobs), '--format', 'json', '--seed', `${seed}`]);
        const r = JSON.parse(stdout) as { events: number; wait: { mean: number | null }; perf: { wallSeconds: number } };
        return { events: r.events, seconds, meanWaitS: r.wait.mean, innerSeconds: r.perf.wallSeconds };
      },
    },
    {
      key: 'simjs',
      name: `simjs ${simJsVersion()}`,
      run(jobs, seed) {
        const { seconds, stdout } = timeNode(here('./simjs-process.js'), ['16', '0.9', `${jobs}`, `${seed}`]);
        const r = JSON.parse(stdout) as SimJsMmcResult;
        return { events: r.arrivals + r.completions, seconds, meanWaitS: r.meanWaitS };
      },
    },
  ];
  for (const { api, key, name } of simPyRows(probe)) {
    list.push({
      key,
      name,
      run(jobs, seed) {
        const r = runSimPyMmc(api, 16, 0.9, jobs, seed);
        return { events: r.arrivals + r.completions, seconds: r.wallSeconds, meanWaitS: r.meanWaitS, innerSeconds: r.seconds };
      },
    });
  }
  return list;
}
