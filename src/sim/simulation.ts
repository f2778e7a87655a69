import { Engine, type EventHandler } from '../engine/engine.js';
import { UserError } from '../errors.js';
import { Hooks } from '../engine/hooks.js';
import type { ClassModel, ClusterModel, PoolModel } from '../model/cluster-model.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { ExecutionModel } from '../model/execution.js';
import { JobState, type JobTable } from '../model/job-table.js';
import type { PoolQueues } from '../model/pool-queues.js';
import { fragmentationAt } from '../metrics/fragmentation.js';
import type { RunRecord } from '../metrics/run-record.js';
import type { BuiltinFilters } from '../policy/builtin-filters.js';
import type { Estimates } from '../policy/estimates.js';
import type { PolicyChoice } from '../policy/registry.js';
import type { Scheduler } from '../policy/scheduler.js';
import type { SchedulingContext } from '../policy/scheduling-context.js';
import type { Scenario } from '../scenario/scenario.js';
import type { ArrivalSource } from '../workload/arrival-source.js';
import type { RuleModule } from '../policy/elastic-rules/user-rule.js';
import type { UsageMeter } from '../metrics/usage-meter.js';
import type { DispatchStage, StageHost } from './dispatch-stage.js';
import type { ScenarioModules } from './brain/build-brain.js';
import type { ElasticEvent, ElasticHost, ElasticPools, WaitingJobs } from './elastic-pools.js';
import type { ExplainRequest, ExplanationRecorder } from './explanation-recorder.js';
import type { JobIntake } from './job-intake.js';
import type { Measurements } from './measurements.js';
import type { NodeFailures } from './node-failures.js';
import type { RejectLedger } from './reject-ledger.js';
import { buildRun } from './build-run.js';
import type { MarketHost, MarketRun } from './market/market-run.js';
import type { JobStatistics } from '../metrics/job-statistics.js';
import type { QuantileMethod } from '../metrics/streamed-statistic.js';
import type { JobRetirement, RetiredJobSink } from './job-retirement.js';
import type { RunningJobs } from './running-jobs.js';
import { NetworkTransfers, type TransferHost } from './network-transfers.js';
import { OnePoolFifo, onePoolFifoApplies } from './one-pool-fifo.js';
import { ELASTIC_KINDS, EV_ARRIVAL, EV_ELASTIC, EV_FINISH, EV_MARKET, EV_NETWORK, EV_NODE_FAIL, EV_NODE_REPAIR, EV_PRICE_CHANGE, EV_SAMPLE, EV_STAGE, EV_WARMUP } from './event-kinds.js';
import type { Mechanism } from '../scenario/schema.js';

export { RejectReason } from '../policy/builtin-filters.js';

/** Restarts after node failures one job may take, in a run without a horizon, before the run is stopped as endless. */
const MAX_RESTARTS = 1_000_000;

/** Elastic events in a row with only waiting jobs to serve, in a run without a horizon, before it is stopped as stuck. */
const MAX_ELASTIC_STREAK = 100_000;
/** Price changes in a row with jobs waiting, nothing running and no arrival to come, in a run without a horizon, before it is stopped as stuck. */
const MAX_PRICE_STREAK = 100_000;
/** Spot reclamations in a row with no job completing, in a run without a horizon, before it is stopped as stuck. */
const MAX_RECLAIM_STREAK = 10_000;

/** Hooks a simulation emits; listeners get the job's index (see `Simulation.jobs`) and the time. */
export interface SimulationHooks {
  [name: string]: (...args: never[]) => void;
  'job:arrive': (job: number, time: number) => void;
  'job:start': (job: number, time: number) => void;
  'job:finish': (job: number, time: number) => void;
  'job:reject': (job: number, time: number, reason: string) => void;
  /** A job lost its node to a failure and went back to the queue (or failed, per `onNodeFailure`). */
  'job:evict': (job: number, time: number) => void;
  /** issue 18: a transfer over shared links ended: it arrived, or its job lost its place first; `output` for the way back. */
  'transfer:end': (job: number, start: number, time: number, output: boolean, arrived: boolean, gb: number) => void;
  /** A job was preempted by a higher-priority one and went back to the central queue. */
  'job:preempt': (job: number, time: number) => void;
  /** A spot job's notice ran out and it went back to the queue (market runs). */
  'job:reclaim': (job: number, time: number) => void;
  'node:down': (pool: number, node: number, time: number) => void;
  'node:up': (pool: number, node: number, time: number) => void;
}

