import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { BRAIN_POLICY_NAMES, policyNameLists } from '../policy/brain/brain-policy-names.js';
import { policyNames } from '../policy/registry.js';
import { isModulePath } from '../scenario/module-path.js';
import { loadScenarioFile } from '../scenario/parse-scenario.js';
import type { Scenario } from '../scenario/scenario.js';
import { formatProblem } from '../scenario/problem.js';
import { mechanisms, type Mechanism } from '../scenario/schema.js';
import type { OutputFile } from '../io/output-file.js';
import type { CommandOutput } from './command-output.js';
import { checkOutputsSpareInputs, type NamedPath } from '../io/output-file.js';
import { moduleInputs, scenarioInputs } from './command-inputs.js';
import { outputOption, quietOption, timeoutOption, warner } from './common-options.js';
import { parseIdList, parseNonNegative } from './parse-options.js';
import type { RunOutputOptions } from './run-outputs.js';
import type { TimedRunner } from './timed-command.js';

interface RunFlags extends RunOutputOptions {
  seed?: number;
  policy?: string;
  brainPolicy?: string;
  format: 'table' | 'json';
  report?: string;
  strict?: boolean;
  explain?: string[];
  explainSample?: number;
  exact?: boolean;
  mechanism?: Mechanism;
  quiet?: boolean;
  timeout?: number;
}

/** Adds `manychip run` to the program: argument parsing and output only; the work is `simulate()`. */
export function addRunCommand(program: Command, out: (text: string) => void, err: (text: string) => void, timed: TimedRunner): void {
  program
    .command('run')
    .description('run a scenario and print its results')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--seed <n>', 'master seed (overrides the scenario)', parseNonNegative)
    .option('--policy <name>', `scheduling policy (overrides the scenario): ${policyNames().join(', ')}, or a module path (./my-policy.js)`)
    .option('--brain-policy <name>', `the brain's policy (overrides the scenario's brain block; see docs/brain.md): ${BRAIN_POLICY_NAMES.join(', ')}, or a module path (./my-brain.js)`)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--jobs <file>', 'also write one CSV row per job to <file>')
    .option('--trace <file>', 'also write the schedule as a Chrome trace (open it in ui.perfetto.dev) to <file>')
    .option('--trace-limit <n>', 'most events in the trace (default 1000000)', parseNonNegative)
    .option('--report <file>', 'also write an HTML report (self-contained, charts inline)')
    .option('--strict', 'fail on the first malformed trace row (default: skip and count them)')
    .option('--explain <ids>', 'why each decision about these jobs (comma-separated ids) came out as it did', parseIdList)
    .option('--explain-sample <n>', 'the same for a uniform sample of n jobs', parseNonNegative)
    .option('--exact', 'exact quantiles from every value (default: a sketch, within 0.5%, in memory independent of the number of jobs)')
    .addOption(new Option('--mechanism <name>', 'market mechanism (overrides the scenario’s, and makes the run trade; see docs/market.md)').choices([...mechanisms]))
    .addOption(outputOption('the results (table or JSON)'))
    .addOption(quietOption())
    .addOption(timeoutOption('stop the run if it takes longer than <s> seconds (exit 4), naming the policy hook it was in'))
    .action(async (file: string, opts: RunFlags) => {
      if (await timed(opts.timeout, 'run')) return;
      const warn = warner(err, opts.quiet);
      const m = await runModules();
      // A --policy given on the command line replaces the scenario's, so only then is the file's name not checked.
      const scenario = withBrainPolicy(loadScenarioFile(file, policyNameLists(opts.policy !== undefined)), opts.brainPolicy);
      for (const warning of scenario.warnings) warn(`warning: ${formatProblem(warning)}\n`);
      const policyModules = [
        ...(opts.policy === undefined ? moduleInputs([scenario.policy], scenario.baseDir) : moduleInputs([opts.policy])),
        ...(opts.brainPolicy === undefined ? [] : moduleInputs([opts.brainPolicy])),
      ];
      const outputPaths: NamedPath[] = [
        ['--jobs', opts.jobs],
        ['--trace', opts.trace],
        ['--report', opts.report],
        ['--output', opts.output],
      ];
      checkOutputsSpareInputs(outputPaths, [...scenarioInputs(scenario), ...policyModules]);
      // A module named in the scenario resolves against the scenario's directory; one on the command line, against ours.
      // Loaded as a source (a name or a Policy), not a scheduler: each run makes fresh schedulers of it, one per site under a brain.
      const policy = opts.policy === undefined ? await m.loadPolicySource(scenario.policy, scenario.baseDir) : await m.loadPolicySource(opts.policy);
      const modules = await m.loadScenarioModules(scenario);
      const rules = await m.loadRules(scenario);
      // Every file is opened before the run: a path that cannot be written fails now, not after it.
      const outputs = m.RunOutputs.open(opts);
      let report: OutputFile | undefined;
      let results: CommandOutput | undefined;
      try {
        report = opts.report === undefined ? undefined : m.OutputFile.open(opts.report, '--report');
        results = m.CommandOutput.open(opts.output, out);
        const observe = outputs.observe;
        const run = m.simulate(scenario, {
          policy,
          modules,
          rules,
          strict: opts.strict === true,
          ...(opts.seed === undefined ? {} : { seed: opts.seed }),
          ...(opts.mechanism === undefined ? {} : { mechanism: opts.mechanism }),
          ...(observe === undefined ? {} : { observe }),
          ...(opts.explain === undefined && opts.explainSample === undefined ? {} : { explain: { ids: opts.explain ?? [], sample: opts.explainSample ?? 0 } }),
          // issue 20: statistics stream as jobs end and their slots are recycled; the outputs stream too.
          keepJobs: false,
          quantiles: opts.exact === true ? 'exact' : 'sketch',
        });
        for (const warning of run.warnings) warn(`warning: ${warning}\n`);
        outputs.write(run, warn);
        const summary = m.summarize(run);
        if (report !== undefined) {
          // The second run, which explains the slowest jobs, makes fresh schedulers of the same source.
          const slowest = m.whyOfSlowest(scenario, run, { policy, modules, rules, strict: opts.strict === true, ...(opts.mechanism === undefined ? {} : { mechanism: opts.mechanism }) });
          report.write([await m.renderRunReport(summary, m.chipKindsOf(scenario), slowest)]);
          report.commit();
        }
        const text = opts.format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : m.resultsTable(summary);
        const why = opts.format !== 'json' && summary.explanations !== undefined ? `\n${m.explanationsText(summary.explanations)}` : '';
        results.write(text + why);
      } finally {
        outputs.close();
        report?.abort();
        results?.abort();
      }
    });
}

