import { Engine, type EventHandler } from '../engine/engine.js';
import { Hooks } from '../engine/hooks.js';
import { RngStreams, type Rng } from '../engine/rng.js';
import { buildClusterModel, type ClassModel, type ClusterModel, type PoolModel } from '../model/cluster-model.js';
import { ClusterState } from '../model/cluster-state.js';
import { JobState, JobTable } from '../model/job-table.js';
import { fragmentationAt } from '../metrics/fragmentation.js';
import type { RunRecord } from '../metrics/run-record.js';
import { TimeSeriesRecorder } from '../metrics/time-series-recorder.js';
import { UsageMeter } from '../metrics/usage-meter.js';
import type { Policy } from '../policy/policy.js';
import { resolvePolicy, toScheduler } from '../policy/registry.js';
import { SchedulingContext, type Scheduler } from '../policy/scheduler.js';
import { PoolQueues } from '../model/pool-queues.js';
import { Dispatcher, type DispatchHost } from './dispatcher.js';
import type { Scenario } from '../scenario/scenario.js';
import type { ArrivalSource } from '../workload/arrival-source.js';
import { buildArrivalSources, buildEstimators, buildWorkSamplers } from '../workload/build-workload.js';
import type { Sampler } from '../workload/distribution-sampler.js';
import { BuiltinFilters } from '../policy/builtin-filters.js';
import { NodeFailures } from './node-failures.js';
import { RunningJobs } from './running-jobs.js';

export { RejectReason } from '../policy/builtin-filters.js';

/** Event kinds. Payloads: arrival → source index; finish → job; failure → pool; repair → global node; price → pool. */
const EV_ARRIVAL = 0;
const EV_FINISH = 1;
const EV_SAMPLE = 2;
const EV_WARMUP = 3;
const EV_NODE_FAIL = 4;
const EV_NODE_REPAIR = 5;
const EV_PRICE_CHANGE = 6;

/** Hooks a simulation emits; listeners get the job's index (see `Simulation.jobs`) and the time. */
export interface SimulationHooks {
  [name: string]: (...args: never[]) => void;
  'job:arrive': (job: number, time: number) => void;
  'job:start': (job: number, time: number) => void;
  'job:finish': (job: number, time: number) => void;
  'job:reject': (job: number, time: number, reason: string) => void;
  /** A job lost its node to a failure and went back to the queue (or failed, per `onNodeFailure`). */
  'job:evict': (job: number, time: number) => void;
  /** A job was preempted by a higher-priority one and went back to the central queue. */
  'job:preempt': (job: number, time: number) => void;
  'node:down': (pool: number, node: number, time: number) => void;
  'node:up': (pool: number, node: number, time: number) => void;
}

export interface SimulationOptions {
  /** Master seed; defaults to the scenario's. */
  seed?: number;
  /** Policy instance (a built-in `Scheduler` or a user `Policy`); defaults to the scenario's built-in policy by name. */
  policy?: Scheduler | Policy;
  /** Fail on the first malformed trace row instead of skipping and counting them (`--strict`). */
  strict?: boolean;
  /** Arrival streams to use instead of the scenario's, for programs that build the jobs themselves (the FGD protocol). */
  arrivals?: readonly ArrivalSource[];
}

/**
 * One simulation run: arrivals, dispatch, start and finish of jobs over a
 * cluster whose nodes may fail, driven by the engine. Single-threaded and
 * deterministic: the same scenario and seed give the same run, event for
 * event.
 *
 * A placed job holds its node(s) from placement: first its input data moves
 * from its origin (transfer time), then it computes for its runtime on that
 * chip. It is billed for the chips it holds over that whole time, at the
 * pool's price as it varies, plus the data fee.
 */
export class Simulation implements EventHandler, DispatchHost {
  readonly engine = new Engine();
  readonly hooks = new Hooks<SimulationHooks>();
  readonly model: ClusterModel;
  readonly state: ClusterState;
  readonly jobs: JobTable;
  readonly policy: Scheduler;
  readonly seed: number;
  readonly filters: BuiltinFilters;
  readonly context: SchedulingContext;
  readonly dispatcher: Dispatcher;
  readonly poolQueues: PoolQueues;

