import { quantileSorted } from 'd3-array';
import type { PoolModel } from '../model/cluster-model.js';
import { JobState } from '../model/job-table.js';
import type { RunRecord } from './run-record.js';
import type { Results, Summary, TimeSeries } from './results.js';

/** Slowdown's runtime floor in seconds: very short jobs are not penalised for tiny absolute waits. */
export const SLOWDOWN_FLOOR_S = 10;

/**
 * The results contract for one run, computed from its raw record. Jobs that
 * arrived before `warmupS` are left out of every job statistic; utilisation
 * and energy cover the window from `warmupS` to the end of the run.
 */
export function summarize(run: RunRecord): Results {
  const { jobs, model, scenario } = run;
  const warmup = scenario.warmupS;
  const nPools = model.pools.length;
  const nSites = model.sites.length;

  const counts = { arrived: 0, completed: 0, rejected: 0, failed: 0, unfinished: 0, preempted: 0 };
  const waits = new Float64Array(jobs.length);
  const jcts = new Float64Array(jobs.length);
  const slowdowns = new Float64Array(jobs.length);
  const rtts = new Float64Array(jobs.length);
  let nWait = 0;
  let nDone = 0;
  let firstArrival = Infinity;
  let lastFinish = -Infinity;
  let costTotal = 0;
  const costByProvider = new Map<string, number>();
  const rejectReasons = new Map<string, number>();

  for (let job = 0; job < jobs.length; job++) {
    const arrival = jobs.arrival[job] as number;
    if (arrival < warmup) continue;
    counts.arrived++;
    if (arrival < firstArrival) firstArrival = arrival;
    const state = jobs.state[job];
    if (state === JobState.Rejected) {
      counts.rejected++;
      const reason = run.rejectReasons.get(job) ?? 'unknown';
      rejectReasons.set(reason, (rejectReasons.get(reason) ?? 0) + 1);
      continue;
    }
    if (state === JobState.Failed) counts.failed++;
    else if (state === JobState.Unfinished) counts.unfinished++;
    const start = jobs.start[job] as number;
    if (Number.isNaN(start)) continue;
    const pool = model.pools[jobs.pool[job] as number] as PoolModel;
    waits[nWait] = start - arrival;
    rtts[nWait] = model.rttMs[(jobs.origin[job] as number) * nSites + pool.site] as number;
    nWait++;
    const cost = jobs.cost[job] as number;
    costTotal += cost;
    const provider = model.sites[pool.site]?.provider ?? 'default';
    costByProvider.set(provider, (costByProvider.get(provider) ?? 0) + cost);
    if (state !== JobState.Completed) continue;
    counts.completed++;
    const finish = jobs.finish[job] as number;
    if (finish > lastFinish) lastFinish = finish;
    const jct = finish - arrival;
    jcts[nDone] = jct;
    slowdowns[nDone] = Math.max(1, jct / Math.max(finish - start, SLOWDOWN_FLOOR_S));
    nDone++;
  }

  const window = Math.max(0, run.endTime - warmup);
  const busyChipS = new Float64Array(nPools);
  for (let p = 0; p < nPools; p++) {
    busyChipS[p] = (run.usage.integralAt(p, run.endTime) - (run.usageAtWarmup[p] as number)) / 1000;
  }

  const energyBySite = new Float64Array(nSites);
  let energyKWh = 0;
  model.pools.forEach((p, i) => {
    const chips = p.nodes * p.chipsPerNode;
    const busy = busyChipS[i] as number;
    const idle = Math.max(0, chips * window - busy);
    const kWh = (p.busyWattsPerChip * busy + p.idleWattsPerChip * idle) / 3.6e6;
    energyBySite[p.site] = (energyBySite[p.site] as number) + kWh;
    energyKWh += kWh;
  });

  const unfinishedAny = counts.unfinished > 0;
  const events = run.events;
  return {
    schemaVersion: 1,
    scenario: scenario.name,
    policy: run.policy.name,
    seed: run.seed,
    horizon: scenario.horizon ?? null,
    jobs: counts,
    wait: summary(waits, nWait),
    jct: summary(jcts, nDone),
    slowdown: summary(slowdowns, nDone),
    rttMs: summary(rtts, nWait),
    slo: { circleMet: null, deadlineMet: null, byCircle: {} },
    cost: {
      total: costTotal,
      perJob: counts.completed > 0 ? costTotal / counts.completed : null,
      byProvider: sortedRecord(costByProvider),
    },
    energyKWh,
    energy: { bySite: Object.fromEntries(model.sites.map((s) => [s.name, energyBySite[s.index] as number])) },
    utilization: {
      byChip: Object.fromEntries(model.chips.map((c) => [c.name, utilizationOf(model.pools.filter((p) => p.chip === c.index), busyChipS, window)])),
      bySite: Object.fromEntries(model.sites.map((s) => [s.name, utilizationOf(model.pools.filter((p) => p.site === s.index), busyChipS, window)])),
    },
    fragmentation: null,
    rejectReasons: sortedRecord(rejectReasons),
    timeseries: timeSeriesOf(run),
    makespan: unfinishedAny || nDone === 0 ? null : lastFinish - firstArrival,
    events,
    perf: { wallSeconds: run.wallSeconds, eventsPerSecond: run.wallSeconds > 0 ? events / run.wallSeconds : 0 },
  };
}

