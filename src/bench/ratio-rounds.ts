/**
 * How manychip measures speed on a noisy shared machine: in rounds, each
 * round timing a reference (the calibration loop) and the contenders moments
 * apart, so that both sides of a ratio ran under about the same load. Two
 * ratios come out of the rounds:
 *
 * - the median of the per-round ratios: a slow drift of the machine moves
 *   both sides of a round's ratio together, and a round spoilt by a busy
 *   neighbour is left out;
 * - the ratio of the best rates (the fastest round of the contender over
 *   the fastest round of the reference): the speed of each in the quietest
 *   moment, when nothing else took the CPU or the caches. Other work only
 *   ever slows a sample down, so the best sample is the least disturbed
 *   one. On the project's 2-core shared machine this ratio moved by about a
 *   third as much from run to run as the median of ratios did (see the
 *   regression gate, bench/gate/), and it is what the gate compares.
 */

/** One round's measurement of a contender: its rate and the reference's rate measured beside it. */
export interface RoundSample {
  rate: number;
  reference: number;
}

/** A contender's figures over all rounds. */
export interface RatioSummary {
  /** Median over rounds of the contender's rate. */
  rate: number;
  /** Median over rounds of the reference's rate. */
  reference: number;
  /** Median over rounds of rate ÷ reference within the round. */
  ratio: number;
  /** The smallest and largest per-round ratio: the spread the median was taken over. */
  ratioMin: number;
  ratioMax: number;
  /** The contender's best rate over the rounds. */
  bestRate: number;
  /** The reference's best rate over the rounds. */
  bestReference: number;
  /** bestRate ÷ bestReference: the two at their least disturbed. */
  bestRatio: number;
  rounds: number;
}

/** The median of a non-empty list (the mean of the middle two for an even count); NaN for an empty one. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Summarises a contender's per-round samples (one per round). */
export function summarizeRounds(samples: readonly RoundSample[]): RatioSummary {
  const ratios = samples.map((s) => s.rate / s.reference);
  const bestRate = Math.max(...samples.map((s) => s.rate));
  const bestReference = Math.max(...samples.map((s) => s.reference));
  return {
    rate: median(samples.map((s) => s.rate)),
    reference: median(samples.map((s) => s.reference)),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    bestRate,
    bestReference,
    bestRatio: bestRate / bestReference,
    rounds: samples.length,
  };
}

/**
 * Runs rounds of `measure`, which returns the rates of one round: the
 * reference's first, then each contender's; at least `rounds` of them, and
 * more until `minSeconds` have passed (spread over a longer time, the
 * rounds are likelier to include a quiet moment of the machine). Returns,
 * per contender (reference excluded), its summary over the rounds.
 */
export async function inRatioRounds(rounds: number, measure: (round: number) => Promise<readonly number[]> | readonly number[], minSeconds = 0): Promise<RatioSummary[]> {
  const samples: RoundSample[][] = [];
  const start = performance.now();
  for (let round = 0; round < rounds || performance.now() - start < minSeconds * 1000; round++) {
    const [reference, ...rates] = await measure(round);
    if (reference === undefined) throw new Error('a round measured nothing');
    rates.forEach((rate, i) => (samples[i] ??= []).push({ rate, reference }));
  }
  return samples.map(summarizeRounds);
}
