import type { ClusterModel } from '../model/cluster-model.js';
import { JobState, type JobTable } from '../model/job-table.js';
import type { Scenario } from '../scenario/scenario.js';
import { GroupTally, type JobFacts } from './group-results.js';
import { SlowestJobs } from './slowest-jobs.js';
import { StreamedStatistic, type QuantileMethod } from './streamed-statistic.js';

/**
 * The job statistics of a run, computed as jobs finish instead of from a
 * table of every job: each job is added once, when its life is over
 * (completed, rejected, failed, or cut at the end of the run), and what it
 * leaves is counts, sums and the values of four statistics. `summarize`
 * turns them into the results contract.
 *
 * Only jobs that arrived at or after `warmupS` count; a job still
 * unfinished at the end counts in `anyUnfinished` whenever it arrived
 * (the makespan is then unknown), and every completed job may be one of
 * the slowest (the run report explains those).
 */
export class JobStatistics {
  readonly wait: StreamedStatistic;
  readonly jct: StreamedStatistic;
  readonly slowdown: StreamedStatistic;
  /** RTT from origin to site, placed jobs: read through `rttMs`. */
  private readonly rtt: StreamedStatistic;
  /**
   * Placed jobs per (class, origin, site) cell, not yet in `rtt`. A job's
   * RTT is the model's from its origin to its pool's site, so counting the
   * cell is all a job costs; `rttMs` hands each cell to the statistic as
   * one value repeated. Undefined for a model with more than `MAX_RTT_CELLS`
   * cells, whose jobs give their RTT one by one.
   */
  private readonly rttCells: Float64Array | undefined;
  /** Jobs counted in `rttCells` since they were last handed over. */
  private rttPending = 0;
  /** Counted per class; the run's totals are the classes' summed. */
  readonly byClass: GroupTally;
  private readonly perOrigin: GroupTally | undefined;
  /** Per circle of the model: counted jobs whose class has it, and those placed inside it. */
  readonly circleJobs: Float64Array;
  readonly circleMet: Float64Array;
  /** Rejected jobs per reject code (`RunRecord.rejectReasons`), and those without one. */
  readonly rejectCounts: number[] = [];
  rejectedWithoutCode = 0;
  /** Cost of placed jobs per provider, in `providers` order. */
  readonly costByProvider: Float64Array;
  readonly providers: readonly string[];
  readonly slowest = new SlowestJobs(10);
  firstArrival = Infinity;
  lastFinish = -Infinity;
  anyUnfinished = false;
  /** Jobs added, counted or not. */
  added = 0;

  private readonly warmupS: number;
  private readonly thresholdS: number;
  private readonly nSites: number;
  private readonly nOrigins: number;
  private readonly classCircle: Int32Array;
  private readonly poolSite: Int32Array;
  private readonly poolProvider: Int32Array;
  private readonly f: JobFacts = { state: 0, restarts: 0, preemptions: 0, hasCircle: false, hasDeadline: false, placed: false, started: false, deadlineMet: false, cost: 0, energyKWh: 0 };

  constructor(
    private readonly model: ClusterModel,
    scenario: Pick<Scenario, 'warmupS' | 'metrics'>,
    readonly method: QuantileMethod,
    /** Most cells to count RTTs in (`MAX_RTT_CELLS`); a test sets 0 to take the one-by-one path. */
    maxRttCells = MAX_RTT_CELLS,
  ) {
    const classes = model.classes.length;
    const origins = model.regions.length;
    this.wait = new StreamedStatistic(method, classes, origins);
    this.jct = new StreamedStatistic(method, classes, origins);
    this.slowdown = new StreamedStatistic(method, classes, origins);
    this.rtt = new StreamedStatistic(method, classes, origins);
    const cells = classes * origins * model.sites.length;
    this.rttCells = cells <= maxRttCells ? new Float64Array(cells) : undefined;
    this.byClass = new GroupTally(classes);
    // With one origin its tally is the run's: the classes' summed.
    this.perOrigin = origins > 1 ? new GroupTally(origins) : undefined;
    this.circleJobs = new Float64Array(model.circles.length);
    this.circleMet = new Float64Array(model.circles.length);
    this.warmupS = scenario.warmupS;
    this.thresholdS = scenario.metrics.slowdownThresholdS;
    this.nSites = model.sites.length;
    this.nOrigins = origins;
    this.classCircle = Int32Array.from(model.classes, (c) => c.circle);
    this.poolSite = Int32Array.from(model.pools, (p) => p.site);
    const providers = [...new Set(model.sites.map((s) => s.provider))];
    this.providers = providers;
    this.poolProvider = Int32Array.from(model.pools, (p) => providers.indexOf(model.sites[p.site]?.provider ?? 'default'));
    this.costByProvider = new Float64Array(providers.length);
  }

  /** The RTT statistic, with every job counted so far. */
  get rttMs(): StreamedStatistic {
    if (this.rttPending > 0) this.handOverRtt(this.rttCells as Float64Array);
    return this.rtt;
  }

