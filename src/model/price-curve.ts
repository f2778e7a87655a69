import { bisectRight } from 'd3-array';
import type { DeepReadonly, PriceCurve } from '../scenario/scenario.js';
import { cappedStepIntegral, type Price } from './price.js';

/**
 * A price per chip-hour as a function of simulated time: constant, periodic
 * steps (peak and off-peak hours), or a series of changes read from a file
 * (the last price holds afterwards, the first one before).
 *
 * `integral(t0, t1)` is the price integrated over [t0, t1] in
 * price-seconds; divide by 3600 for chip-hours. It costs O(log steps) (plus
 * whole periods in O(1)), so billing a job is cheap however long it runs.
 */
export class PriceFunction implements Price {
  /** Step start times (within a period for periodic curves). */
  private readonly at: Float64Array;
  private readonly price: Float64Array;
  /** Integral from at[0] (or the period start) to at[i]. */
  private readonly prefix: Float64Array;
  private readonly periodS: number;
  private readonly periodIntegral: number;
  readonly constant: boolean;

  constructor(base: number, curve?: DeepReadonly<PriceCurve>) {
    if (curve === undefined) {
      this.at = Float64Array.of(0);
      this.price = Float64Array.of(base);
      this.periodS = Infinity;
      this.constant = true;
    } else if (curve.kind === 'periodic') {
      // Before the first step of a period, the last step's price still holds (it wraps).
      const first = curve.atS[0] as number;
      const atS = first > 0 ? [0, ...curve.atS] : [...curve.atS];
      const prices = first > 0 ? [curve.price[curve.price.length - 1] as number, ...curve.price] : [...curve.price];
      this.at = Float64Array.from(atS);
      this.price = Float64Array.from(prices);
      this.periodS = curve.periodS;
      this.constant = prices.every((p) => p === prices[0]);
    } else {
      this.at = Float64Array.from(curve.t);
      this.price = Float64Array.from(curve.price);
      this.periodS = Infinity;
      this.constant = curve.price.every((p) => p === curve.price[0]);
    }
    this.prefix = new Float64Array(this.at.length);
    for (let i = 1; i < this.at.length; i++) {
      this.prefix[i] = (this.prefix[i - 1] as number) + (this.price[i - 1] as number) * ((this.at[i] as number) - (this.at[i - 1] as number));
    }
    const n = this.at.length;
    this.periodIntegral = Number.isFinite(this.periodS)
      ? (this.prefix[n - 1] as number) + (this.price[n - 1] as number) * (this.periodS - (this.at[n - 1] as number))
      : 0;
  }

  /** The lowest price the curve ever takes. */
  get minPrice(): number {
    let min = Infinity;
    for (const p of this.price) if (p < min) min = p;
    return min;
  }

  /** min(price, cap) integrated over [t0, t1]: whole periods of a schedule are walked once. */
  cappedIntegral(t0: number, t1: number, cap: number): number {
    if (this.constant) return Math.min(this.price[0] as number, cap) * (t1 - t0);
    const n = this.at.length;
    if (!Number.isFinite(this.periodS)) return cappedStepIntegral(this.at, this.price, n, t0, t1, cap);
    const p = this.periodS;
    const k0 = Math.floor(t0 / p);
    const k1 = Math.floor(t1 / p);
    const within = (a: number, b: number): number => cappedStepIntegral(this.at, this.price, n, a, b, cap, p);
    if (k0 === k1) return within(t0 - k0 * p, t1 - k0 * p);
    return within(t0 - k0 * p, p) + (k1 - k0 - 1) * within(0, p) + within(0, t1 - k1 * p);
  }

  /** The first time after `t` at which the price changes; Infinity if it never does again. */
  nextChangeAfter(t: number): number {
    if (this.constant) return Infinity;
    if (Number.isFinite(this.periodS)) {
      const start = Math.floor(t / this.periodS) * this.periodS;
      const phase = t - start;
      // Compared as absolute times: a step a hair after a period's start (1e-300 s) rounds onto the start itself, and a change at t itself would come round again for ever.
      for (let i = 0; i < this.at.length; i++) {
        const next = start + (this.at[i] as number);
        if ((this.at[i] as number) > phase && next > t) return next;
      }
      return start + this.periodS + (this.at[0] as number);
    }
    for (let i = 0; i < this.at.length; i++) if ((this.at[i] as number) > t) return this.at[i] as number;
    return Infinity;
  }

  /** Price per chip-hour at time t. */
  priceAt(t: number): number {
    return this.price[this.stepAt(this.phase(t))] as number;
  }

  /** The price integrated over [t0, t1], in price × seconds. */
  integral(t0: number, t1: number): number {
    if (this.constant) return (this.price[0] as number) * (t1 - t0);
    return this.cumulative(t1) - this.cumulative(t0);
  }

  /** Integral from time 0 (or from the first series point, extended backwards at its price) to t. */
  private cumulative(t: number): number {
    if (Number.isFinite(this.periodS)) {
      const periods = Math.floor(t / this.periodS);
      return periods * this.periodIntegral + this.within(t - periods * this.periodS);
    }
    return this.within(t);
  }

  private within(x: number): number {
    const i = this.stepAt(x);
    return (this.prefix[i] as number) + (this.price[i] as number) * (x - (this.at[i] as number));
  }

  private phase(t: number): number {
    return Number.isFinite(this.periodS) ? t - Math.floor(t / this.periodS) * this.periodS : t;
  }

  /** Index of the last step starting at or before x (0 if x precedes them all). */
  private stepAt(x: number): number {
    return Math.max(0, bisectRight(this.at as unknown as number[], x) - 1);
  }
}