  private readonly scenario: Scenario;
  private readonly sources: ArrivalSource[];
  private pendingSources = 0;
  /** Running jobs that never finish on their own (endless work): they keep nothing else going. */
  private endless = 0;
  private readonly samplers: Sampler[];
  private readonly estimators: ((work: number) => number)[];
  private readonly running = new RunningJobs();
  private readonly usage: UsageMeter;
  private readonly down: UsageMeter;
  private readonly queueLength = new UsageMeter(1);
  private readonly timeSeries: TimeSeriesRecorder;
  private usageAtWarmup: Float64Array;
  private downAtWarmup: Float64Array;
  private readonly failures: NodeFailures;
  private readonly horizon: number;
  /** Distinct reject reasons, indexed by the codes in `jobs.rejectCode`. */
  private readonly rejectReasons: string[] = [];
  private readonly warnings: string[] = [];
  private readonly warned = new Set<string>();
  private lastEventTime = 0;
  private counted = 0;
  private ran = false;

  constructor(scenario: Scenario, options: SimulationOptions = {}) {
    this.scenario = scenario;
    this.seed = options.seed ?? scenario.seed;
    this.policy = options.policy === undefined ? resolvePolicy(scenario.policy) : toScheduler(options.policy);
    this.model = buildClusterModel(scenario);
    this.state = new ClusterState(this.model);
    this.jobs = new JobTable(expectedArrivals(scenario));
    this.filters = new BuiltinFilters(this.model, this.state, this.jobs);
    const rng = new RngStreams(this.seed);
    this.sources = options.arrivals !== undefined ? [...options.arrivals] : buildArrivalSources(scenario, this.model, rng, { strict: options.strict === true });
    this.samplers = buildWorkSamplers(this.model, rng);
    this.estimators = buildEstimators(this.model, rng);
    const pools = this.model.pools.length;
    this.usage = new UsageMeter(pools);
    this.down = new UsageMeter(pools);
    this.usageAtWarmup = new Float64Array(pools);
    this.downAtWarmup = new Float64Array(pools);
    this.failures = new NodeFailures(this.model, (pool: PoolModel): Rng => rng.stream(`failures:${pool.name}`));
    this.horizon = scenario.horizon ?? Infinity;
    const late = scenario.jobs.filter((j) => j.arrival >= this.horizon).length;
    if (late > 0) this.warnings.push(`${late} of the listed jobs arrive at or after the horizon (${this.horizon} s) and are not simulated`);
    this.poolQueues = new PoolQueues(this.model);
    this.context = new SchedulingContext(
      this.model,
      this.state,
      this.jobs,
      this.filters,
      this.poolQueues,
      this.usage.allocated,
      rng.stream('policy'),
      scenario.policyOptions,
      this.running,
    );
    this.dispatcher = new Dispatcher(this.policy, this.context, this.poolQueues, this);
    const interval = scenario.metrics.sampleIntervalS ?? (Number.isFinite(this.horizon) ? this.horizon / 200 : 1);
    this.timeSeries = new TimeSeriesRecorder(interval);
  }