  /** Counted per origin region (with one origin, the run's totals). */
  get byOrigin(): GroupTally {
    return this.perOrigin ?? this.byClass.total();
  }

  /** A job whose life is over: its state, times, cost and energy are final. */
  add(jobs: JobTable, job: number): void {
    this.added++;
    const state = jobs.state[job] as number;
    const arrival = jobs.arrival[job] as number;
    const finish = jobs.finish[job] as number;
    if (state === JobState.Unfinished) this.anyUnfinished = true;
    if (state === JobState.Completed && this.slowest.qualifies(finish - arrival, jobs.serial[job] as number)) this.slowest.add(finish - arrival, jobs.serial[job] as number, jobs.idOf(job));
    if (arrival < this.warmupS) return;
    if (arrival < this.firstArrival) this.firstArrival = arrival;
    const cls = jobs.cls[job] as number;
    const origin = jobs.origin[job] as number;
    const circle = this.classCircle[cls] as number;
    const due = jobs.due[job] as number;
    const poolIndex = jobs.pool[job] as number;
    const start = jobs.start[job] as number;
    const f = this.f;
    f.state = state;
    f.restarts = jobs.restarts[job] as number;
    f.preemptions = jobs.preemptions[job] as number;
    f.hasCircle = circle >= 0;
    f.hasDeadline = due !== Infinity;
    f.placed = state !== JobState.Rejected && poolIndex >= 0;
    // A job put back in the queue by a failure and still waiting at the end has no start.
    f.started = f.placed && !Number.isNaN(start);
    f.deadlineMet = state === JobState.Completed && f.hasDeadline && finish <= due;
    f.cost = jobs.cost[job] as number;
    f.energyKWh = jobs.energyKWh[job] as number;
    this.byClass.add(cls, f);
    this.perOrigin?.add(origin, f);

    if (f.hasCircle) this.circleJobs[circle] = (this.circleJobs[circle] as number) + 1;
    if (state === JobState.Rejected) {
      this.countRejection(jobs.rejectCode[job] as number);
      return;
    }
    if (!f.placed) return;
    // Placed at least once, so inside its circle: the built-in filter never places outside.
    if (f.hasCircle) this.circleMet[circle] = (this.circleMet[circle] as number) + 1;
    const provider = this.poolProvider[poolIndex] as number;
    this.costByProvider[provider] = (this.costByProvider[provider] as number) + f.cost;
    const site = this.poolSite[poolIndex] as number;
    const cells = this.rttCells;
    if (cells === undefined) this.rtt.add(this.model.rttMs[origin * this.nSites + site] as number, cls, origin);
    else {
      const k = (cls * this.nOrigins + origin) * this.nSites + site;
      cells[k] = (cells[k] as number) + 1;
      this.rttPending++;
    }
    if (f.started) this.wait.add(start - arrival, cls, origin);
    if (state !== JobState.Completed) return;
    if (finish > this.lastFinish) this.lastFinish = finish;
    const jct = finish - arrival;
    this.jct.add(jct, cls, origin);
    this.slowdown.add(boundedSlowdown(jct, jobs.runS[job] as number, this.thresholdS), cls, origin);
  }

  /** Each counted cell into the RTT statistic, as its RTT repeated once per job, in cell order. */
  private handOverRtt(cells: Float64Array): void {
    const sites = this.nSites;
    let k = 0;
    for (let cls = 0; cls < this.model.classes.length; cls++) {
      for (let origin = 0; origin < this.nOrigins; origin++) {
        for (let site = 0; site < sites; site++, k++) {
          const n = cells[k] as number;
          if (n === 0) continue;
          this.rtt.addRepeated(this.model.rttMs[origin * sites + site] as number, n, cls, origin);
          cells[k] = 0;
        }
      }
    }
    this.rttPending = 0;
  }

  /** A rejection, by its reason's code (-1: none). Out of `add`, which stays small enough for V8 to inline what it calls. */
  private countRejection(code: number): void {
    if (code < 0) this.rejectedWithoutCode++;
    while (this.rejectCounts.length <= code) this.rejectCounts.push(0);
    if (code >= 0) this.rejectCounts[code] = (this.rejectCounts[code] as number) + 1;
  }
}

/** Most (class, origin, site) cells whose RTT counts are kept apart (512 KiB); see `JobStatistics.rttCells`. */
export const MAX_RTT_CELLS = 65_536;

/**
 * Bounded slowdown (Feitelson et al., JSSPP 1997): max(1, JCT / max(run, τ)), where
 * JCT = wait + run for a job that ran once, and run is its true
 * uninterrupted time on the chip it finished on. The threshold τ keeps a
 * job shorter than it from reading as badly slowed by a short wait.
 */
export function boundedSlowdown(jctS: number, runS: number, thresholdS: number): number {
  return Math.max(1, jctS / Math.max(runS, thresholdS));
}