export interface SimulationOptions {
  /** Master seed; defaults to the scenario's. */
  seed?: number;
  /** The policy: a built-in's name, a `Scheduler` or a user `Policy`; defaults to the scenario's. Under a brain, sites without a policy of their own run it. */
  policy?: PolicyChoice;
  /** Policy modules the scenario's brain block names (`loadScenarioModules`). */
  modules?: ScenarioModules;
  /** Fail on the first malformed trace row instead of skipping and counting them (`--strict`). */
  strict?: boolean;
  /** Arrival streams to use instead of the scenario's, for programs that build the jobs themselves (the FGD protocol). */
  arrivals?: readonly ArrivalSource[];
  /** Jobs whose every decision is recorded with its reasons (`--explain`). */
  explain?: ExplainRequest;
  /** The market mechanism, instead of the scenario's (`compare --mechanisms`); makes the run trade. */
  mechanism?: Mechanism;
  /**
   * Keep every job in the table for reading after the run (default true).
   * False recycles a job's slot once its life is over and its figures have
   * gone to the statistics: memory then follows the jobs alive.
   */
  keepJobs?: boolean;
  /** How the results' quantiles are computed: from a sketch as jobs finish (default), or exactly from every value. */
  quantiles?: QuantileMethod;
  /** Scaling-rule modules the scenario's elastic pools name, loaded (`loadRules`), by the path as written. */
  rules?: ReadonlyMap<string, RuleModule>;
  /**
   * Run every job through the general path even where the one-pool fifo
   * path applies (`onePoolFifoApplies`). The results are the same; this is
   * for comparing the two, in tests and benchmarks.
   */
  generalPath?: boolean;
}

/** The collaborators of one run, made by `buildRun`. */
export interface RunParts {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly model: ClusterModel;
  readonly state: ClusterState;
  readonly jobs: JobTable;
  readonly execution: ExecutionModel;
  readonly estimates: Estimates;
  readonly filters: BuiltinFilters;
  readonly policy: Scheduler;
  readonly context: SchedulingContext;
  readonly poolQueues: PoolQueues;
  readonly running: RunningJobs;
  readonly sources: ArrivalSource[];
  readonly intake: JobIntake;
  readonly measurements: Measurements;
  readonly failures: NodeFailures;
  readonly rejects: RejectLedger;
  readonly explainer: ExplanationRecorder | undefined;
  /** The market of a run that trades; undefined otherwise. */
  readonly market: MarketRun | undefined;
  readonly warnings: string[];
  readonly statistics: JobStatistics;
  readonly retirement: JobRetirement;
  readonly keepJobs: boolean;
  /** Makes the dispatch stage (the central dispatcher, or a brain over site dispatchers), which calls back into the simulation. */
  dispatcher(host: StageHost): DispatchStage;
  /** Makes the elastic pools' controller; undefined when no pool is elastic. */
  readonly elastic: ((host: ElasticHost, waiting: WaitingJobs) => ElasticPools) | undefined;
}

/**
 * One simulation run: the event loop and the life of jobs — arrival,
 * dispatch, start, finish, preemption, eviction by a failed node — over a
 * cluster driven by the engine. Single-threaded and deterministic: the same
 * scenario and seed give the same run, event for event. The collaborators
 * (`buildRun`) do the rest: the execution model bills and times jobs, the
 * dispatcher asks the policy, the intake makes job rows, the ledger counts
 * rejections, the measurements integrate use over time.
 *
 * A placed job holds its node(s) from placement: first its input data moves
 * from its origin (transfer time), then it computes for its runtime on that
 * chip. It is billed for the chips it holds over that whole time, at the
 * pool's price as it varies, plus the data fee.
 */
export class Simulation implements EventHandler, StageHost, ElasticHost, MarketHost, TransferHost {
  readonly engine = new Engine();
  readonly hooks = new Hooks<SimulationHooks>();
  readonly model: ClusterModel;
  readonly state: ClusterState;
  readonly jobs: JobTable;
  readonly policy: Scheduler;
  readonly seed: number;
  readonly context: SchedulingContext;
  readonly dispatcher: DispatchStage;
  readonly poolQueues: PoolQueues;
  /** The recorded decisions, when explanations were asked for. */
  readonly explainer: ExplanationRecorder | undefined;

  private readonly parts: RunParts;
  private readonly horizon: number;
  // The collaborators on the per-job path, held directly rather than through `parts`.
  private readonly execution: ExecutionModel;
  private readonly estimates: Estimates;
  private readonly usage: UsageMeter;
  private readonly running: RunningJobs;
  private readonly sources: ArrivalSource[];
  private readonly market: MarketRun | undefined;
  private pendingSources = 0;
  /** Running jobs that never finish on their own (endless work): they keep nothing else going. */
  private endless = 0;
  private lastEventTime = 0;
  /** Pools whose next failure was not scheduled in this instant (see `retryFailures`). */
  private readonly failuresHeldBack: number[] = [];
  private counted = 0;
  private ran = false;
  /** The elastic pools' controller; undefined when every pool is static. */
  private readonly elastic: ElasticPools | undefined;
  private elasticStreak = 0;
  /** Price changes in a row with only waiting jobs to serve (see MAX_PRICE_STREAK). */
  private priceStreak = 0;
  /** Spot reclamations since a job last completed (a market run without a horizon that only reclaims is stopped). */
  private reclaimStreak = 0;
  /** issue 18: the jobs' transfers over shared links; undefined without `network.links`. */
  private readonly network: NetworkTransfers | undefined;
  /** Whether the run may take the one-pool fifo path (if no hook listens when it starts). */
  private readonly onePoolFifo: boolean;
  /** The one-pool fifo path, while and after it runs the jobs instead of this class's own handlers. */
  private lean: OnePoolFifo | undefined;

