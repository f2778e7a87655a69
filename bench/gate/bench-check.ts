/**
 * `npm run bench:check`: the regression gate. See HELP below.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { median } from '../../src/bench/ratio-rounds.js';
import { RATIO_UNIT, STEADY_TOLERANCE, toBenchmarkJson, type BenchmarkEntry, type Figure } from '../lib/figure.js';
import { benchPath } from '../lib/paths.js';
import { checkTable, compareWithBaseline, gateFails, parseBaseline, parseResults, type Baseline } from './check-baseline.js';
import { GATE_SUITES, PASSES, roundOptions, runSuites, type Mode, type Suite } from './gate-suites.js';

/**
 * How far a ratio may fall below its baseline before the gate fails, as a
 * fraction of the baseline value, for figures without a tolerance of their
 * own (the engine and the event queue have STEADY_TOLERANCE): above every
 * drop measured on the project's 2-core shared machine from noise alone
 * (see HELP), so that the gate does not fail at random, and below what a
 * broken hot path costs.
 */
export const TOLERANCE = 0.35;

/** How many times a regressed figure is measured again (each in fresh processes) before the gate believes it. */
export const CONFIRMATIONS = 2;

/** Pause before measuring again: the host's busy spells last seconds. */
export const CONFIRM_PAUSE_MS = 5_000;

/** Quick measurements whose median makes a new baseline. */
export const BASELINE_RUNS = 3;

export const HELP = `npm run bench:check [-- options]

The regression gate. Measures the gated suites (manychip's engine and its
whole simulation on M/M/1, M/M/16 and M/M/256; the event queue on the hold
model; end to end, from scenario text to summarised results, on M/M/16,
on 100 pools under cost-latency and on the KTH SP2 log's first 10,000
jobs under EASY; cost-latency decisions at 100 pools x 10,000 nodes; memory: the peak RSS of a whole run of M/M/16 with 100,000
jobs divided by that with 1,000,000, near 100% while memory follows the
jobs alive; whole processes: manychip run against the calibration loop's
process, and manychip validate against node -e 0 in wall and in CPU
time), or reads their results, and compares each figure with
bench/baseline.json. Exits 1 when a figure falls below its baseline by
more than its tolerance (a share of the baseline value, see below) or is
missing, 0 otherwise (faster is never a failure), 2 on bad usage.

Each figure is a ratio to the calibration loop (a bare hand-written heap
loop on M/M/16) timed in the same process, in rounds that alternate the
two: the contender's best rate over the rounds divided by the loop's best.
Each suite runs ${PASSES} times, in passes over all the suites, each time in
a fresh process, and a figure is its best pass. A figure below its
tolerance is measured again, up to ${CONFIRMATIONS} more times after a pause, and
fails the gate only if it stays below: a real regression does, a busy
spell of the machine rarely does three times.

Tolerances: ${STEADY_TOLERANCE * 100}% for the engine and the event queue, ${TOLERANCE * 100}% for the
simulation, end to end and placement (bench/baseline.json lists the
figures with their own). On the 2-core shared virtual machine the gate was
built on, eight quick gate runs in a row (other work running, load average
1 to 2) all passed, the engine and event-queue ratios within 7% of the
baseline, the others within 25%; single measurements taken while the host
slowed the VM (for seconds to minutes at a time; memory-bound code slows
more than the calibration loop) put the simulation's ratios 28% to 33%
down. Beside a cache-thrashing process the engine ratios fell by up to 18%
and the others by up to 32%; with two (three busy processes on two cores)
by up to 54%, which no tolerance can tell from a regression. A broken hot
path (an allocation per event, a scan of every node per decision) costs
far more than a third.

The baseline is the median of ${BASELINE_RUNS} quick measurements: a typical state of
the machine, not its best. Rewrite it on purpose (--update-baseline)
after a change that moves a figure, or on another machine.

Options:
  --quick               ${PASSES} passes of at least ${roundOptions('quick').rounds} rounds and ${roundOptions('quick').minSeconds} s per suite, for CI
                        (default: ${PASSES} passes of at least ${roundOptions('full').rounds} rounds and ${roundOptions('full').minSeconds} s)
  --results <file>      compare this results.json (customBiggerIsBetter, as
                        npm run bench writes it) instead of measuring
  --baseline <file>     the baseline (default bench/baseline.json)
  --tolerance <pct>     one tolerance for every figure, in percent of its baseline value
  --update-baseline     rewrite the baseline: from ${BASELINE_RUNS} quick measurements, or
                        from --results <file>
  --help                this text
`;

