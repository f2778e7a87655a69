import { Option, type Command } from 'commander';
import { parseNonNegative, parsePositive, policySpecs } from './parse-options.js';
import { compare } from '../compare/compare.js';
import type { Comparison } from '../compare/comparison.js';
import type { Policy } from '../policy/policy.js';
import { loadPolicySource } from '../loader/load-policy.js';
import { loadScenarioModules } from '../loader/load-scenario-modules.js';
import { loadRules } from '../loader/load-rules.js';
import { policyNameLists } from '../policy/brain/brain-policy-names.js';
import { policyNames } from '../policy/registry.js';
import { compareCsv } from '../report/compare-csv.js';
import { compareTable } from '../report/compare-table.js';
import { renderHtmlReport } from './load-html-report.js';
import { loadScenarioFile, type Scenario } from '../scenario/parse-scenario.js';
import { checkDistinctOutputs, checkOutputsSpareInputs, OutputFile, type NamedPath } from '../io/output-file.js';
import { moduleInputs, scenarioInputs } from './command-inputs.js';
import { ProgressBar, type ProgressStream } from './progress-bar.js';
import { isSweepOutput, print } from './sweep-command.js';
import { summarizeFile } from '../sweep/merge.js';
import type { SweepSummary } from '../sweep/aggregate.js';
import { UsageError } from '../errors.js';
import { seedRangeProblem } from '../compare/seed-range.js';
import { mechanisms, type Mechanism } from '../scenario/schema.js';
import { CommandOutput } from './command-output.js';
import { outputOption, quietOption, timeoutOption, warner } from './common-options.js';
import type { TimedRunner } from './timed-command.js';