  constructor(scenario: Scenario, options: SimulationOptions = {}) {
    const parts = buildRun(scenario, options);
    this.parts = parts;
    this.model = parts.model;
    this.state = parts.state;
    this.jobs = parts.jobs;
    this.policy = parts.policy;
    this.seed = parts.seed;
    this.context = parts.context;
    this.poolQueues = parts.poolQueues;
    this.explainer = parts.explainer;
    this.horizon = scenario.horizon ?? Infinity;
    this.execution = parts.execution;
    this.estimates = parts.estimates;
    this.usage = parts.measurements.usage;
    this.running = parts.running;
    this.sources = parts.sources;
    this.market = parts.market;
    this.dispatcher = parts.dispatcher(this);
    // Elastic pools read demand from the one central queue; scenario checks refuse them under a brain.
    const central = this.dispatcher.soleCentral;
    this.elastic = central === undefined ? undefined : parts.elastic?.(this, { central, queues: parts.poolQueues });
    this.network = parts.model.network === undefined ? undefined : new NetworkTransfers(parts.model, parts.model.network, parts.jobs, this, parts.statistics.wait.method);
    // Policies and plans see transfers as the current sharing would give them.
    parts.execution.network = this.network;
    const network = this.network;
    if (network !== undefined) parts.measurements.timeSeries.networkSource = (time) => network.carriedGB(time);
    this.onePoolFifo = onePoolFifoApplies(parts, options);
  }

  /** Runs to the end (the horizon, or until nothing is left to do) and returns the raw record. */
  run(): RunRecord {
    if (this.ran) throw new Error('a Simulation runs once; create a new one to run again');
    this.ran = true;
    // hrtime, not performance.now(): the global `performance` loads node:perf_hooks on first use (about 2 ms of every run).
    const wallStart = process.hrtime.bigint();
    const { engine } = this;
    const { sources, measurements, scenario, warnings } = this.parts;
    sources.forEach((source, i) => {
      if (source.nextTime < this.horizon) {
        engine.schedule(source.nextTime, EV_ARRIVAL, i);
        this.pendingSources++;
      }
    });
    measurements.sample(0, 0);
    engine.schedule(measurements.timeSeries.nextTime(0), EV_SAMPLE, 0);
    if (scenario.warmupS > 0) engine.schedule(scenario.warmupS, EV_WARMUP, 0);
    this.dispatcher.prepare();
    for (const pool of this.model.pools) {
      this.scheduleFailure(pool.index, 0);
      this.schedulePriceChange(pool.index, 0);
    }
    this.market?.begin(this);
    this.elastic?.start(0);
    // A hook listener (the schedule trace) needs the general path's calls.
    const lean = this.onePoolFifo && !Object.values(this.hooks.listening).some(Boolean) ? new OnePoolFifo(this.parts, engine, this, this.pendingSources) : undefined;
    this.lean = lean;
    const handler: EventHandler = lean ?? this;

    let endTime: number;
    try {
      const outcome = engine.run(handler, this.horizon);
      if (Number.isFinite(this.horizon) && !scenario.drain) {
        endTime = this.horizon;
      } else {
        // Only when events remain: a second call into a run loop V8 compiled on the stack (OSR)
        // starts a whole compile of it that the process then waits for at exit (50-60 ms on M/M/16).
        if (outcome !== 'empty') engine.run(handler);
        // With a horizon the window covers at least up to it, even if the work ended sooner.
        const last = lean?.lastEventTime ?? this.lastEventTime;
        endTime = Number.isFinite(this.horizon) ? Math.max(this.horizon, last) : last;
      }
    } finally {
      // Trace files cut short by the horizon (or by a bad row under --strict) are closed here.
      for (const source of sources) source.close?.();
    }
    if (lean !== undefined) this.counted = lean.counted;
    for (const source of sources) warnings.push(...(source.warnings?.() ?? []));
    this.cutAt(endTime);
    // issue 20: ended jobs reach the statistics in batches; the last batch goes now.
    this.parts.retirement.settle();
    measurements.finish(endTime, this.fragmentation());
    const network = this.network?.figures(endTime);
    const brain = this.dispatcher.brainRecord();
    // issue 20: every job's figures went to the statistics as its life ended; none may be missing.
    if (this.parts.retirement.retired !== this.jobs.arrivals) throw new Error(`${this.jobs.arrivals - this.parts.retirement.retired} jobs never ended`);
    if (this.parts.statistics.added !== this.jobs.arrivals) throw new Error(`${this.jobs.arrivals - this.parts.statistics.added} ended jobs never reached the statistics`);
    return {
      scenario,
      model: this.model,
      policy: { name: this.policy.name },
      seed: this.seed,
      jobs: this.jobs,
      keptJobs: this.parts.keepJobs,
      ...(network === undefined ? {} : { network }),
      statistics: this.parts.statistics,
      usage: measurements.usage,
      down: measurements.down,
      usageAtWarmup: measurements.usageAtWarmup,
      downAtWarmup: measurements.downAtWarmup,
      timeSeries: measurements.timeSeries,
      endTime,
      events: this.counted,
      rejectReasons: this.parts.rejects.reasons,
      warnings,
      wallSeconds: Number(process.hrtime.bigint() - wallStart) / 1e9,
      ...(this.explainer === undefined ? {} : { explanations: this.explainer.results() }),
      ...(measurements.elastic === undefined ? {} : { elastic: measurements.elastic }),
      ...(brain === undefined ? {} : { brain }),
      ...(this.market === undefined ? {} : { market: this.market.ledger }),
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
        this.parts.retirement.finishPopped(payload); // issue 20: the slot may go once no event names it
        if (this.jobs.state[payload] !== JobState.Running || this.jobs.finish[payload] !== time) return;
        this.lastEventTime = time;
        this.counted++;
        this.finish(payload, time);
        return;
      case EV_SAMPLE: {
        this.parts.measurements.sample(time, this.fragmentation());
        const next = this.parts.measurements.timeSeries.nextTime(time);
        if (this.worthScheduling(next)) this.engine.schedule(next, EV_SAMPLE, 0);
        return;
      }
      case EV_WARMUP:
        this.parts.measurements.warmupEnds(time);
        return;
      case EV_NODE_FAIL:
        if (!this.parts.failures.isScheduled(payload, time)) return;
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
        this.countIdlePriceChange(time);
        if (this.market === undefined) this.dispatcher.everythingChanged();
        else this.market.pricesChanged([payload], time);
        this.schedulePriceChange(payload, time);
        return;
      case EV_NETWORK:
        if (this.network === undefined) return;
        this.lastEventTime = time;
        this.network.advance(time);
        return;
      case EV_STAGE:
        this.dispatcher.wake(payload, time);
        return;
      default:
        if (kind >= EV_ELASTIC && kind < EV_ELASTIC + ELASTIC_KINDS) this.elasticEvent((kind - EV_ELASTIC) as ElasticEvent, payload, time);
        else if (kind >= EV_MARKET) this.market?.handle(kind - EV_MARKET, payload, time);
    }
  }

