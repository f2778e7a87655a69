import { Option, type Command } from 'commander';
import { chipKindsOf } from '../compare/compare.js';
import { comparisonOfRun } from '../compare/comparison.js';
import { OutputFile } from '../io/output-file.js';
import { summarize } from '../metrics/summarize.js';
import { loadPolicy } from '../policy-loader/load-policy.js';
import { policyNames } from '../policy/registry.js';
import { resultsTable } from '../report/results-table.js';
import { simulate } from '../run-scenario.js';
import { loadScenarioFile } from '../scenario/parse-scenario.js';
import { formatProblem } from '../scenario/problem.js';
import { CommandOutput } from './command-output.js';
import { outputOption, quietOption, timeoutOption, warner } from './common-options.js';
import { renderHtmlReport } from './load-html-report.js';
import { parseNonNegative } from './parse-options.js';
import { RunOutputs, type RunOutputOptions } from './run-outputs.js';
import type { TimedRunner } from './timed-command.js';

interface RunFlags extends RunOutputOptions {
  seed?: number;
  policy?: string;
  format: 'table' | 'json';
  strict?: boolean;
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
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--jobs <file>', 'also write one CSV row per job to <file>')
    .option('--trace <file>', 'also write the schedule as a Chrome trace (open it in ui.perfetto.dev) to <file>')
    .option('--trace-limit <n>', 'most events in the trace (default 1000000)', parseNonNegative)
    .option('--report <file>', 'also write an HTML report (self-contained, charts inline)')
    .option('--strict', 'fail on the first malformed trace row (default: skip and count them)')
    .addOption(outputOption('the results (table or JSON)'))
    .addOption(quietOption())
    .addOption(timeoutOption('stop the run if it takes longer than <s> seconds (exit 4), naming the policy hook it was in'))
    .action(async (file: string, opts: RunFlags) => {
      if (await timed(opts.timeout, 'run')) return;
      const warn = warner(err, opts.quiet);
      // A --policy given on the command line replaces the scenario's, so only then is the file's name not checked.
      const scenario = loadScenarioFile(file, opts.policy === undefined ? { policyNames: policyNames() } : {});
      for (const warning of scenario.warnings) warn(`warning: ${formatProblem(warning)}\n`);
      // A module named in the scenario resolves against the scenario's directory; one on the command line, against ours.
      const policy = opts.policy === undefined ? await loadPolicy(scenario.policy, scenario.baseDir) : await loadPolicy(opts.policy);
      // Every file is opened before the run: a path that cannot be written fails now, not after it.
      const outputs = RunOutputs.open(opts);
      let report: OutputFile | undefined;
      let results: CommandOutput | undefined;
      try {
        report = opts.report === undefined ? undefined : OutputFile.open(opts.report, '--report');
        results = CommandOutput.open(opts.output, out);
        const observe = outputs.observe;
        const run = simulate(scenario, {
          policy,
          strict: opts.strict === true,
          ...(opts.seed === undefined ? {} : { seed: opts.seed }),
          ...(observe === undefined ? {} : { observe }),
        });
        for (const warning of run.warnings) warn(`warning: ${warning}\n`);
        outputs.write(run, warn);
        const summary = summarize(run);
        if (report !== undefined) {
          report.write([await renderHtmlReport(comparisonOfRun(summary, chipKindsOf(scenario)))]);
          report.commit();
        }
        results.write(opts.format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : resultsTable(summary));
      } finally {
        outputs.close();
        report?.abort();
        results?.abort();
      }
    });
}
