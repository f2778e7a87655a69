import { cappedStepIntegral, stepIndex, type Price } from './price.js';

/**
 * A price set as the run goes (dynamic pricing: base × a curve of the
 * utilisation, re-evaluated at intervals by the market). It keeps its whole
 * history as steps, so that billing and the results can read the price at
 * any past time; into the future its last price holds, which is what
 * estimates assume.
 */
export class DynamicPrice implements Price {
  readonly constant = false;
  private readonly at: number[] = [0];
  private readonly price: number[];
  /** Integral from 0 to at[i]. */
  private readonly prefix: number[] = [0];

  /**
   * @param initial the price from time 0
   * @param minPrice the lowest price the curve can ever give (base × its lowest multiplier)
   */
  constructor(
    initial: number,
    readonly minPrice: number,
  ) {
    this.price = [initial];
  }

  /** The price now (the last one set). */
  get current(): number {
    return this.price[this.price.length - 1] as number;
  }

  /**
   * Sets the price from time `t` on (t at or after the last change).
   * Returns whether it changed.
   */
  set(t: number, price: number): boolean {
    const n = this.at.length;
    const last = this.at[n - 1] as number;
    if (t < last) throw new RangeError(`a price is set at t=${t}, before its last change at t=${last}`);
    if (price === this.price[n - 1]) return false;
    if (t === last) {
      // A second change at one instant replaces the first: no step of zero length.
      this.price[n - 1] = price;
      return true;
    }
    this.prefix.push((this.prefix[n - 1] as number) + (this.price[n - 1] as number) * (t - last));
    this.at.push(t);
    this.price.push(price);
    return true;
  }

  nextChangeAfter(): number {
    return Infinity;
  }

  priceAt(t: number): number {
    return this.price[stepIndex(this.at, this.at.length, t)] as number;
  }

  integral(t0: number, t1: number): number {
    return this.cumulative(t1) - this.cumulative(t0);
  }

  cappedIntegral(t0: number, t1: number, cap: number): number {
    return cappedStepIntegral(this.at, this.price, this.at.length, t0, t1, cap);
  }

  private cumulative(t: number): number {
    const i = stepIndex(this.at, this.at.length, t);
    return (this.prefix[i] as number) + (this.price[i] as number) * (t - (this.at[i] as number));
  }
}
