import type { Engine, EventHandler } from '../engine/engine.js';
import { fragmentationAt, type WaitingJobs } from '../metrics/fragmentation.js';
import type { PoolModel } from '../model/cluster-model.js';
import { JobState } from '../model/job-table.js';
import { PriceFunction } from '../model/price-curve.js';
import type { RejectReason } from '../policy/builtin-filters.js';
import type { ArrivalSource } from '../workload/arrival-source.js';
import type { JobId } from '../policy/ids.js';
import type { PolicyChoice } from '../policy/registry.js';
import type { RunParts, SimulationOptions } from './simulation.js';
import { EV_ARRIVAL, EV_FINISH, EV_SAMPLE, EV_WARMUP } from './event-kinds.js';

/**
 * Whether a run may take the one-pool fifo path: the built-in fifo over a
 * single static pool at a constant price, jobs generated from their classes
 * (no trace, no listed job, no budget), every class asking for the same
 * chips, cores and memory, and nothing that needs the general machinery
 * (a brain, a market, a shared network, elastic or failing nodes,
 * explanations, arrivals given by the caller). Under these conditions the
 * general path's decisions reduce to "start the oldest waiting job while it
 * fits", and this path makes the same calls on the same collaborators, in
 * the same order (save that it asks the filters whether a source's jobs
 * can ever run once per source: `OnePoolFifo.neverReasons`): the results
 * are the general path's, byte for byte (test/sim/one-pool-fifo.test.ts
 * holds it to that).
 */
export function onePoolFifoApplies(parts: RunParts, options: SimulationOptions): boolean {
  const { scenario, model, filters } = parts;
  if ((options.policy ?? scenario.policy) !== ('fifo' satisfies PolicyChoice)) return false;
  if (options.generalPath === true || options.arrivals !== undefined || parts.explainer !== undefined || parts.market !== undefined) return false;
  if (scenario.brain !== undefined || model.network !== undefined || model.pools.length !== 1) return false;
  const pool = model.pools[0] as PoolModel;
  if (pool.elastic !== undefined || pool.mtbfS !== Infinity) return false;
  if (!(pool.price instanceof PriceFunction) || pool.price.nextChangeAfter(0) !== Infinity) return false;
  if (scenario.jobs.length > 0 || scenario.workload.some((w) => w.arrivals === undefined)) return false;
  for (const c of model.classes) {
    if (c.budget !== Infinity || c.bid !== Infinity || c.spot) return false;
    // One demand for every job: the fragmentation a sample sees then depends on no job in particular.
    if (filters.classMilli[c.index] !== filters.classMilli[0] || filters.classCores[c.index] !== filters.classCores[0] || filters.classMemMiB[c.index] !== filters.classMemMiB[0]) return false;
  }
  return true;
}

/** What the path asks of the simulation that runs it. */
export interface OnePoolFifoHost {
  /** Rejects a job that can never run (the simulation's `rejectJob`). */
  rejectJob(job: number, time: number, reason: string): void;
}

/**
 * The per-job path of a run that `onePoolFifoApplies` admits: arrival,
 * start and finish without the dispatcher, the scheduling framework, the
 * pools' queue estimates or the hooks, none of which can change what such
 * a run does. What remains is what the results are made of: the job table,
 * the cluster state, the running set (for the cut at a horizon), the
 * meters, billing and the statistics, each called as the general path
 * calls it.
 */
export class OnePoolFifo implements EventHandler, WaitingJobs {
  /** Events counted in the run's total (arrivals and completions), and the time of the last. */
  counted = 0;
  lastEventTime = 0;
  /** Waiting jobs, oldest first: a ring over `queue` from `head` to `tail` (both count up; the ring's size is a power of two). */
  private queue = new Int32Array(1024);
  private head = 0;
  private tail = 0;
  private passNeeded = false;
  /** Running jobs that never finish on their own (endless work). */
  private endless = 0;
  private readonly pool: PoolModel;
  /**
   * Per arrival source, why its jobs can never run (`neverRunnable`:
   * undefined when they can), once asked for its first job; null until
   * then. Every job here is generated from its class and shaped like it
   * (`onePoolFifoApplies`), and the filters answer all such jobs of a class
   * and an origin alike (from a cache of their own, which makes the answer
   * the first job's), so asking again for each job would only repeat their
   * checks.
   */
  private readonly neverReasons: (RejectReason | undefined | null)[];
  private readonly horizon: number;
  private readonly cutAtHorizon: boolean;

  constructor(
    private readonly parts: RunParts,
    private readonly engine: Engine,
    private readonly host: OnePoolFifoHost,
    /** Arrival sources with an arrival still to come. */
    private pendingSources: number,
  ) {
    this.pool = parts.model.pools[0] as PoolModel;
    this.neverReasons = parts.sources.map(() => null);
    this.horizon = parts.scenario.horizon ?? Infinity;
    this.cutAtHorizon = !parts.scenario.drain;
  }

  /** Jobs waiting (WaitingJobs). */
  get size(): number {
    return this.tail - this.head;
  }

  /** Up to `limit` waiting jobs, oldest first (WaitingJobs). */
  forSome(limit: number, fn: (job: number) => void): void {
    const mask = this.queue.length - 1;
    for (let k = this.head; k < this.tail && k - this.head < limit; k++) fn(this.queue[k & mask] as number);
  }