  /** Schedules one of the market's events (MarketHost). */
  schedule(at: number, marketEvent: number, payload: number): void {
    this.engine.schedule(at, EV_MARKET + marketEvent, payload);
  }

  /** Asks changed in a market run (MarketHost). */
  pricesChanged(time: number, pools: readonly number[]): void {
    this.dispatcher.pricesChanged(time, pools);
  }

  /**
   * A boot ready, a node off, or a pool's timer. Past the point where
   * nothing else can happen it is left alone, so that the run's end (its
   * last event) covers everything the meters saw.
   */
  private elasticEvent(event: ElasticEvent, payload: number, time: number): void {
    if (!this.worthScheduling(time)) return;
    // Only waiting jobs keep such an event worth applying: count how long that goes on.
    if (this.moreToCome()) this.elasticStreak = 0;
    else if (++this.elasticStreak > MAX_ELASTIC_STREAK && !Number.isFinite(this.horizon)) {
      throw new UserError(
        `the elastic pools kept booting, stopping or waking for ${MAX_ELASTIC_STREAK.toLocaleString('en-US')} events with jobs waiting and nothing running (t=${time}): ` +
          'jobs wait that no rule makes room for; give the scenario a horizon, or check the pools’ rules and maxNodes',
      );
    }
    this.lastEventTime = time;
    this.elastic?.handle(event, payload, time);
  }

  /**
   * Only waiting jobs keep price changes coming once nothing runs and no
   * arrival is due. A job whose budget holds at a pool's lowest price but
   * at no start the price curve gives (its run always crosses a dear step)
   * would wait for ever: stop such a run, as an elastic one, with a reason.
   */
  private countIdlePriceChange(time: number): void {
    if (this.moreToCome()) this.priceStreak = 0;
    else if (++this.priceStreak > MAX_PRICE_STREAK && !Number.isFinite(this.horizon)) {
      throw new UserError(
        `prices changed ${MAX_PRICE_STREAK.toLocaleString('en-US')} times in a row with jobs waiting and nothing running (t=${time}): ` +
          'the waiting jobs’ budgets or bids hold at no start the price curves give them; give the scenario a horizon, or check the budgets and bids against the pools’ prices',
      );
    }
  }

  /** Schedules an elastic pool's event (ElasticHost). */
  scheduleElastic(time: number, event: ElasticEvent, payload: number, always: boolean): boolean {
    if (!always && !this.worthScheduling(time)) return false;
    this.engine.schedule(time, EV_ELASTIC + event, payload);
    return true;
  }

  /** A node of an elastic pool came into service (ElasticHost). */
  capacityFreed(pool: number, time: number): void {
    this.dispatcher.capacityFreed(pool, time);
  }

  /** A pool's nodes that can fail changed in number (ElasticHost): its next failure is drawn again. */
  failuresChanged(pool: number, time: number): void {
    this.scheduleFailure(pool, time);
  }

