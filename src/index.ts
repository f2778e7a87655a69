export { Engine, type EventHandler, type RunOutcome } from './engine/engine.js';
export { EventQueue } from './engine/event-queue.js';
export { Hooks } from './engine/hooks.js';
export { RngStreams, exponential, type Rng } from './engine/rng.js';
export type { BrainResults, Results, Summary, JobCounts, TimeSeries, GroupResults, QuantileInfo, ElasticResults, ElasticPoolResults, ElasticCost } from './metrics/results.js';
export { QuantileSketch } from './metrics/quantile-sketch.js';
export type { QuantileMethod } from './metrics/streamed-statistic.js';
export type { RunRecord } from './metrics/run-record.js';
export { summarize } from './metrics/summarize.js';
export {
  DEFAULT_TRACE_LIMIT,
  ScheduleTraceRecorder,
  TraceEventKind,
  executionOutcomes,
  isExecution,
  type ScheduleTrace,
} from './sim/schedule-trace.js';
export { chromeTrace } from './report/chrome-trace.js';
export { jobsCsv, jobsCsvColumns, jobsCsvHeader, JobsCsvRows } from './report/jobs-csv.js';
export { JobState, JobTable, jobStateNames } from './model/job-table.js';
export type { JobView, Placement, Policy, PolicyContext, PoolView, Reject, Unfit } from './policy/policy.js';
export { PolicyError } from './policy/policy-error.js';
export { builtinPolicies, policyNames, resolvePolicy, toScheduler, UnknownPolicyError } from './policy/registry.js';
export { loadPolicy, loadPolicySource } from './loader/load-policy.js';
export { loadBrainPolicy, loadScenarioModules } from './loader/load-scenario-modules.js';
export type { BrainPolicy, BrainPolicyContext, SiteView } from './policy/brain/brain-policy.js';
export { BrainPolicyError } from './policy/brain/brain-policy-error.js';
export { brainPolicyNames, builtinBrainPolicies } from './policy/brain/brain-registry.js';
export { policyNameLists } from './policy/brain/brain-policy-names.js';
export type { ScenarioModules } from './sim/brain/build-brain.js';
export { loadRules } from './loader/load-rules.js';
export type { ElasticRule, RuleView } from './policy/elastic-rules/elastic-rule.js';
export type { RuleModule, RuleShape } from './policy/elastic-rules/user-rule.js';
export { RuleError } from './policy/elastic-rules/rule-error.js';
export type { ElasticPoolView } from './model/elastic-nodes.js';
export { Decision, type DecisionKind } from './policy/decision.js';
export { SchedulingContext, type Reservation } from './policy/scheduling-context.js';
export type { BatchPlacement, Ordering, Scheduler } from './policy/scheduler.js';
export { definePolicy, type FilterPlugin, type PolicySpec, type ScorePlugin, type Selector } from './policy/framework.js';
export type { JobId, NodeId, PoolId, IdList } from './policy/ids.js';
export type { CandidateExplanation, DecisionExplanation, JobExplanation, ScorePartExplanation } from './model/explanation.js';
export { loadScenarioFile, parseScenario, type Scenario } from './scenario/parse-scenario.js';
export { InputError, formatProblem, type Problem } from './scenario/problem.js';
export { InputFileError } from './io/input-file-error.js';
export { Simulation, type SimulationHooks, type SimulationOptions } from './sim/simulation.js';
export { runScenario, simulate, type RunOptions } from './run-scenario.js';
export { benchPolicies, BenchError, type BenchPoliciesOptions, type PolicyBench, type PolicyBenchmark } from './bench/bench-policies.js';
export { countingScheduler, type CountingScheduler } from './bench/counting-scheduler.js';
export { importFormats, importTrace, isImportFormat, type ImportFacts, type ImportFormat, type ImportOptions, type ImportResult } from './import/index.js';