  /** Every waiting job, oldest first. */
  all(): number[] {
    const out: number[] = [];
    this.forSome(Infinity, (job) => out.push(job));
    return out;
  }

  handle(kind: number, payload: number, time: number): void {
    const { parts } = this;
    switch (kind) {
      case EV_ARRIVAL:
        this.lastEventTime = time;
        this.counted++;
        this.arrive(payload, time);
        return;
      case EV_FINISH:
        parts.retirement.finishPopped(payload);
        // No job is evicted or preempted here, so every finish event is current; the check keeps that honest.
        if (parts.jobs.state[payload] !== JobState.Running || parts.jobs.finish[payload] !== time) return;
        this.lastEventTime = time;
        this.counted++;
        this.finish(payload, time);
        return;
      case EV_SAMPLE: {
        parts.measurements.sample(time, this.fragmentation());
        const next = parts.measurements.timeSeries.nextTime(time);
        if (this.worthScheduling(next)) this.engine.schedule(next, EV_SAMPLE, 0);
        return;
      }
      case EV_WARMUP:
        parts.measurements.warmupEnds(time);
        return;
      default:
        throw new Error(`the one-pool fifo path met an event of kind ${kind}`);
    }
  }

  /** Starts waiting jobs, oldest first, while the oldest fits (fifo's strict order: the head blocks). */
  endOfInstant(time: number): void {
    if (!this.passNeeded) return;
    // Nothing starts at the horizon itself when running jobs are cut there.
    if (time >= this.horizon && this.cutAtHorizon) return;
    this.passNeeded = false;
    const queue = this.queue;
    const mask = queue.length - 1;
    while (this.head < this.tail) {
      if (!this.start(queue[this.head & mask] as number, time)) return;
      this.head++;
      this.parts.measurements.queueLength.change(0, -1, time);
    }
  }

  /** The fragmentation of this moment, from the waiting jobs (a time-series sample). */
  fragmentation(): number {
    const { parts } = this;
    return fragmentationAt(parts.model, parts.state, parts.jobs, (job) => parts.context.candidates(job as JobId), this);
  }

  /** Whether a background event (a time-series sample) at `at` is worth scheduling: the simulation's rule, for what this path can meet. */
  private worthScheduling(at: number): boolean {
    if (at <= this.horizon && Number.isFinite(this.horizon)) return true;
    return this.pendingSources > 0 || this.parts.running.size > this.endless;
  }

  private arrive(sourceIndex: number, time: number): void {
    const { parts } = this;
    const source = parts.sources[sourceIndex] as ArrivalSource;
    const job = parts.intake.admit(source, time);
    source.advance();
    if (source.nextTime < this.horizon) this.engine.schedule(source.nextTime, EV_ARRIVAL, sourceIndex);
    else this.pendingSources--;
    let reason = this.neverReasons[sourceIndex];
    if (reason === null) reason = this.neverReasons[sourceIndex] = parts.filters.neverRunnable(job, time);
    if (reason !== undefined) {
      this.host.rejectJob(job, time, reason);
      return;
    }
    // A job joining behind a blocked head changes nothing; one that finds the queue empty calls for a pass.
    if (this.head === this.tail) this.passNeeded = true;
    if (this.tail - this.head === this.queue.length) this.grow();
    this.queue[this.tail++ & (this.queue.length - 1)] = job;
    parts.measurements.queueLength.change(0, 1, time);
  }

  /** The simulation's `startJob` for this path: no market, elastic pool, network or hook to tell. */
  private start(job: number, time: number): boolean {
    const { parts, pool } = this;
    const jobs = parts.jobs;
    const held = parts.state.place(jobs, job, pool.index, jobs.cores[job] as number, jobs.memMiB[job] as number);
    if (held < 0) return false;
    const execution = parts.execution;
    jobs.held[job] = held;
    jobs.start[job] = time;
    jobs.state[job] = JobState.Running;
    execution.payDataFee(job, pool);
    parts.measurements.usage.change(pool.index, held, time);
    parts.running.add(job);
    const transfer = execution.transferS(job, pool);
    const runtime = execution.runtimeOn(job, pool);
    jobs.runS[job] = transfer + runtime;
    // No job here is ever preempted, so none resumes part-done: the general path's `runtime × (1 − progress)` is `runtime`, exactly.
    const end = time + transfer + runtime;
    jobs.finish[job] = end;
    if (end === Infinity) this.endless++;
    else {
      this.engine.schedule(end, EV_FINISH, job);
      parts.retirement.finishScheduled(job);
    }
    return true;
  }

  /** The simulation's `finish` and `releaseJob` for this path. */
  private finish(job: number, time: number): void {
    const { parts, pool } = this;
    const jobs = parts.jobs;
    const held = jobs.held[job] as number;
    parts.state.release(jobs, job, jobs.cores[job] as number, jobs.memMiB[job] as number);
    parts.measurements.usage.change(pool.index, -held, time);
    parts.running.remove(job);
    parts.execution.bill(job, time);
    jobs.finish[job] = time;
    jobs.state[job] = JobState.Completed;
    if (this.head < this.tail) this.passNeeded = true;
    parts.retirement.end(job);
  }

  private grow(): void {
    const old = this.queue;
    const mask = old.length - 1;
    const queue = new Int32Array(old.length * 2);
    for (let k = this.head; k < this.tail; k++) queue[k - this.head] = old[k & mask] as number;
    this.tail -= this.head;
    this.head = 0;
    this.queue = queue;
  }
}