  endOfInstant(time: number): void {
    // Nothing starts at the horizon itself when running jobs are cut there: it would run for no time at all.
    if (time >= this.horizon && !this.parts.scenario.drain) return;
    this.dispatcher.runPass(time);
    // Elastic pools follow their rules once the pass has placed what it could (at an instant of the run: one
    // with an event of its own, or before its end); a node taken back from draining calls for another pass.
    if (this.elastic !== undefined && (time === this.lastEventTime || this.worthScheduling(time))) {
      this.lastEventTime = time;
      for (let rounds = 0; this.elastic.endOfInstant(time) && rounds < 100; rounds++) this.dispatcher.runPass(time);
    }
    if (this.failuresHeldBack.length > 0) this.retryFailures();
  }

  /**
   * Failures declined during this instant because nothing seemed left to
   * happen (a repair with every job waiting: they start only in the pass
   * that follows). Once the pass has started them, the failure already
   * drawn for each pool is scheduled after all, if it now matters.
   */
  private retryFailures(): void {
    const failures = this.parts.failures;
    for (const pool of this.failuresHeldBack.splice(0)) {
      const at = failures.pending(pool);
      if (at < Infinity && this.worthScheduling(at)) this.engine.schedule(at, EV_NODE_FAIL, pool);
    }
  }

  /**
   * Whether a background event (sample, failure, price change) at `at`
   * should be scheduled: always up to the horizon, which the run reaches
   * anyway; after it (or without one) only while something can still
   * happen: arrivals to come, jobs running, or waiting jobs that a repair or
   * a price change could unblock. Without this rule a finished simulation
   * with failing nodes would never end.
   */
  worthScheduling(at: number): boolean {
    if (at <= this.horizon && Number.isFinite(this.horizon)) return true;
    if (this.moreToCome() || (this.network?.active ?? 0) > 0) return true;
    if (this.dispatcher.waitingCount() === 0) return false;
    return (
      this.parts.failures.anyDown() ||
      this.model.pools.some((p) => p.price.nextChangeAfter(this.engine.now) < Infinity) ||
      (this.elastic !== undefined && this.elastic.couldAddCapacity())
    );
  }

  /**
   * Whether the run has more than waiting jobs to go on: arrivals still to
   * come, or jobs running that will finish (endless ones never do). When it
   * has not, only an event that can unblock a waiting job is worth applying,
   * and a streak of them that unblocks nothing stops the run.
   */
  private moreToCome(): boolean {
    return this.pendingSources > 0 || this.parts.running.size > this.endless;
  }

  private arrive(sourceIndex: number, time: number): void {
    this.elasticStreak = 0;
    const source = this.sources[sourceIndex] as ArrivalSource;
    const job = this.parts.intake.admit(source, time);
    source.advance();
    if (source.nextTime < this.horizon) this.engine.schedule(source.nextTime, EV_ARRIVAL, sourceIndex);
    else this.pendingSources--;

    this.explainer?.arrived(job);
    if (this.hooks.listening['job:arrive']) this.hooks.emit('job:arrive', job, time);
    const reason = this.parts.filters.neverRunnable(job, time);
    if (reason !== undefined) {
      this.rejectJob(job, time, reason);
      return;
    }
    this.dispatcher.submit(job, time);
  }

  private finish(job: number, time: number): void {
    this.elasticStreak = 0;
    this.reclaimStreak = 0;
    const pool = this.jobs.pool[job] as number;
    // issue 18: with a shared network the output travels back first; the chips go now unless the class holds them.
    if (this.network !== undefined && this.startOutput(job, pool, time)) return;
    this.releaseJob(job, time);
    this.jobs.state[job] = JobState.Completed;
    this.network?.endOf(job, time, true);
    if (this.hooks.listening['job:finish']) this.hooks.emit('job:finish', job, time);
    this.dispatcher.capacityFreed(pool, time);
    this.parts.retirement.end(job); // issue 20
  }

  /** Gives back a running job's nodes and bills it up to `time`; leaves its state to the caller. */
  private releaseJob(job: number, time: number): void {
    const jobs = this.jobs;
    this.network?.cancel(job, time);
    const pool = jobs.pool[job] as number;
    const held = jobs.held[job] as number;
    // A gang's node list goes with its release; an elastic pool needs it after.
    const gang = this.elastic === undefined ? undefined : jobs.gangNodes.get(job);
    this.state.release(jobs, job, jobs.cores[job] as number, jobs.memMiB[job] as number);
    this.elastic?.jobLeft(job, pool, gang, time);
    this.usage.change(pool, -held, time);
    this.running.remove(job);
    this.market?.released(job, pool);
    if (jobs.finish[job] === Infinity) this.endless--;
    // Endless jobs never entered the ready-time bookkeeping (∞ − ∞ would poison it).
    if (Number.isFinite(jobs.estEnd[job] as number)) this.poolQueues.ended(pool, held / 1000, time, jobs.estEnd[job] as number);
    this.execution.bill(job, time);
    jobs.finish[job] = time;
  }

