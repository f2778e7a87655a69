import { assertFiniteResults } from './finite-results.js';
import { selectQuantiles } from './select-quantiles.js';
import { summarizeMarket } from './market-summary.js';
import { summarizeBrain } from './summarize-brain.js';
import type { PoolModel } from '../model/cluster-model.js';
import { groupTable, type GroupSummaries } from './group-results.js';
import type { JobStatistics } from './job-statistics.js';
import { QuantileSketch } from './quantile-sketch.js';
import { RESULTS_SCHEMA_VERSION, type QuantileInfo, type Results, type SloResults, type Summary, type TimeSeries } from './results.js';
import type { RunRecord } from './run-record.js';
import { elasticResults } from './elastic-results.js';
import { networkResults } from './network-results.js';

export { boundedSlowdown } from './job-statistics.js';

/**
 * The results contract for one run, from its record: the job statistics
 * gathered as jobs finished (`RunRecord.statistics`), and the cluster's
 * usage integrals and time series.
 *
 * Two windows, on purpose: job statistics (counts, waits, JCTs, SLOs and
 * cost) cover the jobs that arrived at or after `warmupS`, over their whole
 * lives; cluster statistics (utilisation, energy, fragmentation) cover the
 * time from `warmupS` to the end of the run. The job statistics are given
 * for the whole run and again per class and per origin region.
 */
