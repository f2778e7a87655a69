import { Command, CommanderError, Option } from 'commander';
import { parseIdList, parseNonNegative } from './parse-options.js';
import { policyNameLists } from '../policy/brain/brain-policy-names.js';
import { policyNames } from '../policy/registry.js';
import { groupDigits } from '../report/format-number.js';
import { loadScenarioFile } from '../scenario/parse-scenario.js';
import { formatProblem, InputError } from '../scenario/problem.js';
import { EXIT_BAD_INPUT, EXIT_OK, reportError } from './exit-codes.js';
import type { RunOutputOptions } from './run-outputs.js';
import type { OutputFile } from '../io/output-file.js';
import { scanTraces } from '../workload/trace/scan-traces.js';

/** Where the CLI writes: process.stdout and process.stderr, or a buffer in tests. */
export interface TextSink {
  write(text: string): boolean;
}

/**
 * The `manychip` command line. Thin by design: every command is a library
 * call plus reading arguments and printing. Returns the exit code instead of
 * exiting, so tests can drive it in-process.
 */
export async function main(argv: readonly string[], out: TextSink = process.stdout, err: TextSink = process.stderr): Promise<number> {
  const debug = argv.includes('--debug');
  const write = (text: string): boolean => out.write(text);
  const writeErr = (text: string): boolean => err.write(text);
  let exitCode = EXIT_OK;

  const program = new Command()
    .name('manychip')
    .description('Discrete-event simulator of compute scheduling across heterogeneous chips.')
    .option('--debug', 'show stack traces for errors')
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: writeErr });

  program
    .command('run')
    .description('run a scenario and print its results')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--seed <n>', 'master seed (overrides the scenario)', parseNonNegative)
    .option('--policy <name>', `scheduling policy (overrides the scenario): ${policyNames().join(', ')}, or a module path (./my-policy.js)`)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--jobs <file>', 'also write one CSV row per job to <file>')
    .option('--trace <file>', 'also write the schedule as a Chrome trace (open it in ui.perfetto.dev) to <file>')
    .option('--trace-limit <n>', 'most events in the trace (default 1000000)', parseNonNegative)
    .option('--report <file>', 'also write an HTML report (self-contained, charts inline)')
    .option('--strict', 'fail on the first malformed trace row (default: skip and count them)')
    .option('--explain <ids>', 'why each decision about these jobs (comma-separated ids) came out as it did', parseIdList)
    .option('--explain-sample <n>', 'the same for a uniform sample of n jobs', parseNonNegative)
    .option('--exact', 'exact quantiles from every value (default: a sketch, within 0.5%, in memory independent of the number of jobs)')
    .action(async (file: string, opts: { seed?: number; policy?: string; format: 'table' | 'json'; report?: string; strict?: boolean; explain?: string[]; explainSample?: number; exact?: boolean } & RunOutputOptions) => {
      const { loadPolicySource, loadScenarioModules, loadRules, RunOutputs, OutputFile, simulate, whyOfSlowest, summarize, resultsTable, explanationsText, chipKindsOf, renderRunReport } = await runModules();
      // A --policy given on the command line replaces the scenario's, so only then is the file's name not checked.
      const scenario = loadScenarioFile(file, policyNameLists(opts.policy !== undefined));
      for (const warning of scenario.warnings) writeErr(`warning: ${formatProblem(warning)}\n`);
      // A module named in the scenario resolves against the scenario's directory; one on the command line, against ours.
      // Loaded as a source (a name or a Policy), not a scheduler: under a brain each site makes its own from it.
      const policy = opts.policy === undefined ? await loadPolicySource(scenario.policy, scenario.baseDir) : await loadPolicySource(opts.policy);
      const modules = await loadScenarioModules(scenario);
      const rules = await loadRules(scenario);
      const outputs = RunOutputs.open(opts);
      let report: OutputFile | undefined;
      try {
        report = opts.report === undefined ? undefined : OutputFile.open(opts.report, '--report');
        const observe = outputs.observe;
        const run = simulate(scenario, {
          policy,
          modules,
          rules,
          strict: opts.strict === true,
          ...(opts.seed === undefined ? {} : { seed: opts.seed }),
          ...(observe === undefined ? {} : { observe }),
          ...(opts.explain === undefined && opts.explainSample === undefined ? {} : { explain: { ids: opts.explain ?? [], sample: opts.explainSample ?? 0 } }),
          // issue 20: statistics stream as jobs end and their slots are recycled; the outputs stream too.
          keepJobs: false,
          quantiles: opts.exact === true ? 'exact' : 'sketch',
        });
        for (const warning of run.warnings) writeErr(`warning: ${warning}\n`);
        outputs.write(run, writeErr);
        const results = summarize(run);
        if (report !== undefined) {
          // The same source: the second run, which explains the slowest jobs, makes fresh schedulers of it.
          const slowest = whyOfSlowest(scenario, run, { policy, modules, rules, strict: opts.strict === true });
          report.write([await renderRunReport(results, chipKindsOf(scenario), slowest)]);
          report.commit();
        }
        write(opts.format === 'json' ? `${JSON.stringify(results, null, 2)}\n` : resultsTable(results));
        if (opts.format !== 'json' && results.explanations !== undefined) write(`\n${explanationsText(results.explanations)}`);
      } finally {
        outputs.close();
        report?.abort();
      }
    });

  // The other commands' modules load only when one of them may be asked for (any command but these, or help, lists them all).
  if (!['run', 'validate', 'schema'].includes(argv.find((a) => !a.startsWith('-')) ?? '')) {
    (await import('./compare-command.js')).addCompareCommand(program, write, err);
    (await import('./sweep-command.js')).addSweepCommands(program, write, err);
    (await import('./bench-command.js')).addBenchCommand(program, write, err);
    (await import('./import-command.js')).addImportCommand(program, write);
  }

  program
    .command('validate')
    .description('check a scenario file without running it')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--strict', 'make warnings errors: what a run would run into (classes no pool can run, ...), and malformed trace rows (default: count them)')
    .action((file: string, opts: { strict?: boolean }) => {
      const scenario = loadScenarioFile(file, policyNameLists());
      if (opts.strict === true && scenario.warnings.length > 0) throw new InputError(scenario.warnings);
      for (const warning of scenario.warnings) writeErr(`warning: ${formatProblem(warning)}\n`);
      const count = (n: number, noun: string): string => `${groupDigits(n)} ${noun}${n === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
      // Traces are read through here as a run would read them, so their bad rows show before any run.
      const traces = scanTraces(scenario, { strict: opts.strict === true });
      for (const t of traces) for (const warning of t.warnings) writeErr(`warning: ${warning}\n`);
      const read = traces.map((t) => `, ${t.file}: ${count(t.jobs, 'job')}`).join('');
      write(`${file}: ok (${count(scenario.sites.length, 'site')}, ${count(Object.keys(scenario.classes).length, 'class')}${read})\n`);
    });

  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors: yaml-language-server)')
    .action(async () => {
      const { scenarioJsonSchema } = await import('../scenario/json-schema.js');
      write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    });

  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already printed its message (or the help text).
      return e.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    exitCode = reportError(e, debug, writeErr);
  }
  return exitCode;
}

/**
 * What `run` needs beyond parsing the scenario, loaded when it runs: the
 * simulation, the summary and the outputs are more code than all the rest
 * of start-up, and `validate` needs none of it (BENCHMARKS.md, start-up).
 */
async function runModules() {
  const [loader, modules, rules, outputs, io, runScenario, summary, table, explanations, compare, report] = await Promise.all([
    import('../loader/load-policy.js'),
    import('../loader/load-scenario-modules.js'),
    import('../loader/load-rules.js'),
    import('./run-outputs.js'),
    import('../io/output-file.js'),
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
    simulate: runScenario.simulate,
    whyOfSlowest: runScenario.whyOfSlowest,
    summarize: summary.summarize,
    resultsTable: table.resultsTable,
    explanationsText: explanations.explanationsText,
    chipKindsOf: compare.chipKindsOf,
    renderRunReport: report.renderRunReport,
  };
}
