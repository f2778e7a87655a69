import type { Rng } from '../../engine/rng.js';
import type { QuantileMethod } from '../../metrics/streamed-statistic.js';
import type { ClusterModel } from '../../model/cluster-model.js';
import type { JobTable } from '../../model/job-table.js';
import type { PoolQueues } from '../../model/pool-queues.js';
import type { BuiltinFilters } from '../../policy/builtin-filters.js';
import type { Estimates } from '../../policy/estimates.js';
import { BrainContext, siteRanges } from '../../policy/brain/brain-context.js';
import type { BrainPolicy } from '../../policy/brain/brain-policy.js';
import { BrainPolicyError } from '../../policy/brain/brain-policy-error.js';
import { brainSchedulerFor } from '../../policy/brain/brain-registry.js';
import type { Policy } from '../../policy/policy.js';
import { PolicyError } from '../../policy/policy-error.js';
import { schedulerFor, type PolicyChoice } from '../../policy/registry.js';
import type { Scheduler } from '../../policy/scheduler.js';
import type { SchedulingContext } from '../../policy/scheduling-context.js';
import { isModulePath } from '../../scenario/module-path.js';
import type { Scenario } from '../../scenario/scenario.js';
import type { ExplanationRecorder } from '../explanation-recorder.js';
import type { Measurements } from '../measurements.js';
import type { StageHost } from '../dispatch-stage.js';
import { BrainLedger } from './brain-ledger.js';
import { BrainStage } from './brain-stage.js';
import { LiveSiteCounters, SiteViews } from './site-views.js';

/** Policy modules a scenario's brain block names, loaded (`loadScenarioModules`): the brain's, and the sites' by path as written. */
export interface ScenarioModules {
  readonly brainPolicy?: BrainPolicy;
  readonly sitePolicies?: ReadonlyMap<string, Policy>;
}

/** What `buildRun` has made that the brain builds on. */
export interface BrainInputs {
  readonly scenario: Scenario;
  readonly model: ClusterModel;
  readonly jobs: JobTable;
  readonly filters: BuiltinFilters;
  readonly estimates: Estimates;
  readonly context: SchedulingContext;
  readonly poolQueues: PoolQueues;
  readonly measurements: Measurements;
  readonly explainer: ExplanationRecorder | undefined;
  /** The `brain` random stream. */
  readonly rng: Rng;
  /** The scenario's policy, or the one the run was given instead: each site without a policy of its own runs it. */
  readonly defaultPolicy: PolicyChoice;
  readonly modules: ScenarioModules | undefined;
  /** How the run's quantiles are computed (the view's age is summarised alike). */
  readonly quantiles: QuantileMethod;
}

/**
 * Makes a brain stage from the scenario's `brain` block: the brain
 * policy, each site's scheduler over a context restricted to its pools
 * (the site's `policy` and `policyOptions`, else the scenario's), the
 * view with each site's report delay, and the transfer time to each site.
 * Checked here as well as in the scenario, for scenarios built in code.
 */
export function buildBrainStage(inputs: BrainInputs, host: StageHost): BrainStage {
  const { scenario, model } = inputs;
  const brain = scenario.brain;
  if (brain === undefined) throw new Error('buildBrainStage needs a scenario with a brain block');
  const brainScheduler = isModulePath(brain.policy) ? brainSchedulerFor(loadedBrainPolicy(brain.policy, inputs.modules), brain.policy) : brainSchedulerFor(brain.policy);
  const S = model.sites.length;
  const d = brain.options.d;
  if (typeof d === 'number' && d > S) throw new BrainPolicyError(brainScheduler.name, `options.d (${d}) is larger than the number of sites (${S})`);

  const region = brain.region === undefined ? -1 : model.regions.findIndex((r) => r.name === brain.region);
  const rttS = (site: number): number => {
    if (region < 0) throw new BrainPolicyError(brainScheduler.name, 'round trips to the sites need brain.region');
    return (model.rttMs[region * S + site] as number) / 1000;
  };
  const delay = brain.view.delayS;
  // A report travels one way: half the round trip.
  const delayS = Float64Array.from(model.sites, (site) => (typeof delay === 'number' ? delay : delay === 'rtt' ? rttS(site.index) / 2 : (delay[site.name] ?? 0)));
  const transferS = Float64Array.from(model.sites, (site) => (brain.transfer === 'rtt' ? rttS(site.index) : 0));

  const live = new LiveSiteCounters(S);
  const { usage, down } = inputs.measurements;
  const views = new SiteViews(model, inputs.context.state, usage.allocated, down.allocated, live, brain.view.refreshS, delayS);
  const brainContext = new BrainContext(model, inputs.filters, inputs.context, inputs.estimates, views, inputs.rng, brain.options);
  const sites = siteSchedulers(inputs);
  return new BrainStage(
    {
      model,
      jobs: inputs.jobs,
      context: inputs.context,
      poolQueues: inputs.poolQueues,
      measurements: inputs.measurements,
      brain: brainScheduler,
      brainContext,
      views,
      live,
      ledger: new BrainLedger(S, scenario.warmupS, inputs.quantiles),
      sites,
      transferS,
      explainer: inputs.explainer,
      settings: {
        policy: brainScheduler.name,
        view: { refreshS: brain.view.refreshS, delayS: typeof delay === 'object' ? { ...delay } : delay },
        transfer: brain.transfer,
        sitePolicies: sites.map((s) => s.scheduler.name),
      },
    },
    host,
  );
}

/** Each site's scheduler (a fresh one per site) and its context over the site's pools. */
function siteSchedulers(inputs: BrainInputs): { scheduler: Scheduler; context: SchedulingContext }[] {
  const { scenario, model, context } = inputs;
  const ranges = siteRanges(model);
  const instance = typeof inputs.defaultPolicy === 'object' && 'decide' in inputs.defaultPolicy ? inputs.defaultPolicy : undefined;
  const takingDefault = scenario.sites.filter((s) => s.policy === undefined).length;
  if (instance !== undefined && takingDefault > 1) {
    throw new PolicyError(instance.name, `a scheduler instance serves one site, and ${takingDefault} sites take the default policy: give it by name or as a Policy, so that each site gets its own`);
  }
  return scenario.sites.map((site, s) => {
    const choice: PolicyChoice = site.policy === undefined ? inputs.defaultPolicy : isModulePath(site.policy) ? loadedSitePolicy(site.policy, inputs.modules) : site.policy;
    const range = ranges[s] as { first: number; end: number };
    return {
      scheduler: schedulerFor(choice),
      context: context.forPools(range.first, range.end, site.policyOptions ?? scenario.policyOptions),
    };
  });
}

function loadedBrainPolicy(path: string, modules: ScenarioModules | undefined): BrainPolicy {
  const loaded = modules?.brainPolicy;
  if (loaded === undefined) throw new BrainPolicyError(path, 'names a brain policy module: load it with `await loadScenarioModules(scenario)` and pass the result as `modules`');
  return loaded;
}

function loadedSitePolicy(path: string, modules: ScenarioModules | undefined): Policy {
  const loaded = modules?.sitePolicies?.get(path);
  if (loaded === undefined) throw new PolicyError(path, 'names a policy module: load it with `await loadScenarioModules(scenario)` and pass the result as `modules`');
  return loaded;
}
