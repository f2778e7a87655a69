import { Engine, type EventHandler } from '../engine/engine.js';
import { Hooks } from '../engine/hooks.js';
import { RngStreams } from '../engine/rng.js';
import { buildClusterModel, chipsToMilli, type ClassModel, type ClusterModel, type PoolModel } from '../model/cluster-model.js';
import { ClusterState } from '../model/cluster-state.js';
import { JobState, JobTable } from '../model/job-table.js';
import { TimeSeriesRecorder } from '../metrics/time-series-recorder.js';
import { UsageMeter } from '../metrics/usage-meter.js';
import type { Policy } from '../policy/policy.js';
import { resolvePolicy } from '../policy/registry.js';
import type { Scenario } from '../scenario/parse-scenario.js';
import type { ArrivalSource } from '../workload/arrival-source.js';
import { buildArrivalSources, buildWorkSamplers } from '../workload/build-workload.js';
import type { Sampler } from '../workload/distribution-sampler.js';
import { JobQueue } from './job-queue.js';
import type { RunRecord } from '../metrics/run-record.js';

/** Event kinds. Payloads: arrival → source index; finish → job index. */
const EV_ARRIVAL = 0;
const EV_FINISH = 1;
const EV_SAMPLE = 2;
const EV_WARMUP = 3;

/** Hooks a simulation emits; listeners get the job's index (see `Simulation.jobs`) and the time. */
export interface SimulationHooks {
  [name: string]: (...args: never[]) => void;
  'job:arrive': (job: number, time: number) => void;
  'job:start': (job: number, time: number) => void;
  'job:finish': (job: number, time: number) => void;
  'job:reject': (job: number, time: number, reason: string) => void;
}

export interface SimulationOptions {
  /** Master seed; defaults to the scenario's. */
  seed?: number;
  /** Policy instance; defaults to the scenario's policy by name. */
  policy?: Policy;
}

/** Why a job was rejected at once, as counted in `rejectReasons`. */
export const RejectReason = {
  /** No pool has a chip listed in the class's speed table. */
  noCapableChip: 'no-capable-chip',
  /** Pools with a capable chip exist, but none has nodes big enough (chips, cores, memory or gang size). */
  tooLarge: 'too-large-for-any-pool',
} as const;

/**
 * One simulation run: arrivals, dispatch, start and finish of jobs over a
 * cluster, driven by the engine. Single-threaded and deterministic: the same
 * scenario and seed give the same run, event for event.
 */
export class Simulation implements EventHandler {
  readonly engine = new Engine();
  readonly hooks = new Hooks<SimulationHooks>();
  readonly model: ClusterModel;
  readonly state: ClusterState;
  readonly jobs: JobTable;
  readonly policy: Policy;
  readonly seed: number;

  private readonly scenario: Scenario;
  private readonly sources: ArrivalSource[];
  private readonly samplers: Sampler[];
  private readonly queue = new JobQueue();
  private readonly usage: UsageMeter;
  private readonly queueLength = new UsageMeter(1);
  private readonly timeSeries: TimeSeriesRecorder;
  private usageAtWarmup: Float64Array;
  private readonly horizon: number;
  /** Pools that can run each class (chip listed in its speed table), in declaration order. */
  private readonly candidates: Int32Array[];
  /** Per class: CPU cores and MiB a job asks of its node. */
  private readonly classCores: Int32Array;
  private readonly classMemMiB: Int32Array;
  private readonly classMilli: Int32Array;
  /** Per class, why a job with the class's own chip count can never run (undefined if it can). */
  private readonly classNeverRunnable: (string | undefined)[];
  /** Speed of each pool's chip for each class, `cls * pools + pool`. */
  private readonly speed: Float64Array;
  private readonly rejectReasons = new Map<number, string>();
  private passNeeded = false;
  private lastEventTime = 0;
  private counted = 0;
  private ran = false;

