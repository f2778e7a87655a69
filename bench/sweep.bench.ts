/**
 * Sweep throughput: runs per second of a small sweep on 1 and 2 worker
 * threads (and in the main thread, for the cost of the threads; and with
 * 2 workers writing lean rows), and the 2-worker speed-up. Each round runs
 * the whole sweep on each setting in turn (interleaved, so a noisy spell
 * hurts all alike); the speed-up is the median over rounds of the
 * per-round ratio.
 *
 * The speed-up is set against what two cores give here at best (issue 20):
 * in the same round, one `manychip run` process alone, then two of them
 * side by side; the physical limit is 2 × (time alone) ÷ (time for both),
 * and the sweep's efficiency its speed-up ÷ that limit.
 *
 *   npm run bench:sweep [-- --rounds 5]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSweep } from '../src/sweep/run-sweep.js';
import { planSweep } from '../src/sweep/sweep-plan.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const rounds = arg('rounds', 5);
// The bench sweep: the M/M/16 queue at four loads × 2 policies × 10 seeds = 80 runs of 50,000 jobs each (run from the repository root).
const file = join(process.cwd(), 'bench', 'scenarios', 'sweep-mmc.yaml');
const plan = planSweep(file);
const dir = mkdtempSync(join(tmpdir(), 'manychip-sweep-bench-'));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** A setting: worker threads, and whether rows are lean. */
const settings = [
  { name: 'main thread', workers: 0, lean: false },
  { name: '1 worker', workers: 1, lean: false },
  { name: '2 workers', workers: 2, lean: false },
  { name: '2 workers, lean rows', workers: 2, lean: true },
];
const rowBytes = new Map<boolean, number>();

async function runsPerSecond(workers: number, lean: boolean, round: number): Promise<number> {
  const output = join(dir, `w${workers}${lean ? '-lean' : ''}-r${round}.jsonl`);
  const started = performance.now();
  await runSweep(plan, { output, workers, force: true, lean });
  const rate = plan.total / ((performance.now() - started) / 1000);
  rowBytes.set(lean, statSync(output).size / plan.total);
  return rate;
}

// The physical limit: a run of about a second (M/M/16, 400,000 jobs), alone and two side by side, each a whole process.
const cli = join(process.cwd(), 'dist', 'src', 'cli', 'bin.js');
const unit = join(dir, 'unit.yaml');
writeFileSync(unit, readFileSync(join(process.cwd(), 'scenarios', 'mmc.yaml'), 'utf8').replace('count: 200000', 'count: 400000'));
function runProcess(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'run', unit, '--format', 'json'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`manychip run exited ${code}`))));
  });
}
async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

const rates = new Map<string, number[]>(settings.map((s) => [s.name, []]));
const speedups: number[] = [];
const limits: number[] = [];
const efficiencies: number[] = [];
for (let r = 0; r < rounds; r++) {
  const inRound = new Map<string, number>();
  for (const s of r % 2 === 0 ? settings : [...settings].reverse()) {
    const rate = await runsPerSecond(s.workers, s.lean, r);
    inRound.set(s.name, rate);
    rates.get(s.name)?.push(rate);
  }
  const alone = await seconds(runProcess);
  const pair = await seconds(() => Promise.all([runProcess(), runProcess()]));
  const limit = (2 * alone) / pair;
  const speedup = (inRound.get('2 workers') as number) / (inRound.get('1 worker') as number);
  speedups.push(speedup);
  limits.push(limit);
  efficiencies.push(speedup / limit);
}
rmSync(dir, { recursive: true, force: true });

console.log(`sweep throughput: ${plan.total} runs (${plan.variants.length} variants × ${plan.policies.length} policies × ${plan.seeds.length} seeds) of ${file.split('/').slice(-2).join('/')}, ${rounds} rounds, ${availableParallelism()} cores`);
for (const s of settings) {
  const xs = rates.get(s.name) as number[];
  console.log(`  ${s.name}: median ${median(xs).toFixed(2)} runs/s (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`);
}
const spread = (xs: number[]): string => `median ${median(xs).toFixed(2)} per round (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
console.log(`  2 workers ÷ 1 worker: ${spread(speedups)}`);
console.log(`  physical limit, 2 × one manychip run alone ÷ two side by side: ${spread(limits)}`);
console.log(`  efficiency, speed-up ÷ limit: ${spread(efficiencies)}`);
console.log(`  bytes per row: ${Math.round(rowBytes.get(false) ?? 0).toLocaleString('en-US')} full, ${Math.round(rowBytes.get(true) ?? 0).toLocaleString('en-US')} lean`);
