import type { ClusterModel } from '../model/cluster-model.js';
import type { BrainRecord } from './brain-record.js';
import type { BrainResults, Summary } from './results.js';
import type { TimeSeriesRecorder } from './time-series-recorder.js';

/**
 * The results' `brain` block from what the brain recorded: counts, the
 * view's age at decisions, and per site, on the intervals of the results'
 * time series, the rate of jobs sent there against the jobs waiting there.
 */
export function summarizeBrain(
  brain: BrainRecord,
  model: ClusterModel,
  series: TimeSeriesRecorder,
): BrainResults {
  const bySite = <T>(value: (site: number) => T): Record<string, T> => Object.fromEntries(model.sites.map((s) => [s.name, value(s.index)]));
  const dispatchRate = model.sites.map(() => [] as number[]);
  const waiting = model.sites.map(() => [] as number[]);
  const { times, brain: snapshots } = series;
  for (let k = 1; k < times.length; k++) {
    const dt = (times[k] as number) - (times[k - 1] as number);
    // The same intervals as `timeseries.t`: empty ones are left out there too.
    if (!(dt > 0)) continue;
    const now = snapshots[k] as Float64Array;
    const before = snapshots[k - 1] as Float64Array;
    for (let s = 0; s < model.sites.length; s++) {
      const d = brain.dispatchOffset + s;
      const w = brain.waitingOffset + s;
      (dispatchRate[s] as number[]).push(((now[d] as number) - (before[d] as number)) / dt);
      (waiting[s] as number[]).push(((now[w] as number) - (before[w] as number)) / dt);
    }
  }
  return {
    policy: brain.policy,
    view: { refreshS: brain.view.refreshS, delayS: typeof brain.view.delayS === 'object' ? { ...brain.view.delayS } : brain.view.delayS },
    transfer: brain.transfer,
    sitePolicies: bySite((s) => brain.sitePolicies[s] ?? '?'),
    decisions: brain.decisions,
    misrouted: brain.misrouted,
    misroutedFraction: brain.decisions > 0 ? brain.misrouted / brain.decisions : null,
    dispatches: { bySite: bySite((s) => brain.dispatchesBySite[s] as number) },
    viewAgeS: brain.viewAgeS,
    ...(brain.probes === undefined ? {} : { probes: { ...brain.probes } }),
    timeseries: { dispatchRateBySite: bySite((s) => dispatchRate[s] as number[]), waitingBySite: bySite((s) => waiting[s] as number[]) },
  };
}
