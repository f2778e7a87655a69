import { setFlagsFromString } from 'node:v8';

/**
 * V8's budget for inlining into one optimised function, in bytecode bytes:
 * 920 by default (tuned for web pages), raised here for the simulator. A
 * job's life is a deep chain of small calls (the event loop, the
 * dispatcher, the policy's decision, placement, billing, the statistics),
 * and the default budget runs out a few calls down, leaving each
 * remaining call to box its floating-point arguments. Measured on M/M/16
 * (BENCHMARKS.md, issue 20): 11,951 → 10,184 instructions per job (3,000 bytes: 10,602; 12,000: 10,300).
 */
export const INLINE_BUDGET_BYTES = 6000;

/**
 * V8 compiles a long-running loop (on-stack replacement, OSR) on its
 * background compiler thread by default, and the loop goes on unoptimised
 * until the code lands. In a run that thread is the bottleneck: the
 * per-job functions are compiled one by one first (54–57 compiles, 480–670
 * ms of compiler time for a million M/M/16 jobs, `--trace-opt`), so the
 * run loop's OSR waits behind them and then takes 85–92 ms on a core that
 * the main thread and other processes share. Compiled on the main thread
 * instead, the same OSR took 37 ms and the loop ran optimised from then
 * on. Measured on M/M/16, a million jobs, whole processes (BENCHMARKS.md,
 * goal 2, ninth pass): 909 → 858 ms wall and 1,070 → 950 ms CPU, medians
 * of 11 interleaved runs; the KTH replay and quickstart within noise.
 */
export const OSR_ON_MAIN_THREAD = '--no-concurrent-osr';

/**
 * Sets V8's flags for a command-line process. Call it before the bundle is
 * compiled: V8 accepts a code cache only from a process with the same
 * flags, and the build writes the cache from a process that called this
 * too. Inlining and where V8 compiles change how fast code runs, never
 * what it computes.
 */
export function tuneV8(): void {
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINE_BUDGET_BYTES}`);
  setFlagsFromString(OSR_ON_MAIN_THREAD);
}
