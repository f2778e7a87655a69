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
 * Sets V8's flags for a command-line process. Call it before the bundle is
 * compiled: V8 accepts a code cache only from a process with the same
 * flags, and the build writes the cache from a process that called this
 * too. Inlining changes how fast code runs, never what it computes.
 */
export function tuneV8(): void {
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINE_BUDGET_BYTES}`);
}
