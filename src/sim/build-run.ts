import { UsageError } from '../errors.js';
import { RngStreams, type Rng } from '../engine/rng.js';
import { buildClusterModel, type PoolModel } from '../model/cluster-model.js';
import { ClusterState } from '../model/cluster-state.js';
import { ElasticNodes } from '../model/elastic-nodes.js';
import { ExecutionModel } from '../model/execution.js';
import { JobTable } from '../model/job-table.js';
import { PoolQueues } from '../model/pool-queues.js';
import { BuiltinFilters } from '../policy/builtin-filters.js';
import { Estimates } from '../policy/estimates.js';
import type { JobId } from '../policy/ids.js';
import { schedulerFor } from '../policy/registry.js';
import { SchedulingContext } from '../policy/scheduling-context.js';
import { ruleFor } from '../policy/elastic-rules/rule-registry.js';
import { ElasticMeter } from '../metrics/elastic-meter.js';
import { UsageMeter } from '../metrics/usage-meter.js';
import type { Scenario } from '../scenario/scenario.js';
import { buildArrivalSources, buildEstimators, buildWorkSamplers } from '../workload/build-workload.js';
import { buildBrainStage } from './brain/build-brain.js';
import { makeSampler } from '../workload/distribution-sampler.js';
import { Dispatcher } from './dispatcher.js';
import { ElasticPools } from './elastic-pools.js';
import { ExplanationRecorder } from './explanation-recorder.js';
import { JobIntake } from './job-intake.js';
import { MarketRun } from './market/market-run.js';
import { Measurements } from './measurements.js';
import { NodeFailures } from './node-failures.js';
import { RejectLedger } from './reject-ledger.js';
import { RunningJobs } from './running-jobs.js';
import { JobStatistics } from '../metrics/job-statistics.js';
import { JobRetirement } from './job-retirement.js';
import type { RunParts, SimulationOptions } from './simulation.js';

/**
 * Makes the collaborators of one run from a scenario: the model, the live
 * state, the job table, the execution model and the estimates, the policy
 * (a built-in by name from the scenario, or the one given) and what it
 * reads, the arrival sources with their random streams, and the meters.
 */
