import type { Results } from '../metrics/results.js';

/** What a metric reads of a run: the results contract, but for the time series and quantile arrays, which lean sweep rows leave out. */
export type MetricSource = Omit<Results, 'timeseries' | 'distribution'>;

/** How a metric's values read: seconds, a fraction shown as a percentage, money, energy, milliseconds, a plain ratio, a count. */
export type MetricUnit = 's' | 'fraction' | '$' | 'kWh' | 'ms' | 'ratio' | 'count';

/** A metric that `compare` aggregates over seeds: where it comes from in the results contract, and which way is better. */
export interface CompareMetric {
  readonly key: string;
  /** Column heading, short enough for a 100-column table. */
  readonly label: string;
  /** A sentence for reports and JSON readers. */
  readonly description: string;
  readonly unit: MetricUnit;
  readonly better: 'lower' | 'higher';
  /** Shown in the terminal table (the rest go to JSON, CSV and the report). */
  readonly inTable: boolean;
  /** The metric's value in one run; null when the run has no observation of it. */
  readonly value: (r: MetricSource) => number | null;
}

const metric = (m: CompareMetric): CompareMetric => m;

/**
 * The metrics that decide between policies, in table order. Values are read
 * from the results contract as they are; nothing is recomputed here.
 */
export const compareMetrics: readonly CompareMetric[] = [
  metric({ key: 'jctP95', label: 'p95 JCT', description: '95th percentile of job completion time (arrival to finish), completed jobs', unit: 's', better: 'lower', inTable: true, value: (r) => r.jct.p95 }),
  metric({ key: 'waitP99', label: 'p99 wait', description: '99th percentile of time in queue, jobs that started', unit: 's', better: 'lower', inTable: true, value: (r) => r.wait.p99 }),
  metric({ key: 'circleMet', label: 'circle', description: 'fraction of jobs with a latency-circle SLO placed inside their circle', unit: 'fraction', better: 'higher', inTable: true, value: (r) => r.slo.circleMet }),
  metric({ key: 'deadlineMet', label: 'deadline', description: 'fraction of jobs with a deadline that completed by it', unit: 'fraction', better: 'higher', inTable: true, value: (r) => r.slo.deadlineMet }),
  metric({ key: 'cost', label: 'cost', description: 'total cost of every counted job, completed or cut', unit: '$', better: 'lower', inTable: true, value: (r) => r.cost.total }),
  metric({ key: 'costPerJob', label: 'cost/job', description: 'total cost per completed job', unit: '$', better: 'lower', inTable: true, value: (r) => r.cost.perJob }),
  metric({ key: 'energyKWh', label: 'energy', description: 'energy drawn by the chips in service, idle and busy', unit: 'kWh', better: 'lower', inTable: true, value: (r) => r.energyKWh }),
  metric({
    key: 'started',
    label: 'started',
    description: 'fraction of arrived jobs that started (not rejected, not left waiting)',
    unit: 'fraction',
    better: 'higher',
    inTable: true,
    value: (r) => (r.jobs.arrived > 0 ? (r.jobs.arrived - r.jobs.rejected - r.jobs.neverStarted) / r.jobs.arrived : null),
  }),
  metric({ key: 'utilization', label: 'util', description: 'allocated chip-seconds over chip-seconds in service, all pools', unit: 'fraction', better: 'higher', inTable: true, value: (r) => r.utilization.overall }),
  metric({ key: 'jctMean', label: 'mean JCT', description: 'mean job completion time, completed jobs', unit: 's', better: 'lower', inTable: false, value: (r) => r.jct.mean }),
  metric({ key: 'waitMean', label: 'mean wait', description: 'mean time in queue, jobs that started', unit: 's', better: 'lower', inTable: false, value: (r) => r.wait.mean }),
  metric({ key: 'completed', label: 'completed', description: 'fraction of arrived jobs that completed', unit: 'fraction', better: 'higher', inTable: false, value: (r) => (r.jobs.arrived > 0 ? r.jobs.completed / r.jobs.arrived : null) }),
  metric({ key: 'rttP95', label: 'p95 RTT', description: '95th percentile of round-trip time from origin to the site, placed jobs', unit: 'ms', better: 'lower', inTable: false, value: (r) => r.rttMs.p95 }),
  metric({ key: 'slowdownMean', label: 'slowdown', description: 'mean bounded slowdown, completed jobs', unit: 'ratio', better: 'lower', inTable: false, value: (r) => r.slowdown.mean }),
];