  constructor(scenario: Scenario, options: SimulationOptions = {}) {
    this.scenario = scenario;
    this.seed = options.seed ?? scenario.seed;
    this.policy = options.policy ?? resolvePolicy(scenario.policy);
    this.model = buildClusterModel(scenario);
    this.state = new ClusterState(this.model);
    this.jobs = new JobTable(expectedArrivals(scenario));
    const rng = new RngStreams(this.seed);
    this.sources = buildArrivalSources(scenario, this.model, rng);
    this.samplers = buildWorkSamplers(this.model, rng);
    this.usage = new UsageMeter(this.model.pools.length);
    this.usageAtWarmup = new Float64Array(this.model.pools.length);
    this.horizon = scenario.horizon ?? Infinity;
    this.timeSeries = new TimeSeriesRecorder(Number.isFinite(this.horizon) ? this.horizon / 200 : 1);

    const { classes, pools } = this.model;
    this.candidates = classes.map((c) => Int32Array.from(pools.filter((p) => (c.speedByChip[p.chip] as number) > 0).map((p) => p.index)));
    this.classCores = Int32Array.from(classes, (c) => Math.round(c.cpuCores));
    this.classMemMiB = Int32Array.from(classes, (c) => c.memMiB);
    this.classMilli = Int32Array.from(classes, (c) => chipsToMilli(c.chips));
    this.classNeverRunnable = classes.map((c) => this.neverRunnable(c.index, chipsToMilli(c.chips)));
    this.speed = new Float64Array(classes.length * pools.length);
    for (const c of classes) for (const p of pools) this.speed[c.index * pools.length + p.index] = c.speedByChip[p.chip] as number;
  }

  /** Runs to the end (the horizon, or until no event is left) and returns the raw record. */
  run(): RunRecord {
    if (this.ran) throw new Error('a Simulation runs once; create a new one to run again');
    this.ran = true;
    const wallStart = performance.now();
    const engine = this.engine;
    this.sources.forEach((source, i) => {
      if (source.nextTime < this.horizon) engine.schedule(source.nextTime, EV_ARRIVAL, i);
    });
    this.timeSeries.record(0, this.usage, this.queueLength);
    engine.schedule(this.timeSeries.nextTime(0), EV_SAMPLE, 0);
    if (this.scenario.warmupS > 0) engine.schedule(this.scenario.warmupS, EV_WARMUP, 0);

    engine.run(this, this.horizon);
    let endTime: number;
    if (Number.isFinite(this.horizon) && !this.scenario.drain) {
      endTime = this.horizon;
      this.cutAt(endTime);
    } else {
      engine.run(this);
      endTime = this.lastEventTime;
      this.cutAt(endTime);
    }
    this.timeSeries.finish(endTime, this.usage, this.queueLength);
    return {
      scenario: this.scenario,
      model: this.model,
      policy: this.policy,
      seed: this.seed,
      jobs: this.jobs,
      usage: this.usage,
      usageAtWarmup: this.usageAtWarmup,
      timeSeries: this.timeSeries,
      endTime,
      events: this.counted,
      rejectReasons: this.rejectReasons,
      wallSeconds: (performance.now() - wallStart) / 1000,
    };
  }

  handle(kind: number, payload: number, time: number): void {
    switch (kind) {
      case EV_ARRIVAL:
        this.lastEventTime = time;
        this.counted++;
        this.arrive(payload, time);
        return;
      case EV_FINISH:
        this.lastEventTime = time;
        this.counted++;
        this.finish(payload, time);
        return;
      case EV_SAMPLE:
        this.timeSeries.record(time, this.usage, this.queueLength);
        // Sampling never keeps a finished simulation alive.
        if (this.engine.queue.size > 0) this.engine.schedule(this.timeSeries.nextTime(time), EV_SAMPLE, 0);
        return;
      case EV_WARMUP:
        this.usageAtWarmup = this.usage.snapshot(time);
        return;
    }
  }

  endOfInstant(time: number): void {
    if (!this.passNeeded) return;
    this.passNeeded = false;
    this.schedulingPass(time);
  }

  private arrive(sourceIndex: number, time: number): void {
    const source = this.sources[sourceIndex] as ArrivalSource;
    const cls = source.cls;
    const milli = source.milli >= 0 ? source.milli : (this.classMilli[cls] as number);
    let work = source.work;
    // Work is drawn in arrival order from the class's own stream, so it
    // does not depend on the policy or on anything else in the run.
    if (Number.isNaN(work)) work = (this.samplers[cls] as Sampler)();
    const job = this.jobs.add(cls, source.origin, time, work, milli);
    if (source.id !== undefined) this.jobs.explicitIds.set(job, source.id);

    source.advance();
    if (source.nextTime < this.horizon) this.engine.schedule(source.nextTime, EV_ARRIVAL, sourceIndex);

    if (this.hooks.listening['job:arrive']) this.hooks.emit('job:arrive', job, time);
    const reason = source.milli < 0 ? this.classNeverRunnable[cls] : this.neverRunnable(cls, milli);
    if (reason !== undefined) {
      this.reject(job, time, reason);
      return;
    }
    // Under strict order a job joining a non-empty queue cannot change
    // anything: the head was blocked at the last pass and still is.
    if (this.queue.size === 0 || !this.policy.strictOrder) this.passNeeded = true;
    this.queue.push(job);
    this.queueLength.change(0, 1, time);
  }

