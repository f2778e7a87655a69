import type { PoolModel } from '../model/cluster-model.js';
import { ElasticField, SERIES_FIELDS, type ElasticMeter } from './elastic-meter.js';
import type { ElasticCost, ElasticPoolResults, ElasticResults } from './results.js';
import type { RunRecord } from './run-record.js';

/**
 * The `elastic` block of the results: per elastic pool, what its controller
 * did, its node counts averaged and over time, and its bill, over the
 * measured window (`warmupS` to the end, as utilisation and energy).
 */
export function elasticResults(run: RunRecord & { readonly elastic: ElasticMeter }): ElasticResults {
  const meter = run.elastic;
  const end = run.endTime;
  const window = Math.max(0, end - run.scenario.warmupS);
  const total: ElasticCost = { reserved: 0, onDemandBusy: 0, onDemandIdle: 0, total: 0 };
  const byPool: Record<string, ElasticPoolResults> = {};
  meter.pools.forEach((pool: PoolModel, k) => {
    const spec = meter.nodes[k]?.spec;
    if (spec === undefined) return;
    const at = (field: ElasticField): number => meter.windowValue(k, field, end);
    const onDemand = at(ElasticField.onDemandCost);
    const onDemandBusy = Math.min(onDemand, at(ElasticField.onDemandBusyCost));
    const reserved = (spec.reservedNodes * pool.chipsPerNode * spec.reservedPricePerChipHour * window) / 3600;
    const cost: ElasticCost = { reserved, onDemandBusy, onDemandIdle: onDemand - onDemandBusy, total: reserved + onDemand };
    total.reserved += cost.reserved;
    total.onDemandBusy += cost.onDemandBusy;
    total.onDemandIdle += cost.onDemandIdle;
    total.total += cost.total;
    const mean = (field: ElasticField): number => (window > 0 ? at(field) / window : 0);
    byPool[pool.name] = {
      rule: meter.ruleNames[k] ?? spec.rule,
      minNodes: spec.minNodes,
      maxNodes: spec.maxNodes,
      reservedNodes: spec.reservedNodes,
      meanNodes: { on: mean(ElasticField.onS), booting: mean(ElasticField.bootingS), busy: mean(ElasticField.busyS), idle: mean(ElasticField.idleS) },
      nodeSecondsOn: at(ElasticField.onS),
      bootNodeSeconds: at(ElasticField.bootingS),
      idleNodeHours: at(ElasticField.idleS) / 3600,
      boots: at(ElasticField.boots),
      cancelledBoots: at(ElasticField.cancelledBoots),
      powerOffs: at(ElasticField.powerOffs),
      drains: at(ElasticField.drains),
      reclaims: at(ElasticField.reclaims),
      failures: at(ElasticField.failures),
      coldStarts: at(ElasticField.coldStarts),
      coldStartSeconds: at(ElasticField.coldStartS),
      cost,
      timeseries: seriesOf(run, k),
    };
  });
  return { cost: total, byPool };
}

/** Pool `k`'s node counts averaged over each interval of the time series (the intervals `timeseries.t` keeps). */
function seriesOf(run: RunRecord, k: number): ElasticPoolResults['timeseries'] {
  const { times, extra } = run.timeSeries;
  const width = SERIES_FIELDS.length;
  const out = { on: [] as number[], booting: [] as number[], busy: [] as number[], waiting: [] as number[] };
  const lists = [out.on, out.booting, out.busy, out.waiting];
  for (let i = 1; i < times.length; i++) {
    const dt = (times[i] as number) - (times[i - 1] as number);
    if (!(dt > 0)) continue;
    const now = extra[i] as Float64Array;
    const before = extra[i - 1] as Float64Array;
    lists.forEach((list, f) => list.push(((now[k * width + f] as number) - (before[k * width + f] as number)) / dt));
  }
  return out;
}
