import { Command, CommanderError } from 'commander';
import { policyNames } from '../policy/registry.js';
import { policyNameLists } from '../policy/brain/brain-policy-names.js';
import { groupDigits } from '../report/format-number.js';
import { loadScenarioFile } from '../scenario/parse-scenario.js';
import { formatProblem, InputError } from '../scenario/problem.js';
import { EXIT_BAD_INPUT, EXIT_OK, reportError } from './exit-codes.js';
import { scanTraces } from '../workload/trace/scan-traces.js';
import { quietOption, warner } from './common-options.js';
import { packageVersion } from './package-root.js';
import type { ProgressStream } from './progress-bar.js';
import { addRunCommand } from './run-command.js';
import { timedRunner } from './timed-command.js';

/** Where the CLI writes: process.stdout and process.stderr, or a buffer in tests. */
export interface TextSink {
  write(text: string): boolean;
}

/**
 * The `manychip` command line. Thin by design: every command is a library
 * call plus reading arguments and printing. Returns the exit code instead of
 * exiting, so tests can drive it in-process.
 */
export async function main(argv: readonly string[], out: TextSink = process.stdout, err: ProgressStream = process.stderr): Promise<number> {
  const debug = argv.includes('--debug');
  const write = (text: string): boolean => out.write(text);
  const writeErr = (text: string): boolean => err.write(text);
  let exitCode = EXIT_OK;
  // A command given --timeout runs this same command line again, on a worker thread it can stop.
  const timed = timedRunner(argv, out, err);

  const program = new Command()
    .name('manychip')
    .description('Discrete-event simulator of compute scheduling across heterogeneous chips.')
    .version(packageVersion(), '-V, --version', 'print the version of manychip')
    .option('--debug', 'show stack traces for errors')
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: writeErr });

  addRunCommand(program, write, writeErr, timed);

  // The other commands' modules load only when one of them may be asked for (any command but these, or help, lists them all).
  if (!['run', 'validate', 'schema'].includes(argv.find((a) => !a.startsWith('-')) ?? '')) {
    (await import('./compare-command.js')).addCompareCommand(program, write, err, timed);
    (await import('./sweep-command.js')).addSweepCommands(program, write, err);
    (await import('./bench-command.js')).addBenchCommand(program, write, err);
    (await import('./import-command.js')).addImportCommand(program, write);
  }

  program
    .command('validate')
    .description('check a scenario file without running it')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--strict', 'make warnings errors: what a run would run into (classes no pool can run, ...), and malformed trace rows (default: count them)')
    .addOption(quietOption())
    .action((file: string, opts: { strict?: boolean; quiet?: boolean }) => {
      const warn = warner(writeErr, opts.quiet);
      const scenario = loadScenarioFile(file, policyNameLists());
      if (opts.strict === true && scenario.warnings.length > 0) throw new InputError(scenario.warnings);
      for (const warning of scenario.warnings) warn(`warning: ${formatProblem(warning)}\n`);
      const count = (n: number, noun: string): string => `${groupDigits(n)} ${noun}${n === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
      // Traces are read through here as a run would read them, so their bad rows show before any run.
      const traces = scanTraces(scenario, { strict: opts.strict === true });
      for (const t of traces) for (const warning of t.warnings) warn(`warning: ${warning}\n`);
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