export interface CheckIo {
  out(text: string): void;
  err(text: string): void;
  /** Runs suites; tests replace it. */
  runSuites?: (suites: readonly Suite[], mode: Mode, onSuite?: (suite: Suite, seconds: number) => void, passCount?: number) => Promise<Figure[]>;
  /** Pause before each confirming measurement (default CONFIRM_PAUSE_MS). */
  confirmPauseMs?: number;
}

const EXIT_PASS = 0;
const EXIT_FAIL = 1;
const EXIT_USAGE = 2;

/** The gate as a function of its arguments: returns the exit code. */
export async function benchCheck(argv: readonly string[], io: CheckIo): Promise<number> {
  let values: { quick?: boolean; results?: string; baseline?: string; tolerance?: string; 'update-baseline'?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean' },
        results: { type: 'string' },
        baseline: { type: 'string' },
        tolerance: { type: 'string' },
        'update-baseline': { type: 'boolean' },
        help: { type: 'boolean' },
      },
      allowPositionals: false,
    }).values;
  } catch (e) {
    io.err(`error: ${e instanceof Error ? e.message : String(e)}\n\n${HELP}`);
    return EXIT_USAGE;
  }
  if (values.help === true) {
    io.out(HELP);
    return EXIT_PASS;
  }
  const override = values.tolerance === undefined ? undefined : Number(values.tolerance.replace(/%$/, '')) / 100;
  if (override !== undefined && (!Number.isFinite(override) || override <= 0 || override >= 1)) {
    io.err(`error: --tolerance must be a percentage between 0 and 100, got ${values.tolerance}\n`);
    return EXIT_USAGE;
  }
  const mode: Mode = values.quick === true ? 'quick' : 'full';
  const baselineFile = values.baseline ?? benchPath('baseline.json');
  const run = io.runSuites ?? runSuites;
  const progress = (suite: Suite, seconds: number): void => io.err(`  ${suite.id}: ${seconds.toFixed(1)} s\n`);

  // Read before measuring: a missing baseline should not cost a minute of measurement first.
  let baseline: Baseline | undefined;
  if (values['update-baseline'] !== true) {
    try {
      baseline = parseBaseline(readFileSync(baselineFile, 'utf8'), baselineFile);
    } catch (e) {
      io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_USAGE;
    }
  }

  let results: BenchmarkEntry[];
  let measured: Figure[] | undefined;
  /** Tolerances other than the default, for a new baseline: from the suites, or kept from the old baseline. */
  const tolerances: Record<string, number> = {};
  if (values.results !== undefined) {
    try {
      results = parseResults(readFileSync(values.results, 'utf8'), values.results);
    } catch (e) {
      io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_USAGE;
    }
  } else {
    try {
      if (values['update-baseline'] === true) {
        // A baseline is what the quick gate measures in a typical state of the machine: the median of a few quick measurements.
        const runs: BenchmarkEntry[][] = [];
        for (let i = 1; i <= BASELINE_RUNS; i++) {
          io.err(`measuring the gated suites for the baseline (quick, ${i} of ${BASELINE_RUNS})\n`);
          const figures = (await run(GATE_SUITES, 'quick', progress)).filter((f) => f.gated);
          for (const f of figures) if (f.tolerance !== undefined) tolerances[f.name] = f.tolerance;
          runs.push(toBenchmarkJson(figures));
        }
        results = medianEntries(runs);
      } else {
        io.err(`measuring the gated suites (${mode}: ${PASSES} passes of at least ${roundOptions(mode).rounds} rounds)\n`);
        measured = (await run(GATE_SUITES, mode, progress)).filter((f) => f.gated);
        results = toBenchmarkJson(measured);
      }
    } catch (e) {
      // A suite that cannot be measured fails the gate: it is a bug, not bad usage.
      io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_FAIL;
    }
  }

  if (baseline === undefined) {
    if (values.results !== undefined) {
      try {
        Object.assign(tolerances, parseBaseline(readFileSync(baselineFile, 'utf8'), baselineFile).tolerances);
      } catch {
        // No old baseline to keep tolerances from: the default holds for every figure.
      }
    }
    const written: Baseline = {
      about: 'Regression gate baseline: each figure is a ratio, in percent, of a rate to its reference (the calibration loop, a bare heap loop) measured in the same process. Compare with `npm run bench:check`; rewrite on purpose with `npm run bench:check -- --update-baseline`.',
      measured: new Date().toISOString().slice(0, 10),
      node: process.version,
      machine: machineNote(),
      run:
        values.results === undefined
          ? `median of ${BASELINE_RUNS} quick measurements (each suite ${PASSES} times in a fresh process, at least ${roundOptions('quick').rounds} rounds and ${roundOptions('quick').minSeconds} s each; a figure is its best rate over the rounds ÷ the calibration loop's best)`
          : `from ${values.results}`,
      figures: Object.fromEntries(results.map((r) => [r.name, r.value])),
      tolerances: Object.fromEntries(results.filter((r) => Object.hasOwn(tolerances, r.name)).map((r) => [r.name, tolerances[r.name] as number])),
    };
    writeFileSync(baselineFile, `${JSON.stringify(written, null, 2)}\n`);
    io.out(`${results.map((r) => `${r.name}: ${r.value.toFixed(2)}%`).join('\n')}\n\nwrote ${baselineFile}\n`);
    return EXIT_PASS;
  }

  let rows = compareWithBaseline(baseline, results, TOLERANCE, override);
  for (let attempt = 1; measured !== undefined && attempt <= CONFIRMATIONS && rows.some((r) => r.verdict === 'regressed'); attempt++) {
    // Confirm before failing: measure the suites of the regressed figures again, each in a fresh process, and keep each figure's better value.
    const regressed = new Set(rows.filter((r) => r.verdict === 'regressed').map((r) => r.name));
    const suites = GATE_SUITES.filter((s) => measured?.some((f) => f.suite === s.id && regressed.has(f.name)));
    io.err(`${regressed.size} figure${regressed.size === 1 ? '' : 's'} below the tolerance; measuring ${suites.map((s) => s.id).join(', ')} again (${attempt} of ${CONFIRMATIONS})\n`);
    await new Promise((resolve) => setTimeout(resolve, io.confirmPauseMs ?? CONFIRM_PAUSE_MS));
    let again: Map<string, Figure>;
    try {
      again = new Map((await run(suites, mode, progress)).map((f) => [f.name, f]));
    } catch (e) {
      io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_FAIL;
    }
    measured = measured.map((f) => {
      const g = again.get(f.name);
      return g !== undefined && g.summary.bestRatio > f.summary.bestRatio ? g : f;
    });
    results = toBenchmarkJson(measured);
    rows = compareWithBaseline(baseline, results, TOLERANCE, override);
  }
  io.out(`baseline: ${baseline.measured}, node ${baseline.node}, ${baseline.machine}\n\n`);
  io.out(checkTable(rows));
  // The absolute rates are not gated; they show the state of the machine (the calibration loop's speed) when a figure looks off.
  if (measured !== undefined) io.out(`\nrates (not gated):\n${toBenchmarkJson(measured).map((e) => `  ${e.name}: ${e.extra ?? ''}`).join('\n')}\n`);
  return gateFails(rows) ? EXIT_FAIL : EXIT_PASS;
}

function machineNote(): string {
  const cpus = os.cpus();
  const load = os.loadavg()[0] ?? 0;
  let virtual = '';
  try {
    if (/^flags\s*:.*\bhypervisor\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'))) virtual = ', a virtual machine';
  } catch {
    // Not Linux: nothing to add.
  }
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}${virtual}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, load average ${load.toFixed(1)} when measured`;
}

/** Per name, the median value over several results (names missing from some runs take the median of the rest). */
function medianEntries(runs: readonly BenchmarkEntry[][]): BenchmarkEntry[] {
  const names = [...new Set(runs.flatMap((r) => r.map((e) => e.name)))];
  return names.map((name) => {
    const values = runs.flatMap((r) => r.filter((e) => e.name === name).map((e) => e.value));
    return { name, unit: RATIO_UNIT, value: median(values) };
  });
}
