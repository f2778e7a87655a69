import type { ClusterModel } from '../model/cluster-model.js';
import type { ElasticMeter } from '../metrics/elastic-meter.js';
import { TimeSeriesRecorder } from '../metrics/time-series-recorder.js';
import { UsageMeter } from '../metrics/usage-meter.js';

/**
 * What a run measures as it goes, besides the job table: chips allocated
 * and chips down per pool (for an elastic pool, chips of nodes not on), and
 * jobs waiting, each integrated over time; the elastic pools' meter;
 * the time series sampled from those integrals; and the integrals at the
 * end of the warm-up, which the summary subtracts.
 */
export class Measurements {
  readonly usage: UsageMeter;
  readonly down: UsageMeter;
  readonly queueLength = new UsageMeter(1);
  readonly timeSeries: TimeSeriesRecorder;
  usageAtWarmup: Float64Array;
  downAtWarmup: Float64Array;

  /** The elastic pools' meter; undefined when no pool is elastic. Its time series is sampled with the rest. */
  readonly elastic: ElasticMeter | undefined;

  constructor(model: ClusterModel, sampleIntervalS: number, usage: UsageMeter, elastic?: ElasticMeter) {
    const pools = model.pools.length;
    this.usage = usage;
    this.down = new UsageMeter(pools);
    this.usageAtWarmup = new Float64Array(pools);
    this.downAtWarmup = new Float64Array(pools);
    this.elastic = elastic;
    this.timeSeries = new TimeSeriesRecorder(sampleIntervalS, undefined, elastic);
  }

  /** Takes a time-series sample at `time` (with the fragmentation of that moment). */
  sample(time: number, fragmentation: number): void {
    this.timeSeries.record(time, this.usage, this.down, this.queueLength, fragmentation);
  }

  /** The end of the warm-up: integrals up to here do not count. */
  warmupEnds(time: number): void {
    this.usageAtWarmup = this.usage.snapshot(time);
    this.downAtWarmup = this.down.snapshot(time);
    this.elastic?.warmupEnds(time);
  }

  /** The last sample, at the run's end. */
  finish(time: number, fragmentation: number): void {
    this.timeSeries.finish(time, this.usage, this.down, this.queueLength, fragmentation);
  }
}
