import type { BrainRecord } from '../../metrics/brain-record.js';
import { StreamedStatistic, type QuantileMethod } from '../../metrics/streamed-statistic.js';
import { UsageMeter } from '../../metrics/usage-meter.js';

/**
 * What the brain did, counted as it goes: decisions and misroutes, jobs
 * per site, the view's age at each decision, late binding's probes (all
 * over jobs that arrived at or after the warm-up, as the job statistics
 * are), and per site over the whole run the jobs sent there and the jobs
 * waiting there, integrated over time for the time series.
 */
export class BrainLedger {
  decisions = 0;
  misrouted = 0;
  private readonly dispatched: Float64Array;
  /** The view's age at each decision, taken as it comes (nothing per decision kept in `sketch` mode). */
  private readonly ages: StreamedStatistic;
  private readonly probes = { sent: 0, bound: 0, withdrawn: 0 };
  /** Whole run: jobs sent to each site so far, and jobs waiting at each site (integrated). */
  private readonly sentSoFar: Float64Array;
  readonly waitingMeter: UsageMeter;

  constructor(
    private readonly sites: number,
    private readonly warmupS: number,
    quantiles: QuantileMethod,
  ) {
    this.ages = new StreamedStatistic(quantiles, 1, 1);
    this.dispatched = new Float64Array(sites);
    this.sentSoFar = new Float64Array(sites);
    this.waitingMeter = new UsageMeter(sites);
  }

  /** The brain sent a job that arrived at `arrival` to `site` (late binding: the job bound there). */
  sent(site: number, arrival: number): void {
    this.sentSoFar[site] = (this.sentSoFar[site] as number) + 1;
    if (arrival < this.warmupS) return;
    this.dispatched[site] = (this.dispatched[site] as number) + 1;
  }

  /** A decision about a job that arrived at `arrival`; `ageS` is the view's age (NaN when the policy read no view). */
  decided(arrival: number, misrouted: boolean, ageS: number): void {
    if (arrival < this.warmupS) return;
    this.decisions++;
    if (misrouted) this.misrouted++;
    if (!Number.isNaN(ageS)) this.ages.add(ageS, 0, 0);
  }

  /** Late binding: places reserved for a job, one taken, others withdrawn. */
  probed(arrival: number, count: number): void {
    if (arrival >= this.warmupS) this.probes.sent += count;
  }

  bound(arrival: number, withdrawn: number): void {
    if (arrival < this.warmupS) return;
    this.probes.bound++;
    this.probes.withdrawn += withdrawn;
  }

  /** Jobs waiting at the site changed by `delta`. */
  waitingChanged(site: number, delta: number, time: number): void {
    this.waitingMeter.change(site, delta, time);
  }

  /** The per-site figures for a time-series snapshot: jobs sent so far, then jobs waiting integrated up to `time`. */
  sample(time: number): Float64Array {
    const out = new Float64Array(2 * this.sites);
    out.set(this.sentSoFar);
    for (let s = 0; s < this.sites; s++) out[this.sites + s] = this.waitingMeter.integralAt(s, time);
    return out;
  }

  record(base: Omit<BrainRecord, 'decisions' | 'misrouted' | 'dispatchesBySite' | 'viewAgeS' | 'probes' | 'dispatchOffset' | 'waitingOffset'>, lateBinding: boolean): BrainRecord {
    return {
      ...base,
      decisions: this.decisions,
      misrouted: this.misrouted,
      dispatchesBySite: this.dispatched,
      viewAgeS: this.ages.summary(),
      ...(lateBinding ? { probes: { ...this.probes } } : {}),
      dispatchOffset: 0,
      waitingOffset: this.sites,
    };
  }
}
