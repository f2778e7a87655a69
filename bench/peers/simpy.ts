import { execFileSync } from 'node:child_process';
import { peersDir } from './peers-dir.js';

/** `classic` is SimPy 2 (`SimPy.Simulation`, Debian's python3-simpy); `modern` is SimPy 3 and 4 (`simpy.Environment`). */
export type SimPyApi = 'classic' | 'modern';

export interface SimPyProbe {
  python: string;
  executable: string;
  /** Version of each API the interpreter can import. */
  apis: Partial<Record<SimPyApi, string>>;
}

export interface SimPyMmcResult {
  arrivals: number;
  completions: number;
  /** Event notices SimPy scheduled (SimPy 2: heap posts; SimPy 3/4: event ids taken). */
  kernelEvents: number;
  /** time.perf_counter around building and running the model, inside Python. */
  seconds: number;
  /** The whole interpreter process, timed from outside: start-up, the import of SimPy, the model, exit. */
  wallSeconds: number;
  meanWaitS: number;
}

const script = `${peersDir}/mmc_simpy.py`;

/** The interpreter: PEERS_PYTHON, else Debian's python (not a pyenv or venv one found on PATH). */
export const python = process.env.PEERS_PYTHON ?? '/usr/bin/python3';

/** Asks the interpreter which SimPy APIs it can import; fails, saying how to install SimPy, when none. */
export function probeSimPy(): SimPyProbe {
  let out: string;
  try {
    out = execFileSync(python, [script, '--probe'], { encoding: 'utf8' });
  } catch (e) {
    throw new Error(`cannot run ${python} ${script} --probe: ${(e as Error).message}`);
  }
  const probe = JSON.parse(out) as SimPyProbe;
  if (Object.keys(probe.apis).length === 0) {
    throw new Error(
      `SimPy is not importable by ${probe.executable}.\n` +
        `Install Debian's package (as root): apt-get install -y python3-simpy\n` +
        `or point PEERS_PYTHON at a Python that has SimPy (PEERS_PYTHON=/path/to/venv/bin/python npm run bench:peers).`,
    );
  }
  return probe;
}

/** Runs bench/peers/mmc_simpy.py once in a fresh interpreter. */
export function runSimPyMmc(api: SimPyApi, servers: number, rho: number, jobs: number, seed: number): SimPyMmcResult {
  const args = [script, '--api', api, '--servers', `${servers}`, '--rho', `${rho}`, '--jobs', `${jobs}`, '--seed', `${seed}`];
  const start = performance.now();
  const out = execFileSync(python, args, { encoding: 'utf8' });
  const wallSeconds = (performance.now() - start) / 1000;
  return { ...(JSON.parse(out) as Omit<SimPyMmcResult, 'wallSeconds'>), wallSeconds };
}

/** One row per SimPy API the interpreter has: the API, the row's key and its name. */
export function simPyRows(probe: SimPyProbe): { api: SimPyApi; key: string; name: string }[] {
  return (['classic', 'modern'] as const).flatMap((api) => {
    const version = probe.apis[api];
    return version === undefined ? [] : [{ api, key: `simpy-${api}`, name: `SimPy ${version}` }];
  });
}
