/**
 * How time and memory grow with jobs and with nodes, on the scale benchmark
 * (bench/scenarios/scale-1m.yaml: cost-latency over 100 pools in 20 sites).
 * Each point is a separate `node` process running the CLI's main(), so its
 * wall time includes start-up and its peak RSS is its own.
 *
 * - Jobs: 10,000, 100,000 and 1,000,000 jobs at the same arrival rate.
 * - Nodes: 1,000, 10,000 and 100,000 nodes (10, 100, 1,000 per pool) with
 *   the arrival rate and the number of jobs scaled with them (20 jobs per
 *   node), so every size is as busy for as long. The time per job should
 *   barely move: a decision scores pools and reads a pool's room from its
 *   index root; only the event heap and the node trees grow, by log n.
 *
 * - M/M/16 (bench/scenarios/mmc-1m.yaml) from 100,000 to 10,000,000 jobs
 *   (and 100,000,000 with --huge: about three minutes): time and peak RSS
 *   grow with the jobs alive, not with every job seen (issue 20).
 *
 *   npm run bench:scale [-- --quick] [-- --huge]    (--quick: fewer jobs per point)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Compiled to dist/bench/scale/; the scenario files stay in the source tree.
const root = join(here, '..', '..', '..');
const scenarioFile = join(root, 'bench', 'scenarios', 'scale-1m.yaml');
const nodesFile = join(root, 'bench', 'scenarios', 'data', 'scale-nodes.csv');
const quick = process.argv.includes('--quick');
const huge = process.argv.includes('--huge');
const mmcFile = join(root, 'bench', 'scenarios', 'mmc-1m.yaml');
const repeats = quick ? 1 : 3;

interface Point {
  processSeconds: number;
  simulationSeconds: number;
  events: number;
  jobs: number;
  maxRssMB: number;
}

/** The scale scenario with its counts scaled by `jobs` / 1M, its rates by `load`, and `nodesPerPool` nodes in each pool. */
function variant(dir: string, name: string, jobs: number, load: number, nodesPerPool: number): string {
  let yaml = readFileSync(scenarioFile, 'utf8');
  const factor = jobs / 1_000_000;
  yaml = yaml.replace(/count: (\d+)/g, (_, n: string) => `count: ${Math.round(Number(n) * factor)}`);
  yaml = yaml.replace(/rate: ([\d.]+)/g, (_, r: string) => `rate: ${Number(r) * load}`);
  yaml = yaml.replace(/^name: .*$/m, `name: ${name}`);
  const csv = readFileSync(nodesFile, 'utf8').replace(/^(dc-[^,]+,[^,]+,)100,/gm, `$1${nodesPerPool},`);
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 'scale-nodes.csv'), csv);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

/** bench/scenarios/mmc-1m.yaml with `jobs` jobs (and the job limit raised past them). */
function mmcVariant(dir: string, jobs: number): string {
  const yaml = readFileSync(mmcFile, 'utf8')
    .replace(/count: \d+/, `count: ${jobs}`)
    .replace(/^name: .*$/m, `name: mmc-${jobs}`)
    .replace(/^policy: fifo$/m, `policy: fifo\nlimits: { maxJobs: ${Math.max(20_000_000, jobs)} }`);
  const file = join(dir, `mmc-${jobs}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

/** Median of `times` runs of one scenario (default `repeats`), each in its own process. */
function measure(file: string, times = repeats): Point {
  const runs: Point[] = [];
  for (let i = 0; i < times; i++) {
    const child = spawnSync(process.execPath, [join(here, 'run-one.js'), file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (child.status !== 0) throw new Error(`run failed (${child.status}): ${child.stderr}`);
    const last = child.stderr.trim().split('\n').pop() ?? '';
    runs.push(JSON.parse(last) as Point);
  }
  runs.sort((a, b) => a.processSeconds - b.processSeconds);
  return runs[Math.floor(runs.length / 2)] as Point;
}

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(10) : String(c).padStart(13))).join(' ');
}

const dir = mkdtempSync(join(tmpdir(), 'manychip-scale-'));
try {
  console.log(`scale growth (${repeats === 1 ? 'one run' : `median of ${repeats} runs`} per point, each its own process; Node ${process.version})\n`);
  console.log('by jobs (10,000 nodes, same arrival rate)');
  console.log(row(['jobs', 'process s', 'simulation s', 'µs per job', 'peak RSS MB', 'MB per 1M jobs']));
  const jobCounts = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  for (const jobs of jobCounts) {
    const p = measure(variant(dir, `jobs-${jobs}`, jobs, 1, 100));
    console.log(row([jobs.toLocaleString('en-US'), p.processSeconds.toFixed(2), p.simulationSeconds.toFixed(2), ((p.simulationSeconds / p.jobs) * 1e6).toFixed(2), p.maxRssMB.toFixed(0), ((p.maxRssMB / p.jobs) * 1e6).toFixed(0)]));
  }
  console.log('\nM/M/16 at ρ = 0.9, fifo (bench/scenarios/mmc-1m.yaml); points of 10,000,000 jobs and more run once');
  console.log(row(['jobs', 'process s', 'simulation s', 'µs per job', 'peak RSS MB', 'MB per 1M jobs']));
  const mmcCounts = quick ? [100_000, 1_000_000] : [100_000, 1_000_000, 10_000_000, ...(huge ? [100_000_000] : [])];
  for (const jobs of mmcCounts) {
    const p = measure(mmcVariant(dir, jobs), jobs >= 10_000_000 ? 1 : repeats);
    console.log(row([jobs.toLocaleString('en-US'), p.processSeconds.toFixed(2), p.simulationSeconds.toFixed(2), ((p.simulationSeconds / p.jobs) * 1e6).toFixed(2), p.maxRssMB.toFixed(0), ((p.maxRssMB / p.jobs) * 1e6).toFixed(1)]));
  }
  console.log('\nby nodes (arrival rate and jobs scaled with the cluster: as busy, for as long, at every size)');
  console.log(row(['nodes', 'jobs', 'process s', 'simulation s', 'µs per job', 'peak RSS MB']));
  const jobsPerNode = quick ? 5 : 20;
  for (const perPool of [10, 100, 1000]) {
    const nodes = perPool * 100;
    const p = measure(variant(dir, `nodes-${nodes}`, jobsPerNode * nodes, perPool / 100, perPool));
    console.log(row([nodes.toLocaleString('en-US'), p.jobs.toLocaleString('en-US'), p.processSeconds.toFixed(2), p.simulationSeconds.toFixed(2), ((p.simulationSeconds / p.jobs) * 1e6).toFixed(2), p.maxRssMB.toFixed(0)]));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