  /** Runs to the end (the horizon, or until nothing is left to do) and returns the raw record. */
  run(): RunRecord {
    if (this.ran) throw new Error('a Simulation runs once; create a new one to run again');
    this.ran = true;
    const wallStart = performance.now();
    const engine = this.engine;
    this.sources.forEach((source, i) => {
      if (source.nextTime < this.horizon) {
        engine.schedule(source.nextTime, EV_ARRIVAL, i);
        this.pendingSources++;
      }
    });
    this.timeSeries.record(0, this.usage, this.down, this.queueLength, 0);
    engine.schedule(this.timeSeries.nextTime(0), EV_SAMPLE, 0);
    if (this.scenario.warmupS > 0) engine.schedule(this.scenario.warmupS, EV_WARMUP, 0);
    this.policy.prepare?.(this.context);
    for (const pool of this.model.pools) {
      this.scheduleFailure(pool.index, 0);
      this.schedulePriceChange(pool.index, 0);
    }

    let endTime: number;
    try {
      engine.run(this, this.horizon);
      if (Number.isFinite(this.horizon) && !this.scenario.drain) {
        endTime = this.horizon;
      } else {
        engine.run(this);
        // With a horizon the window covers at least up to it, even if the work ended sooner.
        endTime = Number.isFinite(this.horizon) ? Math.max(this.horizon, this.lastEventTime) : this.lastEventTime;
      }
    } finally {
      // Trace files cut short by the horizon (or by a bad row under --strict) are closed here.
      for (const source of this.sources) source.close?.();
    }
    for (const source of this.sources) this.warnings.push(...(source.warnings?.() ?? []));
    this.cutAt(endTime);
    this.timeSeries.finish(endTime, this.usage, this.down, this.queueLength, this.fragmentation());
    return {
      scenario: this.scenario,
      model: this.model,
      policy: this.policy,
      seed: this.seed,
      jobs: this.jobs,
      usage: this.usage,
      down: this.down,
      usageAtWarmup: this.usageAtWarmup,
      downAtWarmup: this.downAtWarmup,
      timeSeries: this.timeSeries,
      endTime,
      events: this.counted,
      rejectReasons: this.rejectReasons,
      warnings: this.warnings,
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
        // A job evicted by a failure and started again leaves a stale finish
        // event behind; only the one matching its planned finish counts.
        if (this.jobs.state[payload] !== JobState.Running || this.jobs.finish[payload] !== time) return;
        this.lastEventTime = time;
        this.counted++;
        this.finish(payload, time);
        return;
      case EV_SAMPLE:
        this.timeSeries.record(time, this.usage, this.down, this.queueLength, this.fragmentation());
        {
          const next = this.timeSeries.nextTime(time);
          if (this.worthScheduling(next)) this.engine.schedule(next, EV_SAMPLE, 0);
        }
        return;
      case EV_WARMUP:
        this.usageAtWarmup = this.usage.snapshot(time);
        this.downAtWarmup = this.down.snapshot(time);
        return;
      case EV_NODE_FAIL:
        if (!this.failures.isScheduled(payload, time)) return;
        this.lastEventTime = time;
        this.counted++;
        this.failNode(payload, time);
        return;
      case EV_NODE_REPAIR:
        this.lastEventTime = time;
        this.counted++;
        this.repairNode(payload, time);
        return;
      case EV_PRICE_CHANGE:
        this.dispatcher.everythingChanged();
        this.schedulePriceChange(payload, time);
        return;
    }
  }

  endOfInstant(time: number): void {
    // Nothing starts at the horizon itself when running jobs are cut there: it would run for no time at all.
    if (time >= this.horizon && !this.scenario.drain) return;
    this.dispatcher.runPass(time);
  }

  /**
   * Whether a background event (sample, failure, price change) at `at`
   * should be scheduled: always up to the horizon, which the run reaches
   * anyway; after it (or without one) only while something can still
   * happen: arrivals to come, jobs running, or waiting jobs that a repair or
   * a price change could unblock. Without this rule a finished simulation
   * with failing nodes would never end.
   */
  private worthScheduling(at: number): boolean {
    if (at <= this.horizon && Number.isFinite(this.horizon)) return true;
    if (this.pendingSources > 0 || this.running.size > this.endless) return true;
    if (this.dispatcher.waitingCount() === 0) return false;
    return this.failures.anyDown() || this.model.pools.some((p) => p.price.nextChangeAfter(this.engine.now) < Infinity);
  }

