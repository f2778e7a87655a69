import type { PoolModel } from '../model/cluster-model.js';
import type { ElasticNodes } from '../model/elastic-nodes.js';
import type { ReadonlyNumbers } from '../model/readonly-numbers.js';

/**
 * What an elastic pool's meter adds up, each cumulative from time 0: the
 * integrals of its node counts by state (node-seconds), its on-demand bill
 * and counts of what its controller did. Indices into one row per pool.
 */
export const ElasticField = {
  /** Node-seconds on: booting, idle, busy, draining or shutting down (what on-demand billing counts). */
  onS: 0,
  bootingS: 1,
  idleS: 2,
  busyS: 3,
  /** Node-seconds draining or shutting down. */
  leavingS: 4,
  /** Node-seconds in service (idle, busy or draining): the denominator of a rule's utilisation. */
  inServiceS: 5,
  /** Nodes' worth of jobs waiting for the pool, integrated over time. */
  waitingNodesS: 6,
  /** On-demand nodes (those on beyond `reservedNodes`) × chips × price, over time. */
  onDemandCost: 7,
  /** The part of `onDemandCost` whose chips ran jobs (chips allocated beyond the reserved nodes' chips). */
  onDemandBusyCost: 8,
  boots: 9,
  cancelledBoots: 10,
  powerOffs: 11,
  drains: 12,
  reclaims: 13,
  coldStarts: 14,
  coldStartS: 15,
  failures: 16,
} as const;
export type ElasticField = (typeof ElasticField)[keyof typeof ElasticField];
const FIELDS = 17;

/** Integrals the time series samples per elastic pool: nodes on, booting, busy, and waiting nodes' worth. */
export const SERIES_FIELDS = [ElasticField.onS, ElasticField.bootingS, ElasticField.busyS, ElasticField.waitingNodesS] as const;

/**
 * The meter of a run's elastic pools. Each pool's `ElasticNodes` calls
 * `advance` before every change (its `beforeChange` hook), so that the
 * integrals take the counts as they were up to that moment; the controller
 * counts boots, cancellations and the rest. The on-demand bill integrates
 * the pool's price (which may vary) over the nodes on beyond the reserved
 * ones; chips allocated to jobs are taken from the reserved nodes first.
 */
export class ElasticMeter {
  /** One row of `FIELDS` cumulative values per elastic pool. */
  private readonly values: Float64Array;
  private readonly last: Float64Array;
  private readonly waitingNodes: Float64Array;
  /** Each pool's price per chip-hour, where it is constant. */
  private readonly prices: Float64Array;
  private atWarmup: Float64Array;
  /** Each pool's rule by the name it gives itself (set by the controller). */
  readonly ruleNames: string[] = [];

  constructor(
    readonly pools: readonly PoolModel[],
    readonly nodes: readonly ElasticNodes[],
    /** Milli-chips allocated now, per pool of the model (live). */
    private readonly allocated: ReadonlyNumbers,
  ) {
    this.values = new Float64Array(pools.length * FIELDS);
    this.last = new Float64Array(pools.length);
    this.waitingNodes = new Float64Array(pools.length);
    this.prices = Float64Array.from(pools, (p) => p.price.priceAt(0));
    this.atWarmup = new Float64Array(this.values.length);
    nodes.forEach((e, k) => (e.beforeChange = (now) => this.advance(k, now)));
  }

  /** Integrates elastic pool `k`'s counts and bill up to `now`. */
  advance(k: number, now: number): void {
    const dt = now - (this.last[k] as number);
    if (!(dt > 0)) return;
    const e = this.nodes[k] as ElasticNodes;
    const p = this.pools[k] as PoolModel;
    const v = this.values;
    const row = k * FIELDS;
    const on = e.on;
    add(v, row + ElasticField.onS, on * dt);
    add(v, row + ElasticField.bootingS, e.booting * dt);
    add(v, row + ElasticField.idleS, e.idle * dt);
    add(v, row + ElasticField.busyS, e.busy * dt);
    add(v, row + ElasticField.leavingS, e.draining * dt);
    add(v, row + ElasticField.inServiceS, (e.idle + e.busy + e.draining) * dt);
    add(v, row + ElasticField.waitingNodesS, (this.waitingNodes[k] as number) * dt);
    const reserved = e.spec.reservedNodes;
    if (on > reserved) {
      const perChip = (p.price.constant ? (this.prices[k] as number) * dt : p.price.integral(this.last[k] as number, now)) / 3600;
      const onDemandChips = (on - reserved) * p.chipsPerNode;
      const busyChips = Math.min(onDemandChips, Math.max(0, (this.allocated[p.index] as number) / 1000 - reserved * p.chipsPerNode));
      add(v, row + ElasticField.onDemandCost, onDemandChips * perChip);
      add(v, row + ElasticField.onDemandBusyCost, busyChips * perChip);
    }
    this.last[k] = now;
  }

  /** Adds `by` to a count of elastic pool `k`. */
  count(k: number, field: ElasticField, by = 1): void {
    add(this.values, k * FIELDS + field, by);
  }

  /** The nodes' worth of waiting jobs changed for pool `k` (integrated from `now` on). */
  setWaitingNodes(k: number, now: number, nodes: number): void {
    if (this.waitingNodes[k] === nodes) return;
    this.advance(k, now);
    this.waitingNodes[k] = nodes;
  }

  /** A cumulative value of pool `k` up to `time` (no earlier than the last change). */
  valueAt(k: number, field: ElasticField, time: number): number {
    this.advance(k, time);
    return this.values[k * FIELDS + field] as number;
  }

  /** The same, less its value at the end of the warm-up: what the measured window holds. */
  windowValue(k: number, field: ElasticField, time: number): number {
    return this.valueAt(k, field, time) - (this.atWarmup[k * FIELDS + field] as number);
  }

  /** The end of the warm-up: what came before does not count. */
  warmupEnds(time: number): void {
    for (let k = 0; k < this.pools.length; k++) this.advance(k, time);
    this.atWarmup = this.values.slice();
  }

  /**
   * The integrals the time series samples (`SERIES_FIELDS` per pool, pool
   * after pool), up to `time`. Reads without integrating: a sample taken
   * after the run's last event must not move what the summary reads at
   * the end.
   */
  snapshot(time: number): Float64Array {
    const out = new Float64Array(this.pools.length * SERIES_FIELDS.length);
    for (let k = 0; k < this.pools.length; k++) {
      const e = this.nodes[k] as ElasticNodes;
      const dt = Math.max(0, time - (this.last[k] as number));
      const levels = [e.on, e.booting, e.busy, this.waitingNodes[k] as number];
      SERIES_FIELDS.forEach((f, i) => (out[k * SERIES_FIELDS.length + i] = (this.values[k * FIELDS + f] as number) + (levels[i] as number) * dt));
    }
    return out;
  }
}

function add(values: Float64Array, i: number, by: number): void {
  values[i] = (values[i] as number) + by;
}