interface CompareFlags {
  policies?: string;
  rules?: string;
  mechanisms?: string;
  seeds: number;
  seed?: number;
  baseline?: string;
  format: 'table' | 'json' | 'csv';
  report?: string;
  quiet?: boolean;
  strict?: boolean;
  exact?: boolean;
  metric: string[];
  output?: string;
  timeout?: number;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `manychip compare` to the program: argument parsing and output only; the work is `compare()`. */
export function addCompareCommand(program: Command, out: (text: string) => void, err: ProgressStream, timed: TimedRunner): void {
  program
    .command('compare')
    .description('run several policies over several seeds and compare them with confidence intervals')
    .argument('<scenario>', 'scenario file (YAML or JSON), or a sweep’s JSONL output (its aggregates and report)')
    .option('--policies <list>', `comma-separated policies: ${policyNames().join(', ')}, or module paths (./my-policy.js)`)
    .option('--mechanisms <list>', `comma-separated market mechanisms to compare (${mechanisms.join(', ')}): each policy (default the scenario’s) runs under each`)
    .option('--rules <list>', 'compare scaling rules instead of policies: comma-separated demand, target-utilisation, queue-length, schedule, or rule module paths; each replaces the rule of every elastic pool, under the one policy of --policies or the scenario’s')
    .option('--seeds <n>', 'number of seeds (the first is --seed or the scenario seed)', parsePositive, 10)
    .option('--seed <n>', 'first seed (default: the scenario seed)', parseNonNegative)
    .option('--baseline <policy>', 'policy the others are compared against (default: the first)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--report <file>', 'also write an HTML report (self-contained, charts inline)')
    .option('--metric <metric>', 'compare this metric instead of the default set (repeatable): jct.p95, wait.p99, cost, …, for one class or origin with @class=<name> or @origin=<name> (jct.p95@class=chat)', collect, [])
    .addOption(quietOption('no progress bar and no warnings (errors are still shown)'))
    .option('--strict', 'fail on the first malformed trace row (default: skip and count them)')
    .option('--exact', 'exact quantiles in every run (default: sketched, within 0.5%, and pooled over seeds)')
    .addOption(outputOption('the comparison (table, JSON or CSV)'))
    .addOption(timeoutOption('stop if one run takes longer than <s> seconds (exit 4), naming the policy hook it was in'))
    .action(async (file: string, flags: CompareFlags, command: Command) => {
      const outputs: NamedPath[] = [
        ['--report', flags.report],
        ['--output', flags.output],
      ];
      checkDistinctOutputs(outputs);
      if (isSweepOutput(file)) {
        checkOutputsSpareInputs(outputs, [['the sweep results being compared', file]]);
        refuseRunChoices(command);
        // A sweep's output: its runs are done; show their aggregates (and report).
        const format = flags.format;
        if (format === 'csv') throw new UsageError('a sweep’s rows are already one per run: read the JSONL, or use --format table or json');
        const warn = warner((text) => err.write(text), flags.quiet);
        const summary = (): SweepSummary => summarizeFile(file, 0.95, metricsOf(flags), (w) => warn(`warning: ${w}\n`));
        await withOutputs(flags, out, async (results, report) => print(summary(), format, (text) => results.write(text), report));
        return;
      }
      if (await timed(flags.timeout, 'compare')) return;
      // The compared policies replace the scenario's; the sites' and the brain's are still checked.
      // Read before the flags are: a file that is no scenario (one of manychip's outputs) is the first thing to say.
      const scenario = loadScenarioFile(file, policyNameLists(flags.policies !== undefined));
      if (flags.policies === undefined && flags.rules === undefined && flags.mechanisms === undefined) {
        throw new UsageError("required option '--policies <list>' not specified (or --mechanisms <list> or --rules <list>, under the scenario's policy)");
      }
      const specs = flags.policies === undefined ? [scenario.policy] : policySpecs(flags.policies);
      const modules = [...(flags.policies === undefined ? moduleInputs(specs, scenario.baseDir) : moduleInputs(specs)), ...moduleInputs(flags.rules === undefined ? [] : policySpecs(flags.rules, '--rules', 'rule'))];
      checkOutputsSpareInputs(outputs, [...scenarioInputs(scenario), ...modules]);
      const seeds = seedsOf(flags, scenario);
      await withOutputs(flags, out, async (results, report) => {
        const comparison = await runCompare(scenario, specs, seeds, flags, err);
        if (report !== undefined) {
          report.write([await renderHtmlReport(comparison)]);
          report.commit();
        }
        results.write(flags.format === 'json' ? `${JSON.stringify(comparison, null, 2)}\n` : flags.format === 'csv' ? compareCsv(comparison) : compareTable(comparison));
      });
    });
}

/** The flags that choose what runs: a sweep's JSONL holds runs already done, so given with one they would be silently ignored. */
const RUN_CHOICES = ['policies', 'rules', 'mechanisms', 'seeds', 'seed', 'baseline', 'strict', 'exact', 'timeout'] as const;

/** Refuses the flags of `RUN_CHOICES` the user gave (not defaults) with a sweep's JSONL. */
function refuseRunChoices(command: Command): void {
  const given = RUN_CHOICES.filter((key) => command.getOptionValueSource(key) === 'cli').map((key) => `--${key}`);
  if (given.length === 0) return;
  const list = given.length === 1 ? given[0] : `${given.slice(0, -1).join(', ')} and ${given.at(-1)}`;
  throw new UsageError(
    `${list} ${given.length === 1 ? 'does' : 'do'} not apply to a sweep’s JSONL: its runs are done and each row keeps what it ran with; give ${given.length === 1 ? 'it' : 'them'} to compare with a scenario, or to sweep`,
  );
}

/**
 * Opens the comparison's output (standard output or `-o`) and `--report`
 * before the work, so that a path that cannot be written fails now, not
 * after the runs; a compare that fails leaves earlier files of those names
 * as they were.
 */
async function withOutputs(flags: CompareFlags, out: (text: string) => void, work: (results: CommandOutput, report: OutputFile | undefined) => Promise<void>): Promise<void> {
  const report = flags.report === undefined ? undefined : OutputFile.open(flags.report, '--report');
  let results: CommandOutput | undefined;
  try {
    results = CommandOutput.open(flags.output, out);
    await work(results, report);
  } finally {
    report?.abort();
    results?.abort();
  }
}

/** Loads the policies and runs the comparison, with the progress bar on `err`. */
async function runCompare(scenario: Scenario, specs: readonly string[], seeds: readonly number[], flags: CompareFlags, err: ProgressStream): Promise<Comparison> {
  const sources: (string | Policy)[] = [];
  // A policy named in the scenario resolves against its directory; on the command line, against ours.
  for (const spec of specs) sources.push(await loadPolicySource(spec, flags.policies === undefined ? scenario.baseDir : process.cwd()));
  const ruleSpecs = flags.rules === undefined ? undefined : policySpecs(flags.rules, '--rules', 'rule');
  // The baseline may be given as listed (a module path) or by the policy's own name; arms of rules or mechanisms are named by compare.
  const baselineIndex = flags.baseline === undefined ? 0 : specs.indexOf(flags.baseline);
  const baseline = ruleSpecs !== undefined || flags.mechanisms !== undefined ? flags.baseline : baselineIndex >= 0 ? nameOf(sources[baselineIndex] as string | Policy) : flags.baseline;
  const modules = await loadScenarioModules(scenario);
  const bar = new ProgressBar(err, 'compare');
  const warn = warner((text) => err.write(text), flags.quiet);
  try {
    const rules = await loadRules(scenario, ruleSpecs);
    return compare(scenario, {
      policies: sources,
      rules,
      ...(ruleSpecs === undefined ? {} : { elasticRules: ruleSpecs }),
      seeds,
      ...(baseline === undefined ? {} : { baseline }),
      strict: flags.strict === true,
      modules,
      quantiles: flags.exact === true ? 'exact' : 'sketch',
      ...(metricsOf(flags) === undefined ? {} : { metrics: flags.metric }),
      ...(flags.mechanisms === undefined ? {} : { mechanisms: mechanismList(flags.mechanisms) }),
      onProgress: flags.quiet === true ? undefined : (done, total) => bar.update(done, total),
      onWarning: (w) => {
        bar.finish();
        warn(`warning: ${w}\n`);
      },
    });
  } finally {
    bar.finish();
  }
}

/** The seeds to run, `--seeds` of them from `--seed` (or the scenario's seed); refused before any run when the last would be past the largest seed. */
function seedsOf(flags: CompareFlags, scenario: Scenario): number[] {
  const first = flags.seed ?? scenario.seed;
  const problem = seedRangeProblem(first, flags.seed === undefined ? `the seed of ${scenario.file}` : '--seed', flags.seeds, '--seeds');
  if (problem !== undefined) throw new UsageError(problem);
  return Array.from({ length: flags.seeds }, (_, i) => first + i);
}

/** The `--mechanisms` list: known names, comma-separated, each once. */
function mechanismList(list: string): Mechanism[] {
  const names = list
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (names.length === 0) throw new UsageError('--mechanisms needs at least one mechanism');
  const unknown = names.find((m) => !(mechanisms as readonly string[]).includes(m));
  if (unknown !== undefined) throw new UsageError(`--mechanisms: unknown mechanism "${unknown}" — known: ${mechanisms.join(', ')}`);
  return names as Mechanism[];
}

/** The metrics asked for with --metric, or undefined for the default set. */
function metricsOf(flags: CompareFlags): string[] | undefined {
  return flags.metric.length === 0 ? undefined : flags.metric;
}

function nameOf(source: string | Policy): string {
  return typeof source === 'string' ? source : source.name;
}