  private arrive(sourceIndex: number, time: number): void {
    const jobs = this.jobs;
    const source = this.sources[sourceIndex] as ArrivalSource;
    const cls = source.cls;
    const klass = this.model.classes[cls] as ClassModel;
    const explicit = source.explicit;
    const milli = explicit !== undefined && explicit.milli >= 0 ? explicit.milli : (this.filters.classMilli[cls] as number);
    // Work is drawn in arrival order from the class's own stream, so it
    // does not depend on the policy or on anything else in the run.
    const work = explicit === undefined ? (this.samplers[cls] as Sampler)() : explicit.work;
    const cores = explicit?.milliCores ?? -1;
    const mem = explicit?.memMiB ?? -1;
    const job = jobs.add(
      cls,
      source.origin,
      time,
      work,
      milli,
      cores >= 0 ? cores : (this.filters.classCores[cls] as number),
      mem >= 0 ? mem : (this.filters.classMemMiB[cls] as number),
    );
    if (explicit === undefined) {
      jobs.estimate[job] = (this.estimators[cls] as (w: number) => number)(work);
      jobs.inputGB[job] = klass.inputGB;
      jobs.due[job] = time + klass.deadlineS;
      jobs.budget[job] = klass.budget;
    } else {
      jobs.explicitIds.set(job, explicit.id);
      if (explicit.runtimeS !== undefined) jobs.runtimeRows.set(job, explicit.runtimeS);
      if (explicit.speed !== undefined) jobs.speedRow[job] = jobs.speedRowIndex(explicit.speed);
      if (explicit.oneNode === true) jobs.oneNode[job] = 1;
      // An explicit job's work is known, unless it comes with its own
      // estimate (a trace's requested time) or its class says estimates are noisy.
      const given = explicit.estimate ?? NaN;
      if (this.model.oracle) jobs.estimate[job] = work;
      else if (!Number.isNaN(given)) jobs.estimate[job] = given;
      else jobs.estimate[job] = klass.estimate === undefined ? work : (this.estimators[cls] as (w: number) => number)(work);
      jobs.inputGB[job] = explicit.inputGB;
      jobs.due[job] = time + (Number.isNaN(explicit.deadlineS) ? klass.deadlineS : explicit.deadlineS);
      jobs.budget[job] = Number.isNaN(explicit.budget) ? klass.budget : explicit.budget;
    }

    source.advance();
    if (source.nextTime < this.horizon) this.engine.schedule(source.nextTime, EV_ARRIVAL, sourceIndex);
    else this.pendingSources--;

    if (this.hooks.listening['job:arrive']) this.hooks.emit('job:arrive', job, time);
    const reason = this.filters.neverRunnable(job, time);
    if (reason !== undefined) {
      this.rejectJob(job, time, reason);
      return;
    }
    this.dispatcher.submit(job, time);
  }

  private finish(job: number, time: number): void {
    const pool = this.jobs.pool[job] as number;
    this.releaseJob(job, time);
    this.jobs.state[job] = JobState.Completed;
    if (this.hooks.listening['job:finish']) this.hooks.emit('job:finish', job, time);
    this.dispatcher.capacityFreed(pool, time);
  }

  /** Gives back a running job's nodes and bills it up to `time`; leaves its state to the caller. */
  private releaseJob(job: number, time: number): void {
    const jobs = this.jobs;
    const pool = jobs.pool[job] as number;
    const held = jobs.held[job] as number;
    this.state.release(jobs, job, jobs.cores[job] as number, jobs.memMiB[job] as number);
    this.usage.change(pool, -held, time);
    this.running.remove(job);
    if (jobs.finish[job] === Infinity) this.endless--;
    // Endless jobs never entered the ready-time bookkeeping (∞ − ∞ would poison it).
    if (Number.isFinite(jobs.estEnd[job] as number)) this.poolQueues.ended(pool, held / 1000, time, jobs.estEnd[job] as number);
    this.bill(job, time);
    jobs.finish[job] = time;
  }

  /**
   * Adds to the job's cost the chips it held from its start to `time`, at its
   * pool's price over that time, and to its energy those chips at busy power.
   */
  private bill(job: number, time: number): void {
    const jobs = this.jobs;
    const p = this.model.pools[jobs.pool[job] as number] as PoolModel;
    const chips = (jobs.held[job] as number) / 1000;
    const start = jobs.start[job] as number;
    jobs.cost[job] = (jobs.cost[job] as number) + (chips * p.price.integral(start, time)) / 3600;
    jobs.energyKWh[job] = (jobs.energyKWh[job] as number) + (chips * p.busyWattsPerChip * (time - start)) / 3.6e6;
  }