export function summarize(run: RunRecord): Results {
  const { model, scenario } = run;
  const stats = run.statistics;
  const warmup = scenario.warmupS;
  const nSites = model.sites.length;
  const threshold = scenario.metrics.slowdownThresholdS;
  const all = stats.byClass.total();
  const counts = all.counts(0);
  const costTotal = all.cost[0] as number;
  const rejectCounts = new Map<string, number>();
  stats.rejectCounts.forEach((n, code) => {
    if (n === 0) return;
    const reason = run.rejectReasons[code] ?? 'unknown';
    rejectCounts.set(reason, (rejectCounts.get(reason) ?? 0) + n);
  });
  if (stats.rejectedWithoutCode > 0) rejectCounts.set('unknown', (rejectCounts.get('unknown') ?? 0) + stats.rejectedWithoutCode);
  const costByProvider = new Map(stats.providers.map((p, i) => [p, stats.costByProvider[i] as number]));

  const window = Math.max(0, run.endTime - warmup);
  const busyChipS = model.pools.map((p) => (run.usage.integralAt(p.index, run.endTime) - (run.usageAtWarmup[p.index] as number)) / 1000);
  const downChipS = model.pools.map((p) => (run.down.integralAt(p.index, run.endTime) - (run.downAtWarmup[p.index] as number)) / 1000);
  const upChipS = model.pools.map((p, i) => p.nodes * p.chipsPerNode * window - (downChipS[i] as number));

  const energyBySite = new Float64Array(nSites);
  let energyKWh = 0;
  model.pools.forEach((p, i) => {
    const busy = busyChipS[i] as number;
    const idle = Math.max(0, (upChipS[i] as number) - busy);
    const kWh = (p.busyWattsPerChip * busy + p.idleWattsPerChip * idle) / 3.6e6;
    energyBySite[p.site] = (energyBySite[p.site] as number) + kWh;
    energyKWh += kWh;
  });

  const utilization = (pools: readonly PoolModel[]): number => {
    let busy = 0;
    let up = 0;
    for (const p of pools) {
      busy += busyChipS[p.index] as number;
      up += upChipS[p.index] as number;
    }
    return up > 0 ? busy / up : 0;
  };
  const poolsOfChip = (chip: number): PoolModel[] => model.pools.filter((p) => p.chip === chip);
  const poolsOfSite = (site: number): PoolModel[] => model.pools.filter((p) => p.site === site);

  const timeseries = timeSeriesOf(run);
  const events = run.events;
  const classNames = model.classes.map((c) => c.name);
  const jctGrid = stats.jct.grid(DISTRIBUTION_PS);
  const jctByClass = Object.create(null) as Record<string, number[]>;
  classNames.forEach((name, g) => (jctByClass[name] = stats.jct.classGrid(g, DISTRIBUTION_PS)));
  const classSummaries = (g: number): GroupSummaries => ({
    wait: stats.wait.classSummary(g),
    jct: stats.jct.classSummary(g),
    slowdown: stats.slowdown.classSummary(g),
    rttMs: stats.rttMs.classSummary(g),
  });
  const originSummaries = (g: number): GroupSummaries => ({
    wait: stats.wait.originSummary(g),
    jct: stats.jct.originSummary(g),
    slowdown: stats.slowdown.originSummary(g),
    rttMs: stats.rttMs.originSummary(g),
  });
  return assertFiniteResults({
    schemaVersion: RESULTS_SCHEMA_VERSION,
    scenario: scenario.name,
    policy: run.policy.name,
    seed: run.seed,
    horizon: scenario.horizon ?? null,
    jobs: counts,
    wait: stats.wait.summary(),
    jct: stats.jct.summary(),
    slowdown: stats.slowdown.summary(),
    slowdownThresholdS: threshold,
    rttMs: stats.rttMs.summary(),
    quantiles: quantileInfo(stats),
    slo: sloResults(model.circles, stats.circleJobs, stats.circleMet, all.deadlineJobs[0] as number, all.deadlineMet[0] as number),
    cost: {
      total: costTotal,
      perJob: counts.completed > 0 ? costTotal / counts.completed : null,
      byProvider: sortedRecord(costByProvider),
    },
    energyKWh,
    energy: {
      bySite: Object.fromEntries(model.sites.map((s) => [s.name, energyBySite[s.index] as number])),
      // Rounding can leave a counted job's share a hair above the run's total when nothing else drew power.
      unattributedKWh: Math.max(0, energyKWh - (all.energyKWh[0] as number)),
    },
    utilization: {
      overall: utilization(model.pools),
      byChip: Object.fromEntries(model.chips.filter((c) => poolsOfChip(c.index).length > 0).map((c) => [c.name, utilization(poolsOfChip(c.index))])),
      bySite: Object.fromEntries(model.sites.map((s) => [s.name, utilization(poolsOfSite(s.index))])),
    },
    distribution: { jct: jctGrid, jctByClass },
    byClass: groupTable(classNames, stats.byClass, classSummaries),
    byOrigin: groupTable(
      model.regions.map((r) => r.name),
      stats.byOrigin,
      originSummaries,
    ),
    fragmentation: meanOverWindow(run.timeSeries.times, run.timeSeries.fragmentation, warmup),
    rejectReasons: sortedRecord(rejectCounts),
    timeseries,
    makespan: stats.anyUnfinished || counts.completed === 0 ? null : stats.lastFinish - stats.firstArrival,
    events,
    perf: { wallSeconds: run.wallSeconds, eventsPerSecond: run.wallSeconds > 0 ? events / run.wallSeconds : 0 },
    ...(run.explanations === undefined ? {} : { explanations: run.explanations }),
    ...(run.elastic === undefined ? {} : { elastic: elasticResults({ ...run, elastic: run.elastic }) }),
    // Under a brain only (docs/brain.md).
    ...(run.brain === undefined ? {} : { brain: summarizeBrain(run.brain, model, run.timeSeries) }),
    // After a market run only (docs/market.md).
    ...(run.market === undefined ? {} : { market: summarizeMarket(run, run.market, timeseries.t, summary) }),
    ...(run.network === undefined ? {} : { network: networkResults(run.network, run.timeSeries) }),
  });
}

/** Mean and quantiles of the first `n` values (R-7 quantiles, as d3-array computes them). Permutes them. */
export function summary(values: Float64Array, n: number): Summary {
  if (n === 0) return { count: 0, mean: null, p50: null, p95: null, p99: null, max: null };
  // The mean first, summed in the values' own order, before selection permutes them.
  const mean = meanOf(values, n);
  const [p50, p95, p99, max] = selectQuantiles(values, n, [0.5, 0.95, 0.99, 1]) as [number, number, number, number];
  return { count: n, mean, p50, p95, p99, max };
}

/** Points of the quantile functions in `Results.distribution`: p = 0, 0.01, …, 1. */
export const DISTRIBUTION_POINTS = 101;
const DISTRIBUTION_PS = Array.from({ length: DISTRIBUTION_POINTS }, (_, i) => i / (DISTRIBUTION_POINTS - 1));

