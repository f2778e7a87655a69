import type { Summary } from './results.js';
import type { TimeSeriesRecorder } from './time-series-recorder.js';
/** Transfers of one direction (input to the pool, output back to the origin) that arrived: their GB and how long they took. */
export interface TransferTally {
  gb: number;
  timeS: Summary;
}

/** What a run with a shared network records (issue 18), over the whole run from 0 to its end. */
export interface NetworkRecord {
  readonly sharing: 'max-min' | 'rtt-weighted';
  readonly windowS: number;
  readonly links: readonly { name: string; gbps: number; gbMoved: number; busyS: number }[];
  readonly inputs: TransferTally;
  readonly outputs: TransferTally;
  /** Over completed jobs: seconds spent moving data, and their JCT, summed. */
  readonly completed: { jobs: number; transferS: number; jctS: number };
  readonly recomputations: number;
  readonly flowsRecomputed: number;
}

/** The `network` block of the results: present only when the scenario has `network.links`. */
export interface NetworkResults {
  sharing: 'max-min' | 'rtt-weighted';
  /** Per link, in declaration order, over the whole run. */
  links: { name: string; gbps: number; gbMoved: number; busyShare: number; meanUtilisation: number }[];
  transfers: {
    /** Transfers that arrived: how many, their GB, and the distribution of their times (latency included; quantiles as the results' `quantiles` says). */
    input: { count: number; gb: number; timeS: Summary };
    output: { count: number; gb: number; timeS: Summary };
  };
  /** Of the completed jobs' JCT summed, the share spent moving data (null when none completed). */
  transferShareOfJct: number | null;
  /** Rate recomputations, and the mean number of flows each touched (only those sharing a link with the change). */
  recomputations: number;
  flowsPerRecomputation: number;
  /** On the intervals of `timeseries.t`: each link's mean utilisation (GB carried × 8 ÷ (Gb/s × interval)), by name. */
  timeseries: { utilisationByLink: Record<string, number[]> };
}

export function networkResults(r: NetworkRecord, series: TimeSeriesRecorder): NetworkResults {
  const w = r.windowS;
  const byLink = r.links.map(() => [] as number[]);
  const { times, network: snapshots } = series;
  for (let k = 1; k < times.length && k < snapshots.length; k++) {
    const dt = (times[k] as number) - (times[k - 1] as number);
    // The same intervals as `timeseries.t`: empty ones are left out there too.
    if (!(dt > 0)) continue;
    const now = snapshots[k] as Float64Array;
    const before = snapshots[k - 1] as Float64Array;
    r.links.forEach((l, i) => (byLink[i] as number[]).push((((now[i] as number) - (before[i] as number)) * 8) / (l.gbps * dt)));
  }
  const tally = (t: TransferTally): NetworkResults['transfers']['input'] => ({ count: t.timeS.count, gb: t.gb, timeS: t.timeS });
  return {
    sharing: r.sharing,
    links: r.links.map((l) => ({
      name: l.name,
      gbps: l.gbps,
      gbMoved: l.gbMoved,
      busyShare: w > 0 ? l.busyS / w : 0,
      meanUtilisation: w > 0 ? (l.gbMoved * 8) / (l.gbps * w) : 0,
    })),
    transfers: { input: tally(r.inputs), output: tally(r.outputs) },
    transferShareOfJct: r.completed.jctS > 0 ? r.completed.transferS / r.completed.jctS : null,
    recomputations: r.recomputations,
    flowsPerRecomputation: r.recomputations > 0 ? r.flowsRecomputed / r.recomputations : 0,
    timeseries: { utilisationByLink: Object.fromEntries(r.links.map((l, i) => [l.name, byLink[i] as number[]])) },
  };
}

/** The links from the busiest (highest mean utilisation) down; ties in declaration order (the sort is stable). */
export function linksByUtilisation(n: NetworkResults): NetworkResults['links'] {
  return [...n.links].sort((a, b) => b.meanUtilisation - a.meanUtilisation);
}
