import type { ClassModel, ClusterModel } from '../model/cluster-model.js';
import type { JobTable } from '../model/job-table.js';
import type { BuiltinFilters } from '../policy/builtin-filters.js';
import type { ArrivalSource } from '../workload/arrival-source.js';
import type { Sampler } from '../workload/distribution-sampler.js';

/**
 * Turns the pending arrival of a source into a row of the job table. A
 * generated arrival takes everything from its class, its work drawn now
 * from the class's size stream (in arrival order, so it does not depend on
 * the policy); a listed or traced job brings its own fields, each falling
 * back to its class's where it gives none.
 */
export class JobIntake {
  constructor(
    private readonly model: ClusterModel,
    private readonly jobs: JobTable,
    private readonly filters: BuiltinFilters,
    private readonly samplers: readonly Sampler[],
    private readonly estimators: readonly ((work: number) => number)[],
  ) {}

  /** Adds the source's pending arrival at `time` to the table; returns the job's index. */
  admit(source: ArrivalSource, time: number): number {
    const jobs = this.jobs;
    const cls = source.cls;
    const klass = this.model.classes[cls] as ClassModel;
    const explicit = source.explicit;
    const work = explicit === undefined ? (this.samplers[cls] as Sampler)() : explicit.work;
    const milli = explicit !== undefined && explicit.milli >= 0 ? explicit.milli : (this.filters.classMilli[cls] as number);
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
    const estimate = this.estimators[cls] as (w: number) => number;
    if (explicit === undefined) {
      jobs.estimate[job] = estimate(work);
      jobs.inputGB[job] = klass.inputGB;
      jobs.due[job] = time + klass.deadlineS;
      jobs.budget[job] = klass.budget;
      jobs.bid[job] = klass.bid;
      if (klass.spot) jobs.spot[job] = 1;
      return job;
    }
    jobs.explicitIds.set(job, explicit.id);
    if (explicit.runtimeS !== undefined) jobs.runtimeRows.set(job, explicit.runtimeS);
    if (explicit.speed !== undefined) jobs.speedRow[job] = jobs.speedRowIndex(explicit.speed);
    if (explicit.oneNode === true) jobs.oneNode[job] = 1;
    // An explicit job's work is known, unless it comes with its own
    // estimate (a trace's requested time) or its class says estimates are noisy.
    const given = explicit.estimate ?? NaN;
    if (this.model.oracle) jobs.estimate[job] = work;
    else if (!Number.isNaN(given)) jobs.estimate[job] = given;
    else jobs.estimate[job] = klass.estimate === undefined ? work : estimate(work);
    jobs.inputGB[job] = explicit.inputGB;
    jobs.due[job] = time + (Number.isNaN(explicit.deadlineS) ? klass.deadlineS : explicit.deadlineS);
    jobs.budget[job] = Number.isNaN(explicit.budget) ? klass.budget : explicit.budget;
    jobs.bid[job] = explicit.bid ?? klass.bid;
    if ((explicit.tier ?? (klass.spot ? 'spot' : 'on-demand')) === 'spot') jobs.spot[job] = 1;
    return job;
  }
}
