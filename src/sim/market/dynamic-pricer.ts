import type { ClusterModel } from '../../model/cluster-model.js';
import type { DynamicPrice } from '../../model/dynamic-price.js';
import { curveAt, type PricerModel } from '../../model/market-model.js';
import type { ReadonlyNumbers } from '../../model/readonly-numbers.js';

/**
 * Re-evaluates the dynamic prices: base × the curve at the utilisation of
 * each pool (or of its provider's pools) — chips allocated over chips in
 * service — every `intervalS`. Pools with the same interval are evaluated
 * by one event, at intervalS, 2·intervalS, …
 */
export class DynamicPricer {
  /** Pricers by interval: one event per distinct interval. */
  readonly groups: { intervalS: number; pricers: PricerModel[] }[] = [];
  private readonly capacityMilli: Float64Array;

  constructor(
    private readonly model: ClusterModel,
    pricers: readonly PricerModel[],
    /** Milli-chips allocated now, per pool (live). */
    private readonly allocated: ReadonlyNumbers,
    /** Milli-chips out of service now, per pool (live). */
    private readonly down: ReadonlyNumbers,
  ) {
    this.capacityMilli = Float64Array.from(model.pools, (p) => p.nodes * p.milliPerNode);
    for (const p of pricers) {
      let g = this.groups.find((x) => x.intervalS === p.intervalS);
      if (g === undefined) this.groups.push((g = { intervalS: p.intervalS, pricers: [] }));
      g.pricers.push(p);
    }
  }

  /** Sets the prices of a group at `time`; returns the pools whose ask changed. */
  evaluate(group: number, time: number): number[] {
    const changed: number[] = [];
    for (const p of this.groups[group]?.pricers ?? []) {
      const price = p.base * curveAt(this.utilisation(p.over), p.utilisation, p.multiplier);
      if ((this.model.pools[p.pool]?.price as DynamicPrice).set(time, price)) changed.push(p.pool);
    }
    return changed;
  }

  /** Chips allocated over chips in service, over the pools; 1 when none is in service (nothing to sell). */
  utilisation(pools: readonly number[]): number {
    let used = 0;
    let inService = 0;
    for (const q of pools) {
      used += this.allocated[q] as number;
      inService += (this.capacityMilli[q] as number) - (this.down[q] as number);
    }
    return inService > 0 ? used / inService : 1;
  }
}