  /**
   * issue 18: the job's compute ended and it has output to send back: it
   * goes (and pays its fee) now; the chips go back now too unless its class
   * holds them. True when the output is under way.
   */
  private startOutput(job: number, pool: number, time: number): boolean {
    const network = this.network as NetworkTransfers;
    const p = this.model.pools[pool] as PoolModel;
    if (!network.needsOutput(job, p)) return false;
    const jobs = this.jobs;
    jobs.cost[job] = (jobs.cost[job] as number) + network.outputFee(job, p);
    if (network.holdsDuringOutput(job)) {
      network.startOutput(job, p, time);
      jobs.finish[job] = NaN;
      return true;
    }
    this.releaseJob(job, time);
    network.startOutput(job, p, time);
    network.detach(job);
    this.dispatcher.capacityFreed(pool, time);
    return true;
  }

  /** issue 18: the job's input arrived over the shared network (TransferHost): it computes now. */
  inputArrived(job: number, time: number): void {
    const jobs = this.jobs;
    const p = this.model.pools[jobs.pool[job] as number] as PoolModel;
    const cold = this.elastic?.coldStartOf(job) ?? 0;
    const runtime = this.execution.runtimeOn(job, p);
    const end = time + cold + runtime * (1 - (jobs.progress[job] as number));
    jobs.runS[job] = time - (jobs.start[job] as number) + runtime;
    this.finishAt(job, end);
  }

  /** The job will finish computing at `end`: its finish event, or, for endless work, none (it holds its node until the run ends). */
  private finishAt(job: number, end: number): void {
    this.jobs.finish[job] = end;
    if (end === Infinity) this.endless++;
    else {
      this.engine.schedule(end, EV_FINISH, job);
      this.parts.retirement.finishScheduled(job); // issue 20
    }
  }

  /** issue 18: the job's output reached its origin (TransferHost): it completes now. */
  outputArrived(job: number, time: number): void {
    const jobs = this.jobs;
    const pool = jobs.pool[job] as number;
    const held = this.network?.holdsDuringOutput(job) === true;
    if (held) this.releaseJob(job, time);
    jobs.finish[job] = time;
    jobs.state[job] = JobState.Completed;
    this.counted++;
    this.network?.endOf(job, time, true);
    if (this.hooks.listening['job:finish']) this.hooks.emit('job:finish', job, time);
    if (held) this.dispatcher.capacityFreed(pool, time);
    this.parts.retirement.end(job);
  }

  /** issue 18: a transfer ended (TransferHost): for the hooks (the schedule trace shows it). */
  transferEnded(job: number, start: number, time: number, output: boolean, arrived: boolean, gb: number): void {
    if (this.hooks.listening['transfer:end']) this.hooks.emit('transfer:end', job, start, time, output, arrived, gb);
  }

  /** issue 18: the clock the network's estimates read (TransferHost). */
  get clock(): { readonly now: number } {
    return this.engine;
  }

  /** issue 18: a network event at `time` (TransferHost). */
  scheduleNetwork(time: number): void {
    this.engine.schedule(time, EV_NETWORK, 0);
  }

  /** Places the job on the pool and starts it (DispatchHost). False if it does not fit after all. */
  startJob(job: number, pool: number, time: number, fromLocalQueue: boolean, node = -1, chip = -1): boolean {
    const jobs = this.jobs;
    const held = this.state.place(jobs, job, pool, jobs.cores[job] as number, jobs.memMiB[job] as number, node, chip);
    if (held < 0) return false;
    const p = this.model.pools[pool] as PoolModel;
    const { execution, estimates } = this;
    jobs.held[job] = held;
    jobs.start[job] = time;
    jobs.state[job] = JobState.Running;
    this.market?.traded(job, pool, time);
    execution.payDataFee(job, p);
    // On a node of an elastic pool booted during the run, the first job of a class may pay its cold start.
    const cold = this.elastic === undefined ? 0 : this.elastic.jobStarted(job, pool, time);
    this.usage.change(pool, held, time);
    this.running.add(job);
    // Over a shared network, what its input is expected to take before its own flow joins the others.
    const transfer = execution.transferS(job, p);
    // Moving its input and loading its class (a cold start) come before it computes.
    const before = transfer + cold;
    // A job that resumes after preemption has only the rest of its work to do.
    const left = 1 - (jobs.progress[job] as number);
    jobs.estEnd[job] = time + before + estimates.runtimeOn(job, p) * left;
    if (Number.isFinite(jobs.estEnd[job] as number)) this.poolQueues.started(pool, held / 1000, time, jobs.estEnd[job] as number, fromLocalQueue);
    if (this.network?.startInput(job, p, time) === true) {
      // issue 18: the input's arrival is not known in advance: it computes once it arrives (inputArrived).
      jobs.finish[job] = NaN;
      jobs.runS[job] = NaN;
    } else {
      const runtime = execution.runtimeOn(job, p);
      // Its run (for slowdown) leaves the cold start out: that counts as delay.
      jobs.runS[job] = transfer + runtime;
      // A job of endless work (a pod that never leaves, in the FGD protocol) holds its node until the run ends.
      this.finishAt(job, time + before + runtime * left);
    }
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
    jobs.preemptions[job] = (jobs.preemptions[job] as number) + 1;
    this.requeueRunning(job, time, `preempted on ${this.model.pools[jobs.pool[job] as number]?.name ?? '?'}`, 'job:preempt');
  }