export function buildRun(scenario: Scenario, options: SimulationOptions): RunParts {
  const seed = options.seed ?? scenario.seed;
  const policyChoice = options.policy ?? scenario.policy;
  const policy = schedulerFor(policyChoice);
  const model = buildClusterModel(scenario, options.mechanism);
  // A mechanism given for the run (run --mechanism, compare --mechanisms) makes it trade: the scenario's checks could not see that.
  if (options.mechanism !== undefined && scenario.brain !== undefined) throw new UsageError('markets do not run under a brain yet: this scenario has a brain block, so it cannot be run with a market mechanism');
  if (options.mechanism !== undefined && model.network !== undefined) throw new UsageError('markets do not run over a shared network yet: this scenario has network.links, so it cannot be run with a market mechanism');
  if (options.mechanism !== undefined && model.pools.some((p) => p.elastic !== undefined)) throw new UsageError('markets do not trade elastic pools yet: this scenario has elastic pools, so it cannot be run with a market mechanism');
  const state = new ClusterState(model);
  // issue 20: a run that recycles slots needs room for the jobs alive at once, not for every arrival.
  // A market run keeps its jobs: its ledger and results read each trade's job after the run.
  const keepJobs = options.keepJobs !== false || model.market !== undefined;
  const jobs = new JobTable(keepJobs ? expectedArrivals(scenario) : 1024);
  const statistics = new JobStatistics(model, scenario, options.quantiles ?? 'sketch');
  const execution = new ExecutionModel(model, jobs);
  const marketPricing = model.market === undefined ? undefined : { clearingK: model.market.mechanism === 'posted' ? undefined : model.market.k };
  const estimates = new Estimates(jobs, execution, marketPricing);
  const filters = new BuiltinFilters(model, state, jobs, execution, estimates);
  const rng = new RngStreams(seed);
  const sources = options.arrivals !== undefined ? [...options.arrivals] : buildArrivalSources(scenario, model, rng, { strict: options.strict === true });
  const horizon = scenario.horizon ?? Infinity;
  const warnings: string[] = [];
  const late = scenario.jobs.filter((j) => j.arrival >= horizon).length;
  if (late > 0) warnings.push(`${late} of the listed jobs arrive at or after the horizon (${horizon} s) and are not simulated`);
  const poolQueues = new PoolQueues(model);
  const running = new RunningJobs();
  const usage = new UsageMeter(model.pools.length);
  // Elastic pools: their nodes (the ones not on at the start go out of service now), rules and meter.
  const elasticPools = model.pools.filter((p) => p.elastic !== undefined);
  const elasticNodes = elasticPools.map((p) => new ElasticNodes(p, model.classes, state));
  const elasticMeter = elasticPools.length === 0 ? undefined : new ElasticMeter(elasticPools, elasticNodes, usage.allocated);
  const measurements = new Measurements(model, scenario.metrics.sampleIntervalS ?? (Number.isFinite(horizon) ? horizon / 200 : 1), usage, elasticMeter);
  const failures = new NodeFailures(model, (pool: PoolModel): Rng => rng.stream(`failures:${pool.name}`));
  const context = new SchedulingContext(
    model,
    state,
    jobs,
    execution,
    estimates,
    filters,
    poolQueues,
    measurements.usage.allocated,
    rng.stream('policy'),
    scenario.policyOptions,
    { get size() { return running.size; }, at: (i) => running.at(i) as JobId },
    model.pools.map((p) => elasticNodes.find((e) => e.pool === p.index)?.view),
  );
  // Explaining draws from a stream of its own: asking why never moves a decision.
  const explainer = options.explain === undefined ? undefined : new ExplanationRecorder(options.explain, model, jobs, rng.stream('explain'));
  // A market run (docs/market.md): its ledger bills every job through contracts.
  const market = model.market === undefined ? undefined : new MarketRun(model, model.market, jobs, context, measurements.usage.allocated, measurements.down.allocated, explainer);
  execution.contracts = market?.ledger;
  return {
    scenario,
    seed,
    model,
    state,
    jobs,
    execution,
    estimates,
    filters,
    policy,
    context,
    poolQueues,
    running,
    sources,
    intake: new JobIntake(model, jobs, filters, buildWorkSamplers(model, rng), buildEstimators(model, rng)),
    measurements,
    failures,
    rejects: new RejectLedger(model, jobs, warnings),
    explainer,
    market,
    warnings,
    statistics,
    retirement: new JobRetirement(jobs, statistics, keepJobs),
    keepJobs,
    // Under a brain, a dispatcher per site behind the brain (sim/brain/); otherwise the one central dispatcher.
    dispatcher: (host) =>
      scenario.brain === undefined
        ? new Dispatcher(policy, context, jobs, poolQueues, host, explainer, market)
        : buildBrainStage({ scenario, model, jobs, filters, estimates, context, poolQueues, measurements, explainer, rng: rng.stream('brain'), defaultPolicy: policyChoice, modules: options.modules, quantiles: options.quantiles ?? 'sketch' }, host),
    elastic:
      elasticMeter === undefined
        ? undefined
        : (host, waiting) =>
            new ElasticPools(
              model,
              elasticNodes,
              elasticPools.map((p) => ruleFor(p.elastic as NonNullable<PoolModel['elastic']>, p.name, options.rules ?? new Map())),
              // Boot times draw from a stream per pool: they never move arrivals, sizes or failures.
              elasticPools.map((p) => makeSampler((p.elastic as NonNullable<PoolModel['elastic']>).bootS, rng.stream(`boot:${p.name}`))),
              jobs,
              elasticMeter,
              usage,
              measurements.down,
              failures,
              host,
              waiting,
            ),
  };
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
