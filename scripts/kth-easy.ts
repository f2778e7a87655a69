/**
 * Fidelity check of the SWF replay: the KTH SP2 ran EASY backfilling, so
 * replaying its log under easy-backfill (policies told the requested times,
 * as EASY was) should give waits like those the log records. Prints the
 * simulated waits beside the logged ones, with fifo and EASY with exact
 * estimates as bounds on what backfilling and estimates are worth.
 *
 *   npm run experiment:kth [-- --scenario <a scenario replaying an SWF log>]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../src/errors.js';
import { readInputText } from '../src/io/read-input-text.js';
import { runScenario } from '../src/run-scenario.js';
import { loadScenarioFile, parseScenario } from '../src/scenario/parse-scenario.js';
import { swfLoggedWaits } from '../src/workload/trace/swf.js';
import { runScript, scriptArg } from './run-script.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = resolve(scriptArg('scenario') ?? join(root, 'scenarios', 'kth-sp2.yaml'));

runScript(() => {
  // Loaded first, so that a missing scenario or log gets one located message.
  const trace = loadScenarioFile(file).workload.find((w) => w.trace?.format === 'swf')?.trace;
  if (trace === undefined) throw new UsageError(`${file} replays no SWF log`);
  const text = readInputText(file, { what: 'scenario' });

  const logged = swfLoggedWaits(trace.path, trace.name);
  const quantile = (sorted: Float64Array, q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  const rows: string[][] = [['the log (recorded waits)', logged.length.toLocaleString('en-US'), fmt(logged.reduce((a, b) => a + b, 0) / logged.length), fmt(quantile(logged, 0.5)), fmt(quantile(logged, 0.95)), '']];

  const variants: [string, string, string][] = [
    ['easy-backfill, requested times', 'easy-backfill', ''],
    ['easy-backfill, exact run times', 'easy-backfill', ', estimate: runtime'],
    ['fifo (no backfilling)', 'fifo', ''],
  ];
  for (const [label, policy, estimate] of variants) {
    // The estimate goes into the trace entry (`trace: { format: swf, file: … }`) as one more field.
    const scenario = parseScenario(text.replace(/(trace: \{ format: swf, file: [^}]*?)( \})/, `$1${estimate}$2`), file, dirname(file));
    const started = performance.now();
    const r = runScenario(scenario, { policy });
    const wall = (performance.now() - started) / 1000;
    rows.push([label, r.jobs.completed.toLocaleString('en-US'), fmt(r.wait.mean), fmt(r.wait.p50), fmt(r.wait.p95), `${wall.toFixed(2)} s, utilisation ${(100 * (r.utilization.overall ?? 0)).toFixed(1)}%`]);
  }

  console.log('| KTH SP2 1996–97 | jobs | mean wait (s) | median | p95 | run |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
});

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : Math.round(v).toLocaleString('en-US');
}