  /** A spot job's notice ran out (MarketHost): it goes back to the queue as a preempted job does, resuming or restarting. */
  reclaim(job: number, time: number, reason: string): void {
    if (this.jobs.state[job] !== JobState.Running) return;
    if (++this.reclaimStreak > MAX_RECLAIM_STREAK && !Number.isFinite(this.horizon)) {
      throw new UserError(
        `spot jobs were reclaimed ${MAX_RECLAIM_STREAK.toLocaleString('en-US')} times in a row with no job completing (t=${time}): ` +
          'a spot job whose work does not fit in the time its price stays under its bid starts over for ever; give the scenario a horizon, raise the bid, or let the class resume (onPreempt: resume)',
      );
    }
    this.requeueRunning(job, time, reason, 'job:reclaim');
  }

  /**
   * A reclaimed job whose budget, less what its runs so far cost, no pool
   * can meet any more is rejected, not left waiting for ever (what it paid
   * before counts against its budget).
   */
  private rejectIfSpent(job: number, time: number): boolean {
    const reason = this.parts.filters.neverRunnable(job, time, this.jobs.cost[job] as number);
    if (reason === undefined) return false;
    this.rejectJob(job, time, reason);
    return true;
  }

  /** Takes a running job off its nodes and back to the queue at its place by arrival; it keeps its progress if its class resumes. */
  private requeueRunning(job: number, time: number, reason: string, hook: 'job:preempt' | 'job:reclaim'): void {
    const jobs = this.jobs;
    const pool = jobs.pool[job] as number;
    const p = this.model.pools[pool] as PoolModel;
    const klass = this.model.classes[jobs.cls[job] as number] as ClassModel;
    if (klass.resumable) {
      const { execution } = this.parts;
      const runtime = execution.runtimeOn(job, p);
      // issue 18: over a shared network the input's arrival was not known at start; its finish says when it computes.
      const computeStart =
        this.network === undefined
          ? (jobs.start[job] as number) + execution.transferS(job, p) + (this.elastic?.coldStartOf(job) ?? 0)
          : (jobs.finish[job] as number) - runtime * (1 - (jobs.progress[job] as number));
      if (runtime > 0 && time > computeStart) jobs.progress[job] = Math.min(1, (jobs.progress[job] as number) + (time - computeStart) / runtime);
    }
    this.releaseJob(job, time);
    jobs.state[job] = JobState.Queued;
    this.counted++;
    this.explainer?.requeued(job, time, reason);
    if (this.hooks.listening[hook]) this.hooks.emit(hook, job, time);
    if (hook !== 'job:reclaim' || !this.rejectIfSpent(job, time)) this.dispatcher.submit(job, time);
    this.dispatcher.capacityFreed(pool, time);
  }

  /** Calls the stage's `wake` at `at` (StageHost). */
  scheduleWake(at: number, payload: number): void {
    this.engine.schedule(at, EV_STAGE, payload);
  }

  /** Whether arrivals are still to come (StageHost). */
  arrivalsPending(): boolean {
    return this.pendingSources > 0;
  }

  /** The number of waiting jobs changed (DispatchHost). */
  waitingChanged(delta: number, time: number): void {
    this.parts.measurements.queueLength.change(0, delta, time);
  }

  /** Rejects a job that can never run: at arrival, or when the policy says so (DispatchHost). */
  rejectJob(job: number, time: number, reason: string): void {
    this.jobs.state[job] = JobState.Rejected;
    this.parts.rejects.record(job, time, reason);
    if (this.hooks.listening['job:reject']) this.hooks.emit('job:reject', job, time, reason);
    this.parts.retirement.end(job); // issue 20
  }

  private scheduleFailure(pool: number, now: number): void {
    const at = this.parts.failures.nextFailure(pool, now);
    if (at === Infinity) return;
    if (this.worthScheduling(at)) this.engine.schedule(at, EV_NODE_FAIL, pool);
    else this.failuresHeldBack.push(pool);
  }

  private schedulePriceChange(pool: number, now: number): void {
    const at = this.model.pools[pool]?.price.nextChangeAfter(now) ?? Infinity;
    if (at < Infinity && this.worthScheduling(at)) this.engine.schedule(at, EV_PRICE_CHANGE, pool);
  }