  /** Places the job on the pool and starts it (DispatchHost). False if it does not fit after all. */
  startJob(job: number, pool: number, time: number, fromLocalQueue: boolean, node = -1, chip = -1): boolean {
    const jobs = this.jobs;
    const held = this.state.place(jobs, job, pool, jobs.cores[job] as number, jobs.memMiB[job] as number, node, chip);
    if (held < 0) return false;
    const p = this.model.pools[pool] as PoolModel;
    jobs.held[job] = held;
    jobs.start[job] = time;
    jobs.state[job] = JobState.Running;
    jobs.cost[job] = (jobs.cost[job] as number) + this.filters.dataFee(job, p);
    this.usage.change(pool, held, time);
    this.running.add(job);
    const transfer = this.filters.transferS(job, p);
    // A job that resumes after preemption has only the rest of its work to do.
    const left = 1 - (jobs.progress[job] as number);
    const runtime = this.filters.runtimeOn(job, p);
    const end = time + transfer + runtime * left;
    jobs.finish[job] = end;
    jobs.runS[job] = transfer + runtime;
    jobs.estEnd[job] = time + transfer + this.filters.estimatedRuntimeOn(job, p) * left;
    if (Number.isFinite(jobs.estEnd[job] as number)) this.poolQueues.started(pool, held / 1000, time, jobs.estEnd[job] as number, fromLocalQueue);
    // A job of endless work (a pod that never leaves, in the FGD protocol) holds its node until the run ends.
    if (end === Infinity) this.endless++;
    else this.engine.schedule(end, EV_FINISH, job);
    if (this.hooks.listening['job:start']) this.hooks.emit('job:start', job, time);
    return true;
  }

  /**
   * Preempts a running job for a higher-priority one (DispatchHost): it
   * gives back its nodes, keeps its progress if its class resumes, and goes
   * back to the central queue at its place by arrival.
   */
  preemptJob(job: number, time: number): void {
    const jobs = this.jobs;
    if (jobs.state[job] !== JobState.Running) return;
    const pool = jobs.pool[job] as number;
    const p = this.model.pools[pool] as PoolModel;
    const klass = this.model.classes[jobs.cls[job] as number] as ClassModel;
    if (klass.resumable) {
      const computeStart = (jobs.start[job] as number) + this.filters.transferS(job, p);
      const runtime = this.filters.runtimeOn(job, p);
      if (runtime > 0 && time > computeStart) jobs.progress[job] = Math.min(1, (jobs.progress[job] as number) + (time - computeStart) / runtime);
    }
    this.releaseJob(job, time);
    jobs.state[job] = JobState.Queued;
    jobs.preemptions[job] = (jobs.preemptions[job] as number) + 1;
    this.counted++;
    if (this.hooks.listening['job:preempt']) this.hooks.emit('job:preempt', job, time);
    this.dispatcher.submit(job, time);
    this.dispatcher.capacityFreed(pool, time);
  }

  /** The number of waiting jobs changed (DispatchHost). */
  waitingChanged(delta: number, time: number): void {
    this.queueLength.change(0, delta, time);
  }

  /** Rejects a job that can never run: at arrival, or when the policy says so (DispatchHost). */
  rejectJob(job: number, time: number, reason: string): void {
    this.jobs.state[job] = JobState.Rejected;
    let code = this.rejectReasons.indexOf(reason);
    if (code < 0) code = this.rejectReasons.push(reason) - 1;
    this.jobs.rejectCode[job] = code;
    const klass = this.model.classes[this.jobs.cls[job] as number] as ClassModel;
    const origin = this.model.regions[this.jobs.origin[job] as number]?.name ?? '?';
    const key = `${klass.name}/${origin}/${reason}`;
    if (!this.warned.has(key)) {
      this.warned.add(key);
      this.warnings.push(`jobs of class "${klass.name}" from ${origin} are rejected: ${reason} (first at t=${time})`);
    }
    if (this.hooks.listening['job:reject']) this.hooks.emit('job:reject', job, time, reason);
  }

