import { Command, CommanderError, Option } from 'commander';
import { parseIdList, parseNonNegative } from './parse-options.js';
import { explanationsText } from '../report/explanations-text.js';
import { summarize } from '../metrics/summarize.js';
import { loadPolicySource } from '../loader/load-policy.js';
import { loadScenarioModules } from '../loader/load-scenario-modules.js';
import { policyNameLists } from '../policy/brain/brain-registry.js';
import { policyNames } from '../policy/registry.js';
import { resultsTable } from '../report/results-table.js';
import { simulate } from '../run-scenario.js';
import { loadScenarioFile } from '../scenario/parse-scenario.js';
import { formatProblem, InputError } from '../scenario/problem.js';
import { scenarioJsonSchema } from '../scenario/json-schema.js';
import { EXIT_BAD_INPUT, EXIT_OK, reportError } from './exit-codes.js';
import { RunOutputs, type RunOutputOptions } from './run-outputs.js';
import { addCompareCommand } from './compare-command.js';
import { addSweepCommands } from './sweep-command.js';
import { addBenchCommand } from './bench-command.js';
import { addImportCommand } from './import-command.js';
import { OutputFile } from '../io/output-file.js';
import { comparisonOfRun } from '../compare/comparison.js';
import { chipKindsOf } from '../compare/compare.js';
import { renderHtmlReport } from './load-html-report.js';
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
    .action(async (file: string, opts: { seed?: number; policy?: string; format: 'table' | 'json'; report?: string; strict?: boolean; explain?: string[]; explainSample?: number } & RunOutputOptions) => {
      // A --policy given on the command line replaces the scenario's, so only then is the file's name not checked.
      const scenario = loadScenarioFile(file, policyNameLists(opts.policy !== undefined));
      for (const warning of scenario.warnings) writeErr(`warning: ${formatProblem(warning)}\n`);
      // A module named in the scenario resolves against the scenario's directory; one on the command line, against ours.
      const policy = opts.policy === undefined ? await loadPolicySource(scenario.policy, scenario.baseDir) : await loadPolicySource(opts.policy);
      const modules = await loadScenarioModules(scenario);
      const outputs = RunOutputs.open(opts);
      let report: OutputFile | undefined;
      try {
        report = opts.report === undefined ? undefined : OutputFile.open(opts.report, '--report');
        const observe = outputs.observe;
        const run = simulate(scenario, {
          policy,
          modules,
          strict: opts.strict === true,
          ...(opts.seed === undefined ? {} : { seed: opts.seed }),
          ...(observe === undefined ? {} : { observe }),
          ...(opts.explain === undefined && opts.explainSample === undefined ? {} : { explain: { ids: opts.explain ?? [], sample: opts.explainSample ?? 0 } }),
        });
        for (const warning of run.warnings) writeErr(`warning: ${warning}\n`);
        outputs.write(run, writeErr);
        const results = summarize(run);
        if (report !== undefined) {
          report.write([await renderHtmlReport(comparisonOfRun(results, chipKindsOf(scenario)))]);
          report.commit();
        }
        write(opts.format === 'json' ? `${JSON.stringify(results, null, 2)}\n` : resultsTable(results));
        if (opts.format !== 'json' && results.explanations !== undefined) write(`\n${explanationsText(results.explanations)}`);
      } finally {
        outputs.close();
        report?.abort();
      }
    });

  addCompareCommand(program, write, err);
  addSweepCommands(program, write, err);
  addBenchCommand(program, write, err);
  addImportCommand(program, write);

  program
    .command('validate')
    .description('check a scenario file without running it')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--strict', 'make warnings errors: what a run would run into (classes no pool can run, ...), and malformed trace rows (default: count them)')
    .action((file: string, opts: { strict?: boolean }) => {
      const scenario = loadScenarioFile(file, policyNameLists());
      if (opts.strict === true && scenario.warnings.length > 0) throw new InputError(scenario.warnings);
      for (const warning of scenario.warnings) writeErr(`warning: ${formatProblem(warning)}\n`);
      const count = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
      // Traces are read through here as a run would read them, so their bad rows show before any run.
      const traces = scanTraces(scenario, { strict: opts.strict === true });
      for (const t of traces) for (const warning of t.warnings) writeErr(`warning: ${warning}\n`);
      const read = traces.map((t) => `, ${t.file}: ${count(t.jobs, 'job')}`).join('');
      write(`${file}: ok (${count(scenario.sites.length, 'site')}, ${count(Object.keys(scenario.classes).length, 'class')}${read})\n`);
    });

  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors: yaml-language-server)')
    .action(() => {
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