  /** A node of `pool` fails: its jobs are evicted (requeued or failed), it goes out of service until repaired. */
  private failNode(pool: number, time: number): void {
    const { failures, running, measurements, scenario } = this.parts;
    this.elasticStreak = 0;
    const node = failures.pickNodeToFail(pool);
    if (this.hooks.listening['node:down']) this.hooks.emit('node:down', pool, node, time);
    const jobs = this.jobs;
    const p = this.model.pools[pool] as PoolModel;
    const elastic = this.elastic !== undefined && this.elastic.has(pool) ? this.elastic : undefined;
    elastic?.nodeFailing(pool, node);
    for (const job of running.toArray()) {
      if (jobs.pool[job] !== pool) continue;
      const gang = jobs.gangNodes.get(job);
      if (gang === undefined ? jobs.node[job] !== node : !gang.includes(node)) continue;
      this.releaseJob(job, time);
      if (scenario.onNodeFailure === 'fail') {
        jobs.state[job] = JobState.Failed;
      } else {
        // Back to the central queue at its place by arrival; its work is not redrawn, its progress lost.
        jobs.state[job] = JobState.Queued;
        jobs.restarts[job] = (jobs.restarts[job] as number) + 1;
        if ((jobs.restarts[job] as number) >= MAX_RESTARTS && !Number.isFinite(this.horizon)) this.restartingForever(job, p);
        jobs.progress[job] = 0;
        this.explainer?.requeued(job, time, `node ${node} of ${p.name} failed`);
        this.dispatcher.submit(job, time);
      }
      if (this.hooks.listening['job:evict']) this.hooks.emit('job:evict', job, time);
      if (scenario.onNodeFailure === 'fail') {
        this.network?.endOf(job, time, false);
        this.parts.retirement.end(job); // issue 20
      }
    }
    if (elastic !== undefined) {
      // The pool's controller takes it out of service and counts it down.
      elastic.nodeFailed(pool, node, time);
    } else {
      this.state.disable(pool, node);
      measurements.down.change(pool, p.milliPerNode, time);
    }
    this.engine.schedule(time + failures.repairTime(pool), EV_NODE_REPAIR, failures.globalNode(pool, node));
    this.scheduleFailure(pool, time);
    this.dispatcher.capacityFreed(pool, time);
  }

  /**
   * A job that keeps losing its node before it can finish, in a run that
   * ends only when its jobs do: validation catches a class whose mean job
   * would never finish, but a long job from a heavy-tailed size
   * distribution can still outlast every node. Stopping with a message
   * beats running for ever.
   */
  private restartingForever(job: number, pool: PoolModel): never {
    const jobs = this.jobs;
    const cls = this.model.classes[jobs.cls[job] as number]?.name ?? '?';
    const runS = this.parts.execution.runtimeOn(job, pool);
    throw new UserError(
      `job ${jobs.idOf(job)} of class "${cls}" lost its node to a failure ${MAX_RESTARTS.toLocaleString('en-US')} times and started over each time: ` +
        `its run of ${Number(runS.toPrecision(3))} s on ${pool.name} is far longer than the time between failures there (MTBF ${Number((pool.mtbfS / 3600).toPrecision(3))} h per node), ` +
        'so without a horizon the run would not end; give the scenario a horizon, longer MTBF, or onNodeFailure: fail',
    );
  }

  private repairNode(globalNode: number, time: number): void {
    this.elasticStreak = 0;
    const { pool, node } = this.parts.failures.repaired(globalNode);
    const p = this.model.pools[pool] as PoolModel;
    if (this.elastic !== undefined && this.elastic.has(pool)) {
      // Repaired, a node of an elastic pool is off until its rule boots it.
      this.elastic.nodeRepaired(pool, node, time);
    } else {
      this.state.enable(pool, node);
      this.parts.measurements.down.change(pool, -p.milliPerNode, time);
    }
    this.scheduleFailure(pool, time);
    this.dispatcher.capacityFreed(pool, time);
    if (this.hooks.listening['node:up']) this.hooks.emit('node:up', pool, node, time);
  }

  private fragmentation(): number {
    if (this.lean !== undefined) return this.lean.fragmentation();
    const dispatcher = this.dispatcher;
    return fragmentationAt(this.model, this.state, this.jobs, (job) => dispatcher.candidatesOf(job), dispatcher.central);
  }

  /** Which per-job path the run took: the one-pool fifo path where it applies and no hook listens, else the general one. */
  get path(): 'general' | 'one-pool fifo' {
    return this.lean === undefined ? 'general' : 'one-pool fifo';
  }

  /** Ends the run at `time`: running jobs are cut (billed up to `time`), waiting ones left unfinished. */
  private cutAt(time: number): void {
    const jobs = this.jobs;
    const running = this.parts.running.toArray();
    for (const job of running) {
      this.parts.execution.bill(job, time);
      jobs.state[job] = JobState.Unfinished;
      jobs.finish[job] = NaN;
    }
    const waiting = this.lean?.all() ?? this.dispatcher.allWaiting();
    for (const job of waiting) {
      jobs.state[job] = JobState.Unfinished;
      // A job put back by a failure keeps its old start otherwise; it is waiting, not started.
      jobs.start[job] = NaN;
    }
    // issue 18: outputs still travelling without chips are cut too.
    const travelling = this.network?.travelling() ?? [];
    for (const job of travelling) {
      jobs.state[job] = JobState.Unfinished;
      jobs.finish[job] = NaN;
    }
    for (const job of [...running, ...travelling]) this.network?.endOf(job, time, false);
    // issue 20: their lives end here, in arrival order.
    const serial = jobs.serial;
    for (const job of [...running, ...waiting, ...travelling].sort((a, b) => (serial[a] as number) - (serial[b] as number))) this.parts.retirement.end(job);
  }

  /** Sends every job, in arrival order, to `sink` as its life ends (the per-job CSV of a run that does not keep its jobs); call before `run`. */
  streamJobs(sink: RetiredJobSink): void {
    this.parts.retirement.streamTo(sink);
  }
}
