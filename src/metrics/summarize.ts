import { assertFiniteResults } from './finite-results.js';
import { selectQuantiles } from './select-quantiles.js';
import { summarizeBrain } from './summarize-brain.js';
import type { PoolModel } from '../model/cluster-model.js';
import { JobState } from '../model/job-table.js';
import type { Results, SloResults, Summary, TimeSeries } from './results.js';
import type { RunRecord } from './run-record.js';

/** Slowdown's runtime floor in seconds: very short jobs are not penalised for tiny absolute waits. */
export const SLOWDOWN_FLOOR_S = 10;

/**
 * The results contract for one run, computed from its raw record.
 *
 * Two windows, on purpose: job statistics (counts, waits, JCTs, SLOs and
 * cost) cover the jobs that arrived at or after `warmupS`, over their whole
 * lives; cluster statistics (utilisation, energy, fragmentation) cover the
 * time from `warmupS` to the end of the run.
 */
export function summarize(run: RunRecord): Results {
  const { jobs, model, scenario } = run;
  const warmup = scenario.warmupS;
  const nSites = model.sites.length;

  const counts = { arrived: 0, completed: 0, rejected: 0, failed: 0, unfinished: 0, preempted: 0, neverStarted: 0, restarts: 0 };
  const waits = new Float64Array(jobs.length);
  const jcts = new Float64Array(jobs.length);
  const slowdowns = new Float64Array(jobs.length);
  const rtts = new Float64Array(jobs.length);
  let nWait = 0;
  let nDone = 0;
  let nPlaced = 0;
  let firstArrival = Infinity;
  let lastFinish = -Infinity;
  let anyUnfinished = false;
  let costTotal = 0;
  const costByProvider = new Map<string, number>(model.sites.map((s) => [s.provider, 0]));
  const rejectCounts = new Map<string, number>();
  const circleJobs = new Float64Array(model.circles.length);
  const circleMet = new Float64Array(model.circles.length);
  let deadlineJobs = 0;
  let deadlineMet = 0;

  for (let job = 0; job < jobs.length; job++) {
    const state = jobs.state[job];
    if (state === JobState.Unfinished) anyUnfinished = true;
    const arrival = jobs.arrival[job] as number;
    if (arrival < warmup) continue;
    counts.arrived++;
    counts.restarts += jobs.restarts[job] as number;
    counts.preempted += jobs.preemptions[job] as number;
    if (arrival < firstArrival) firstArrival = arrival;
    const circle = model.classes[jobs.cls[job] as number]?.circle ?? -1;
    const due = jobs.due[job] as number;
    if (circle >= 0) circleJobs[circle] = (circleJobs[circle] as number) + 1;
    if (due !== Infinity) deadlineJobs++;

    if (state === JobState.Rejected) {
      counts.rejected++;
      const reason = run.rejectReasons[jobs.rejectCode[job] as number] ?? 'unknown';
      rejectCounts.set(reason, (rejectCounts.get(reason) ?? 0) + 1);
      continue;
    }
    if (state === JobState.Failed) counts.failed++;
    else if (state === JobState.Unfinished) counts.unfinished++;

    const poolIndex = jobs.pool[job] as number;
    const cost = jobs.cost[job] as number;
    costTotal += cost;
    if (poolIndex < 0) {
      counts.neverStarted++;
      continue;
    }
    // Placed at least once, so inside its circle: the built-in filter never places outside.
    if (circle >= 0) circleMet[circle] = (circleMet[circle] as number) + 1;
    const pool = model.pools[poolIndex] as PoolModel;
    const provider = model.sites[pool.site]?.provider ?? 'default';
    costByProvider.set(provider, (costByProvider.get(provider) ?? 0) + cost);
    rtts[nPlaced++] = model.rttMs[(jobs.origin[job] as number) * nSites + pool.site] as number;
    const start = jobs.start[job] as number;
    // A job put back in the queue by a failure and still waiting at the end has no start.
    if (Number.isNaN(start)) counts.neverStarted++;
    else waits[nWait++] = start - arrival;
    if (state !== JobState.Completed) continue;
    counts.completed++;
    const finish = jobs.finish[job] as number;
    if (finish > lastFinish) lastFinish = finish;
    if (due !== Infinity && finish <= due) deadlineMet++;
    const jct = finish - arrival;
    jcts[nDone] = jct;
    slowdowns[nDone] = Math.max(1, jct / Math.max(finish - start, SLOWDOWN_FLOOR_S));
    nDone++;
  }

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
  // One selection gives the JCT summary and its quantile function (whose grid holds p50, p95, p99 and the max).
  const jctMean = meanOf(jcts, nDone);
  const jctGrid = nDone === 0 ? [] : selectQuantiles(jcts, nDone, DISTRIBUTION_PS);
  const jct = summaryFromGrid(nDone, jctMean, jctGrid);
  return assertFiniteResults({
    schemaVersion: 2,
    scenario: scenario.name,
    policy: run.policy.name,
    seed: run.seed,
    horizon: scenario.horizon ?? null,
    jobs: counts,
    wait: summary(waits, nWait),
    jct,
    slowdown: summary(slowdowns, nDone),
    rttMs: summary(rtts, nPlaced),
    slo: sloResults(model.circles, circleJobs, circleMet, deadlineJobs, deadlineMet),
    cost: {
      total: costTotal,
      perJob: counts.completed > 0 ? costTotal / counts.completed : null,
      byProvider: sortedRecord(costByProvider),
    },
    energyKWh,
    energy: { bySite: Object.fromEntries(model.sites.map((s) => [s.name, energyBySite[s.index] as number])) },
    utilization: {
      overall: utilization(model.pools),
      byChip: Object.fromEntries(model.chips.filter((c) => poolsOfChip(c.index).length > 0).map((c) => [c.name, utilization(poolsOfChip(c.index))])),
      bySite: Object.fromEntries(model.sites.map((s) => [s.name, utilization(poolsOfSite(s.index))])),
    },
    distribution: { jct: jctGrid },
    fragmentation: meanOverWindow(run.timeSeries.times, run.timeSeries.fragmentation, warmup),
    rejectReasons: sortedRecord(rejectCounts),
    timeseries,
    makespan: anyUnfinished || nDone === 0 ? null : lastFinish - firstArrival,
    events,
    perf: { wallSeconds: run.wallSeconds, eventsPerSecond: run.wallSeconds > 0 ? events / run.wallSeconds : 0 },
    ...(run.explanations === undefined ? {} : { explanations: run.explanations }),
    // Under a brain only (docs/brain.md).
    ...(run.brain === undefined ? {} : { brain: summarizeBrain(run.brain, model, run.timeSeries, summary) }),
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

/** A summary whose quantiles are read off a 101-point grid from `selectQuantiles` (i / 100 is exactly 0.5, 0.95, 0.99). */
function summaryFromGrid(n: number, mean: number, grid: readonly number[]): Summary {
  if (n === 0) return { count: 0, mean: null, p50: null, p95: null, p99: null, max: null };
  return { count: n, mean, p50: grid[50] as number, p95: grid[95] as number, p99: grid[99] as number, max: grid[100] as number };
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
