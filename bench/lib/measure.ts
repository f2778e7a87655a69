import { appendFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { inRatioRounds, type RatioSummary } from '../../src/bench/ratio-rounds.js';

/** A function to time, and how many operations (events, decisions, pop-push pairs) one call performs. */
export interface Task {
  name: string;
  ops: number;
  fn: () => void;
}

export interface RoundOptions {
  /** Rounds: in each, every task runs `iterations` times, the reference first. */
  rounds: number;
  /** More rounds until this many seconds have passed (default 0). */
  minSeconds?: number;
  /** Samples per task and round (default 1); the round's rate is from their median. */
  iterations?: number;
}

/**
 * Times `tasks` in interleaved rounds with tinybench: each round samples
 * the reference (`tasks[0]`) and then each contender, moments apart, so
 * that both sides of a round's ratio ran under the same load of the
 * machine. Rounds are short (one sample of each task by default) and many:
 * a busy neighbour spoils a few rounds rather than one side of every ratio,
 * and neither the median over rounds nor the best rounds hear of them. Returns, per contender, its
 * summary over the rounds (see `summarizeRounds`).
 *
 * With BENCH_SAMPLES=<file> in the environment, every round's rates are
 * appended to that file as a JSON line, for studying the machine's noise.
 */
export async function measureInRounds(tasks: readonly Task[], options: RoundOptions): Promise<RatioSummary[]> {
  const iterations = options.iterations ?? 1;
  return inRatioRounds(options.rounds, async (round) => {
    // The first round compiles the code (warm-up runs); later ones are all measurement.
    const bench = new Bench({ time: 0, iterations, warmup: round === 0, warmupTime: 0, warmupIterations: 3 });
    for (const t of tasks) bench.add(t.name, t.fn);
    await bench.run();
    const rates = tasks.map((t) => {
      const result = bench.getTask(t.name)?.result;
      if (result === undefined || !('latency' in result)) throw new Error(`benchmark ${t.name} did not complete`);
      return t.ops / (result.latency.p50 / 1000);
    });
    if (process.env.BENCH_SAMPLES !== undefined) appendFileSync(process.env.BENCH_SAMPLES, `${JSON.stringify({ tasks: tasks.map((t) => t.name), round, rates })}\n`);
    return rates;
  }, options.minSeconds ?? 0);
}