/**
 * The scenario with its brain's policy replaced by `--brain-policy`: a
 * built-in name, or a module path, which resolves against the working
 * directory as `--policy`'s does (the scenario's own resolves against its
 * directory). Refused, exit 2, for a scenario without a brain block or a
 * name that is neither.
 */
function withBrainPolicy(scenario: Scenario, policy: string | undefined): Scenario {
  if (policy === undefined) return scenario;
  if (scenario.brain === undefined) throw new UsageError(`--brain-policy: ${scenario.file} has no brain block, so there is no brain to give a policy (docs/brain.md)`);
  const isPath = isModulePath(policy);
  if (!isPath && !(BRAIN_POLICY_NAMES as readonly string[]).includes(policy)) {
    throw new UsageError(`--brain-policy: unknown brain policy "${policy}" — known: ${BRAIN_POLICY_NAMES.join(', ')}, or a module path (./my-brain.js)`);
  }
  return { ...scenario, brain: { ...scenario.brain, policy: isPath ? resolve(policy) : policy } };
}

/**
 * What `run` needs beyond parsing the scenario, loaded when it runs: the
 * simulation, the summary and the outputs are more code than all the rest
 * of start-up, and `validate` needs none of it (BENCHMARKS.md, start-up).
 */
async function runModules() {
  const [loader, modules, rules, outputs, io, command, runScenario, summary, table, explanations, compare, report] = await Promise.all([
    import('../loader/load-policy.js'),
    import('../loader/load-scenario-modules.js'),
    import('../loader/load-rules.js'),
    import('./run-outputs.js'),
    import('../io/output-file.js'),
    import('./command-output.js'),
    import('../run-scenario.js'),
    import('../metrics/summarize.js'),
    import('../report/results-table.js'),
    import('../report/explanations-text.js'),
    import('../compare/compare.js'),
    import('./load-html-report.js'),
  ]);
  return {
    loadPolicySource: loader.loadPolicySource,
    loadScenarioModules: modules.loadScenarioModules,
    loadRules: rules.loadRules,
    RunOutputs: outputs.RunOutputs,
    OutputFile: io.OutputFile,
    CommandOutput: command.CommandOutput,
    simulate: runScenario.simulate,
    whyOfSlowest: runScenario.whyOfSlowest,
    summarize: summary.summarize,
    resultsTable: table.resultsTable,
    explanationsText: explanations.explanationsText,
    chipKindsOf: compare.chipKindsOf,
    renderRunReport: report.renderRunReport,
  };
}
