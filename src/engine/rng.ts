import alea from 'seedrandom/lib/alea.js';

/** A uniform random number generator on [0, 1). */
export type Rng = () => number;

/**
 * Named random streams derived from one master seed.
 *
 * Each stream is an independent Alea generator (the fastest of seedrandom's
 * generators, about 10 ns a draw here) seeded from `<master>/<name>`. Because
 * a stream's sequence depends only on the master seed and its name, what one
 * part of a simulation draws never shifts another part's numbers: arrivals
 * stay the same whichever policy runs (common random numbers).
 */
export class RngStreams {
  readonly masterSeed: number;
  private readonly streams = new Map<string, Rng>();

  constructor(masterSeed: number) {
    if (!Number.isSafeInteger(masterSeed)) {
      throw new RangeError(`seed must be a safe integer, got ${masterSeed}`);
    }
    this.masterSeed = masterSeed;
  }

  /**
   * The stream called `name`, created on first use. Asking twice for the
   * same name returns the same generator, continuing where it left off.
   */
  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      rng = alea(`${this.masterSeed}/${name}`);
      this.streams.set(name, rng);
    }
    return rng;
  }
}

/**
 * An exponential variate with the given mean, by inversion. `1 - u` lies in
 * (0, 1], so the logarithm is always finite.
 */
export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng()) * mean;
}