/** Mean and quantiles of the first `n` values (R-7 quantiles, as d3-array computes them). */
export function summary(values: Float64Array, n: number): Summary {
  if (n === 0) return { count: 0, mean: null, p50: null, p95: null, p99: null, max: null };
  const sorted = values.subarray(0, n).sort();
  // d3-array indexes any array-like; its types only admit plain arrays.
  const asArray = sorted as unknown as number[];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] as number;
  return {
    count: n,
    mean: sum / n,
    p50: quantileSorted(asArray, 0.5) as number,
    p95: quantileSorted(asArray, 0.95) as number,
    p99: quantileSorted(asArray, 0.99) as number,
    max: sorted[n - 1] as number,
  };
}

/** Allocated chip-seconds over available chip-seconds for a set of pools; 0 for an empty window. */
function utilizationOf(pools: readonly PoolModel[], busyChipS: Float64Array, window: number): number {
  let busy = 0;
  let chips = 0;
  for (const p of pools) {
    busy += busyChipS[p.index] as number;
    chips += p.nodes * p.chipsPerNode;
  }
  return chips > 0 && window > 0 ? busy / (chips * window) : 0;
}

function timeSeriesOf(run: RunRecord): TimeSeries {
  const { times, allocation, queue } = run.timeSeries;
  const { model } = run;
  const t: number[] = [];
  const queueLength: number[] = [];
  const byChip = model.chips.map(() => [] as number[]);
  const bySite = model.sites.map(() => [] as number[]);
  const chipsOfChip = new Float64Array(model.chips.length);
  const chipsOfSite = new Float64Array(model.sites.length);
  for (const p of model.pools) {
    chipsOfChip[p.chip] = (chipsOfChip[p.chip] as number) + p.nodes * p.chipsPerNode;
    chipsOfSite[p.site] = (chipsOfSite[p.site] as number) + p.nodes * p.chipsPerNode;
  }
  for (let k = 1; k < times.length; k++) {
    const dt = (times[k] as number) - (times[k - 1] as number);
    if (!(dt > 0)) continue;
    t.push(times[k] as number);
    queueLength.push(((queue[k] as number) - (queue[k - 1] as number)) / dt);
    const now = allocation[k] as Float64Array;
    const before = allocation[k - 1] as Float64Array;
    const chipBusy = new Float64Array(model.chips.length);
    const siteBusy = new Float64Array(model.sites.length);
    for (const p of model.pools) {
      const busy = ((now[p.index] as number) - (before[p.index] as number)) / 1000;
      chipBusy[p.chip] = (chipBusy[p.chip] as number) + busy;
      siteBusy[p.site] = (siteBusy[p.site] as number) + busy;
    }
    model.chips.forEach((c, i) => byChip[i]?.push((chipBusy[i] as number) / ((chipsOfChip[i] as number) * dt) || 0));
    model.sites.forEach((s, i) => bySite[i]?.push((siteBusy[i] as number) / ((chipsOfSite[i] as number) * dt) || 0));
  }
  return {
    t,
    utilizationByChip: Object.fromEntries(model.chips.map((c, i) => [c.name, byChip[i] as number[]])),
    utilizationBySite: Object.fromEntries(model.sites.map((s, i) => [s.name, bySite[i] as number[]])),
    queueLength,
  };
}

function sortedRecord(map: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