/** Which method gave the quantiles, and its bound. */
function quantileInfo(stats: JobStatistics): QuantileInfo {
  return stats.method === 'exact' ? { method: 'exact', relativeError: 0 } : { method: 'sketch', relativeError: QuantileSketch.relativeError };
}

function meanOf(values: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  if (Number.isFinite(sum)) return sum / n;
  // Finite values whose sum overflows still have a finite mean: add them already divided.
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (values[i] as number) / n;
  return mean;
}

function sloResults(
  circles: readonly { name: string }[],
  circleJobs: Float64Array,
  circleMet: Float64Array,
  deadlineJobs: number,
  deadlineMet: number,
): SloResults {
  let jobsWithCircle = 0;
  let met = 0;
  const byCircle: SloResults['byCircle'] = {};
  circles.forEach((c, i) => {
    const n = circleJobs[i] as number;
    const m = circleMet[i] as number;
    jobsWithCircle += n;
    met += m;
    byCircle[c.name] = { jobs: n, met: n > 0 ? m / n : null };
  });
  return {
    circleMet: jobsWithCircle > 0 ? met / jobsWithCircle : null,
    deadlineMet: deadlineJobs > 0 ? deadlineMet / deadlineJobs : null,
    byCircle,
  };
}

/** The mean of samples taken at or after `from`, each weighted by the interval that ends at it. */
function meanOverWindow(times: readonly number[], values: readonly number[], from: number): number {
  let weighted = 0;
  let span = 0;
  for (let k = 1; k < times.length; k++) {
    const t = times[k] as number;
    if (t < from) continue;
    const dt = t - Math.max(from, times[k - 1] as number);
    weighted += (values[k] as number) * dt;
    span += dt;
  }
  return span > 0 ? weighted / span : 0;
}

function timeSeriesOf(run: RunRecord): TimeSeries {
  const { times, allocation, down, queue, fragmentation } = run.timeSeries;
  const { model } = run;
  const t: number[] = [];
  const queueLength: number[] = [];
  const frag: number[] = [];
  const chipsUsed = model.chips.filter((c) => model.pools.some((p) => p.chip === c.index));
  const byChip = new Map(chipsUsed.map((c) => [c.index, [] as number[]]));
  const bySite = model.sites.map(() => [] as number[]);
  const chipBusy = new Float64Array(model.chips.length);
  const chipUp = new Float64Array(model.chips.length);
  const siteBusy = new Float64Array(model.sites.length);
  const siteUp = new Float64Array(model.sites.length);
  for (let k = 1; k < times.length; k++) {
    const dt = (times[k] as number) - (times[k - 1] as number);
    if (!(dt > 0)) continue;
    t.push(times[k] as number);
    queueLength.push(((queue[k] as number) - (queue[k - 1] as number)) / dt);
    frag.push(fragmentation[k] as number);
    chipBusy.fill(0);
    chipUp.fill(0);
    siteBusy.fill(0);
    siteUp.fill(0);
    const now = allocation[k] as Float64Array;
    const before = allocation[k - 1] as Float64Array;
    const downNow = down[k] as Float64Array;
    const downBefore = down[k - 1] as Float64Array;
    for (const p of model.pools) {
      const busy = ((now[p.index] as number) - (before[p.index] as number)) / 1000;
      const up = p.nodes * p.chipsPerNode * dt - ((downNow[p.index] as number) - (downBefore[p.index] as number)) / 1000;
      chipBusy[p.chip] = (chipBusy[p.chip] as number) + busy;
      chipUp[p.chip] = (chipUp[p.chip] as number) + up;
      siteBusy[p.site] = (siteBusy[p.site] as number) + busy;
      siteUp[p.site] = (siteUp[p.site] as number) + up;
    }
    for (const [chip, series] of byChip) series.push(ratio(chipBusy[chip] as number, chipUp[chip] as number));
    bySite.forEach((series, site) => series.push(ratio(siteBusy[site] as number, siteUp[site] as number)));
  }
  return {
    t,
    utilizationByChip: Object.fromEntries(chipsUsed.map((c) => [c.name, byChip.get(c.index) as number[]])),
    utilizationBySite: Object.fromEntries(model.sites.map((s, i) => [s.name, bySite[i] as number[]])),
    queueLength,
    fragmentation: frag,
  };
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}

function sortedRecord(map: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
