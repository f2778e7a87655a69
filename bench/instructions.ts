/**
 * `npm run bench:instructions [-- --from 100000 --to 300000]`: what one job
 * of M/M/16 costs in machine instructions, counted by valgrind (Debian's
 * `valgrind` package), as `manychip run` is installed (the bundle). A
 * count, not a time: it does not move with the load of a shared machine,
 * so it tells a change worth 2% from noise where timed rounds cannot
 * (BENCHMARKS.md, issue 20, goal 2).
 *
 * The figure is marginal: the instructions of a run of `--to` jobs less
 * those of a run of `--from`, over the difference in jobs, so that start-up,
 * parsing and compiling the hot path cancel out. Node runs with
 * `--single-threaded`: V8 then compiles on the main thread at fixed points
 * instead of on a background thread that finishes when it happens to, and
 * the counts repeat (within about 2%). Each run under valgrind takes
 * about a minute.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './lib/paths.js';

const { values } = parseArgs({ options: { from: { type: 'string', default: '100000' }, to: { type: 'string', default: '300000' } } });
const from = Number(values.from);
const to = Number(values.to);
if (!(Number.isInteger(from) && Number.isInteger(to) && from > 0 && to > from)) throw new Error(`--from and --to: expected integers with 0 < from < to, got ${values.from} and ${values.to}`);
if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('bench:instructions needs valgrind (apt-get install valgrind)');
  process.exit(2);
}

const root = repoRoot();
const source = readFileSync(join(root, 'bench', 'scenarios', 'mmc-1m.yaml'), 'utf8');
if (!/count: 1000000\b/.test(source)) throw new Error('bench/scenarios/mmc-1m.yaml no longer says count: 1000000');
const dir = mkdtempSync(join(tmpdir(), 'manychip-instructions-'));

/** Instructions of one whole `manychip run` of M/M/16 with `jobs` jobs. */
function instructions(jobs: number): number {
  const file = join(dir, `mmc-${jobs}.yaml`);
  writeFileSync(file, source.replace(/count: 1000000\b/, `count: ${jobs}`).replace(/^# yaml-language-server.*\n/, ''));
  const bin = join(root, 'dist', 'bundle', 'bin.js');
  const args = ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, '--single-threaded', bin, 'run', file, '--format', 'json', '--quiet'];
  const run = spawnSync('valgrind', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`valgrind run of ${jobs} jobs failed: ${run.stderr.slice(-2000)}`);
  const refs = /I\s+refs:\s+([\d,]+)/.exec(run.stderr)?.[1];
  if (refs === undefined) throw new Error(`no instruction count in valgrind's output: ${run.stderr.slice(-2000)}`);
  return Number(refs.replaceAll(',', ''));
}

try {
  const a = instructions(from);
  const b = instructions(to);
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(`M/M/16, fifo, manychip run (the bundle) under valgrind; node ${process.version} --single-threaded`);
  console.log(`${fmt(from)} jobs: ${fmt(a)} instructions; ${fmt(to)} jobs: ${fmt(b)} instructions`);
  console.log(`per job (marginal): ${fmt((b - a) / (to - from))} instructions`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
