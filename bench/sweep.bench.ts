/**
 * Sweep throughput: runs per second of a small sweep on 1 and 2 worker
 * threads (and in the main thread, for the cost of the threads), and the
 * 2-worker speed-up. Each round runs the whole sweep on each setting in
 * turn (interleaved, so a noisy spell hurts all alike); the speed-up is the
 * median over rounds of the per-round ratio.
 *
 *   npm run bench:sweep [-- --rounds 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
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

async function runsPerSecond(workers: number, round: number): Promise<number> {
  const started = performance.now();
  await runSweep(plan, { output: join(dir, `w${workers}-r${round}.jsonl`), workers, force: true });
  return plan.total / ((performance.now() - started) / 1000);
}

const settings = [0, 1, 2];
const rates = new Map<number, number[]>(settings.map((w) => [w, []]));
const speedups: number[] = [];
for (let r = 0; r < rounds; r++) {
  const inRound = new Map<number, number>();
  for (const w of r % 2 === 0 ? settings : [...settings].reverse()) {
    const rate = await runsPerSecond(w, r);
    inRound.set(w, rate);
    rates.get(w)?.push(rate);
  }
  speedups.push((inRound.get(2) as number) / (inRound.get(1) as number));
}
rmSync(dir, { recursive: true, force: true });

console.log(`sweep throughput: ${plan.total} runs (${plan.variants.length} variants × ${plan.policies.length} policies × ${plan.seeds.length} seeds) of ${file.split('/').slice(-2).join('/')}, ${rounds} rounds, ${availableParallelism()} cores`);
for (const w of settings) {
  const xs = rates.get(w) as number[];
  console.log(`  ${w === 0 ? 'main thread' : `${w} worker${w === 1 ? '' : 's'}`}: median ${median(xs).toFixed(2)} runs/s (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`);
}
console.log(`  2 workers ÷ 1 worker: median ${median(speedups).toFixed(2)}× per round (${Math.min(...speedups).toFixed(2)}–${Math.max(...speedups).toFixed(2)})`);