  private scheduleFailure(pool: number, now: number): void {
    const at = this.failures.nextFailure(pool, now);
    if (at < Infinity && this.worthScheduling(at)) this.engine.schedule(at, EV_NODE_FAIL, pool);
  }

  private schedulePriceChange(pool: number, now: number): void {
    const at = this.model.pools[pool]?.price.nextChangeAfter(now) ?? Infinity;
    if (at < Infinity && this.worthScheduling(at)) this.engine.schedule(at, EV_PRICE_CHANGE, pool);
  }

  /** A node of `pool` fails: its jobs are evicted (requeued or failed), it goes out of service until repaired. */
  private failNode(pool: number, time: number): void {
    const node = this.failures.pickNodeToFail(pool);
    if (this.hooks.listening['node:down']) this.hooks.emit('node:down', pool, node, time);
    const jobs = this.jobs;
    const p = this.model.pools[pool] as PoolModel;
    for (const job of this.running.toArray()) {
      if (jobs.pool[job] !== pool) continue;
      const gang = jobs.gangNodes.get(job);
      if (gang === undefined ? jobs.node[job] !== node : !gang.includes(node)) continue;
      this.releaseJob(job, time);
      if (this.scenario.onNodeFailure === 'fail') {
        jobs.state[job] = JobState.Failed;
      } else {
        // Back to the central queue at its place by arrival; its work is not redrawn, its progress lost.
        jobs.state[job] = JobState.Queued;
        jobs.restarts[job] = (jobs.restarts[job] as number) + 1;
        jobs.progress[job] = 0;
        this.dispatcher.submit(job, time);
      }
      if (this.hooks.listening['job:evict']) this.hooks.emit('job:evict', job, time);
    }
    this.state.disable(pool, node);
    this.down.change(pool, p.milliPerNode, time);
    this.engine.schedule(time + this.failures.repairTime(pool), EV_NODE_REPAIR, this.failures.globalNode(pool, node));
    this.scheduleFailure(pool, time);
    this.dispatcher.capacityFreed(pool, time);
  }

  private repairNode(globalNode: number, time: number): void {
    const { pool, node } = this.failures.repaired(globalNode);
    const p = this.model.pools[pool] as PoolModel;
    this.state.enable(pool, node);
    this.down.change(pool, -p.milliPerNode, time);
    this.scheduleFailure(pool, time);
    this.dispatcher.capacityFreed(pool, time);
    if (this.hooks.listening['node:up']) this.hooks.emit('node:up', pool, node, time);
  }

  private fragmentation(): number {
    return fragmentationAt(this.model, this.state, this.jobs, this.filters, this.dispatcher.central);
  }

  /** Ends the run at `time`: running jobs are cut (billed up to `time`), waiting ones left unfinished. */
  private cutAt(time: number): void {
    const jobs = this.jobs;
    for (const job of this.running.toArray()) {
      this.bill(job, time);
      jobs.state[job] = JobState.Unfinished;
      jobs.finish[job] = NaN;
    }
    for (const job of this.dispatcher.allWaiting()) {
      jobs.state[job] = JobState.Unfinished;
      // A job put back by a failure keeps its old start otherwise; it is waiting, not started.
      jobs.start[job] = NaN;
    }
  }
}

/**
 * About how many jobs the scenario will bring, to size the job table once
 * instead of growing it a dozen times; capped, since it is only a hint.
 */
function expectedArrivals(s: Scenario): number {
  let n = s.jobs.length;
  for (const w of s.workload) {
    // A trace's length is not known before it is read: the table grows as it goes.
    if (w.arrivals === undefined) continue;
    const byRate = w.arrivals.process === 'mmpp' ? Infinity : w.arrivals.rate * (s.horizon ?? Infinity) * 1.05;
    const byCount = w.count ?? Infinity;
    n += Math.min(byRate, byCount) === Infinity ? 0 : Math.min(byRate, byCount);
  }
  return Math.min(Math.ceil(n) + 16, 1 << 24);
}
