/**
 * Fidelity check of the SWF replay: the KTH SP2 ran EASY backfilling, so
 * replaying its log under easy-backfill (policies told the requested times,
 * as EASY was) should give waits like those the log records. Prints the
 * simulated waits beside the logged ones, with fifo and EASY with exact
 * estimates as bounds on what backfilling and estimates are worth.
 *
 *   npm run experiment:kth
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../src/run-scenario.js';
import { parseScenario } from '../src/scenario/parse-scenario.js';
import { swfLoggedWaits } from '../src/workload/trace/swf.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = join(root, 'scenarios', 'kth-sp2.yaml');
const text = readFileSync(file, 'utf8');
const log = join(root, '../shared/traces/swf/KTH-SP2-1996-2.1-cln.swf');

const logged = swfLoggedWaits(log);
const quantile = (sorted: Float64Array, q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
const rows: string[][] = [['the log (recorded waits)', logged.length.toLocaleString('en-US'), fmt(logged.reduce((a, b) => a + b, 0) / logged.length), fmt(quantile(logged, 0.5)), fmt(quantile(logged, 0.95)), '']];

const variants: [string, string, string][] = [
  ['easy-backfill, requested times', 'easy-backfill', ''],
  ['easy-backfill, exact run times', 'easy-backfill', ', estimate: runtime'],
  ['fifo (no backfilling)', 'fifo', ''],
];
for (const [label, policy, estimate] of variants) {
  const scenario = parseScenario(text.replace('KTH-SP2-1996-2.1-cln.swf }', `KTH-SP2-1996-2.1-cln.swf${estimate} }`), file, dirname(file));
  const started = performance.now();
  const r = runScenario(scenario, { policy });
  const wall = (performance.now() - started) / 1000;
  rows.push([label, r.jobs.completed.toLocaleString('en-US'), fmt(r.wait.mean), fmt(r.wait.p50), fmt(r.wait.p95), `${wall.toFixed(2)} s, utilisation ${(100 * (r.utilization.overall ?? 0)).toFixed(1)}%`]);
}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : Math.round(v).toLocaleString('en-US');
}

console.log('| KTH SP2 1996–97 | jobs | mean wait (s) | median | p95 | run |');
console.log('| --- | ---: | ---: | ---: | ---: | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
