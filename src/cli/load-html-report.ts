import type { Comparison } from '../compare/comparison.js';
import type { Results } from '../metrics/results.js';
import type { SweepSummary } from '../sweep/aggregate.js';
import type { SlowJob } from '../model/explanation.js';

/**
 * The HTML report, imported only when a report is asked for: its chart
 * libraries (d3-scale, d3-shape) take about 60 ms to load, which every
 * plain `run` would otherwise pay at start-up.
 */
export async function renderHtmlReport(c: Comparison): Promise<string> {
  const { htmlReport } = await import('../report/html-report.js');
  return htmlReport(c);
}

/** One run's report, loaded as lazily as the comparison report and for the same reason. */
export async function renderRunReport(r: Results, chipKinds: Record<string, string>, slowest: readonly SlowJob[] = []): Promise<string> {
  return (await import('../report/run-report.js')).runReport(r, chipKinds, slowest);
}

/** The sweep report, loaded as lazily as the comparison report and for the same reason. */
export async function renderSweepReport(summary: SweepSummary): Promise<string> {
  return (await import('../report/sweep-report.js')).sweepReport(summary);
}