  private finish(job: number, time: number): void {
    const jobs = this.jobs;
    const pool = jobs.pool[job] as number;
    const held = jobs.held[job] as number;
    const cls = jobs.cls[job] as number;
    this.state.release(jobs, job, this.classCores[cls] as number, this.classMemMiB[cls] as number);
    this.usage.change(pool, -held, time);
    jobs.cost[job] = this.costOf(pool, held, time - (jobs.start[job] as number));
    jobs.finish[job] = time;
    jobs.state[job] = JobState.Completed;
    if (this.queue.size > 0) this.passNeeded = true;
    if (this.hooks.listening['job:finish']) this.hooks.emit('job:finish', job, time);
  }

  /**
   * Starts waiting jobs in queue order, each on the first pool with room.
   * Under strict order the pass ends at the first job that must wait.
   */
  private schedulingPass(time: number): void {
    const queue = this.queue;
    if (this.policy.strictOrder) {
      while (queue.size > 0) {
        const job = queue.at(0);
        if (!this.tryStart(job, time)) return;
        queue.shift();
        this.queueLength.change(0, -1, time);
      }
      return;
    }
    queue.retain((job) => {
      if (!this.tryStart(job, time)) return true;
      this.queueLength.change(0, -1, time);
      return false;
    });
  }

  /** Starts `job` on the first candidate pool that has room now; false if none has. */
  private tryStart(job: number, time: number): boolean {
    const jobs = this.jobs;
    const cls = jobs.cls[job] as number;
    const candidates = this.candidates[cls] as Int32Array;
    const cores = this.classCores[cls] as number;
    const mem = this.classMemMiB[cls] as number;
    for (let i = 0; i < candidates.length; i++) {
      const pool = candidates[i] as number;
      const held = this.state.place(jobs, job, pool, cores, mem);
      if (held > 0) {
        this.start(job, pool, held, time);
        return true;
      }
    }
    return false;
  }

  private start(job: number, pool: number, held: number, time: number): void {
    const jobs = this.jobs;
    jobs.held[job] = held;
    jobs.start[job] = time;
    jobs.state[job] = JobState.Running;
    this.usage.change(pool, held, time);
    const speed = this.speed[(jobs.cls[job] as number) * this.model.pools.length + pool] as number;
    this.engine.schedule(time + (jobs.work[job] as number) / speed, EV_FINISH, job);
    if (this.hooks.listening['job:start']) this.hooks.emit('job:start', job, time);
  }

  private reject(job: number, time: number, reason: string): void {
    this.jobs.state[job] = JobState.Rejected;
    this.rejectReasons.set(job, reason);
    if (this.hooks.listening['job:reject']) this.hooks.emit('job:reject', job, time, reason);
  }

  /** Why a job of class `cls` asking for `milli` can never run in this cluster, or undefined if some pool could hold it. */
  private neverRunnable(cls: number, milli: number): string | undefined {
    const candidates = this.candidates[cls] as Int32Array;
    if (candidates.length === 0) return RejectReason.noCapableChip;
    const cores = this.classCores[cls] as number;
    const mem = this.classMemMiB[cls] as number;
    for (let i = 0; i < candidates.length; i++) {
      if (this.state.canEverHold(candidates[i] as number, milli, cores, mem)) return undefined;
    }
    return RejectReason.tooLarge;
  }

  private costOf(pool: number, heldMilli: number, seconds: number): number {
    const p = this.model.pools[pool] as PoolModel;
    return ((heldMilli / 1000) * seconds * p.pricePerChipHour) / 3600;
  }

  /** Ends the run at `time`: running jobs are cut (cost accrues to `time`), waiting ones left unfinished. */
  private cutAt(time: number): void {
    const jobs = this.jobs;
    for (let job = 0; job < jobs.length; job++) {
      const state = jobs.state[job];
      if (state === JobState.Running) {
        const pool = jobs.pool[job] as number;
        jobs.cost[job] = this.costOf(pool, jobs.held[job] as number, time - (jobs.start[job] as number));
        jobs.state[job] = JobState.Unfinished;
      } else if (state === JobState.Queued) {
        jobs.state[job] = JobState.Unfinished;
      }
    }
  }

  /** The class of job `job`. */
  classOf(job: number): ClassModel {
    return this.model.classes[this.jobs.cls[job] as number] as ClassModel;
  }
}

/**
 * About how many jobs the scenario will bring, to size the job table once
 * instead of growing it a dozen times; capped, since it is only a hint.
 */
function expectedArrivals(s: Scenario): number {
  let n = s.jobs.length;
  for (const w of s.workload) n += w.count ?? w.arrivals.rate * (s.horizon ?? 0) * 1.05;
  return Math.min(Math.ceil(n) + 16, 1 << 24);
}
