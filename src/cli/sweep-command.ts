import { basename, extname } from 'node:path';
import { Option, type Command } from 'commander';
import type { SweepSummary } from '../sweep/aggregate.js';
import { mergeSweeps, summarizeFile } from '../sweep/merge.js';
import { parseShard } from '../sweep/shard.js';
import { outputStem, planSweep, type SweepPlan } from '../sweep/sweep-plan.js';
import { sweepTable } from '../report/sweep-table.js';
import { checkDistinctOutputs, checkOutputsSpareInputs, OutputFile, type NamedPath } from '../io/output-file.js';
import { holdsSweepRows } from '../io/output-kind.js';
import { moduleInputs, scenarioInputs, type CommandInput } from './command-inputs.js';
import { parseNonNegative, parsePositive, policySpecs } from './parse-options.js';
import { ProgressBar, type ProgressStream } from './progress-bar.js';
import { renderSweepReport } from './load-html-report.js';
import { InterruptedError, UsageError } from '../errors.js';
import { RESUME_OR_FORCE, runSweep } from '../sweep/run-sweep.js';
import { quietOption, timeoutOption, warner } from './common-options.js';
import { abortOnInterrupt } from './interrupt.js';
import { resumeCommand } from './resume-command.js';

interface SweepFlags {
  set: string[];
  policies?: string;
  seeds?: number;
  seed?: number;
  output?: string;
  workers?: number;
  resume?: boolean;
  force?: boolean;
  shard?: string;
  strict?: boolean;
  lean?: boolean;
  format: 'table' | 'json';
  report?: string;
  quiet?: boolean;
  timeout?: number;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `manychip sweep` and `manychip merge`: argument parsing and output only; the work is in src/sweep. */
export function addSweepCommands(program: Command, out: (text: string) => void, err: ProgressStream): void {
  program
    .command('sweep')
    .description('run a scenario over a matrix of overrides × policies × seeds, on every core, into a JSONL file')
    .argument('<file>', 'a sweep file (scenario, matrix, policies, seeds) or a scenario file to sweep with --set')
    .option('--set <path=v1,v2,...>', 'sweep a scenario field over values (repeatable), e.g. workload[0].arrivals.rate=100,200,400', collect, [])
    .option('--policies <list>', 'comma-separated policies (replaces the file’s)')
    .option('--seeds <n>', 'number of seeds (replaces the file’s)', parsePositive)
    .option('--seed <n>', 'first seed (default: the scenario seed)', parseNonNegative)
    .option('-o, --output <file>', 'JSONL file the runs are appended to (default <name>.jsonl, or <name>.shard-<i>-of-<n>.jsonl, in the current directory, with / \\ < > : " | ? * and control characters of the name as _)')
    .option('--workers <n>', 'worker threads (default: one per core; 0 runs in this thread)', parseNonNegative)
    .option('--resume', 'skip the runs already in the output and do the rest')
    .option('--force', 'overwrite an existing output')
    .option('--shard <i/n>', 'run the i-th of n slices (0-based); k8s/n, slurm/n or env/n take i from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID')
    .option('--strict', 'fail on the first malformed trace row')
    .option('--lean', 'lean rows: no time series, sketches instead of quantile arrays (a few kB a row)')
    .addOption(new Option('--format <format>', 'how to print the aggregates').choices(['table', 'json']).default('table'))
    .option('--report <file>', 'also write an HTML report: each metric against the swept parameter, per policy')
    .addOption(quietOption('no progress bar and no warnings (errors are still shown)'))
    .addOption(timeoutOption('most seconds one run may take: a run that takes longer is stopped, recorded as timed out in the JSONL, and the sweep goes on'))
    .action(async (file: string, flags: SweepFlags) => {
      if (flags.resume === true && flags.force === true) throw new UsageError(RESUME_OR_FORCE);
      const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
      const plan = planSweep(file, {
        set: flags.set,
        ...(flags.policies === undefined ? {} : { policies: policySpecs(flags.policies) }),
        ...(flags.seeds === undefined ? {} : { seeds: flags.seeds }),
        ...(flags.seed === undefined ? {} : { seed: flags.seed }),
      });
      const stem = outputStem(plan.name);
      const output = flags.output ?? (shard === undefined ? `${stem}.jsonl` : `${stem}.shard-${shard.index}-of-${shard.count}.jsonl`);
      const outputs: NamedPath[] = [
        ['--output', output],
        ['--report', flags.report],
      ];
      checkDistinctOutputs(outputs);
      checkOutputsSpareInputs(outputs, sweepInputs(plan));
      const report = flags.report === undefined ? undefined : OutputFile.open(flags.report, '--report');
      const bar = new ProgressBar(err, 'sweep');
      const warn = warner((text) => err.write(text), flags.quiet);
      // Ctrl-C stops the sweep in order: the rows written stay, and the message says how to go on.
      const interrupt = abortOnInterrupt();
      try {
        const outcome = await runSweep(plan, {
          output,
          ...(flags.workers === undefined ? {} : { workers: flags.workers }),
          resume: flags.resume === true,
          force: flags.force === true,
          ...(shard === undefined ? {} : { shard }),
          strict: flags.strict === true,
          lean: flags.lean === true,
          onProgress: flags.quiet === true ? undefined : (done, total) => bar.update(done, total),
          onWarning: (w) => warn(`warning: ${w}\n`),
          ...(flags.timeout === undefined ? {} : { timeoutS: flags.timeout }),
          signal: interrupt.signal,
        });
        bar.finish();
        // The reader of the rows has gone (`-o /dev/stdout | head`): its choice, as for standard output.
        if (outcome.readerGone) return;
        if (outcome.interrupted) {
          const done = outcome.skipped + outcome.ran;
          throw new InterruptedError(`interrupted: ${done} of ${outcome.inShard} runs done, their rows in ${output}; to do the other ${outcome.inShard - done}, run:\n  ${resumeCommand(file, output, flags)}`);
        }
        const where = shard === undefined ? '' : `shard ${shard.index}/${shard.count}: `;
        err.write(`${where}${outcome.ran} run${outcome.ran === 1 ? '' : 's'} done${outcome.skipped > 0 ? `, ${outcome.skipped} already in ${output}` : ''}; rows in ${output}\n`);
        if (outcome.timedOut > 0) err.write(`${timedOutLine(outcome.timedOut, output)}\n`);
        if (!outcome.outputIsFile) {
          // A device or a pipe cannot be read back for the aggregates.
          err.write(`${output} is not a regular file: no aggregates${report === undefined ? '' : ' and no report'}; write the rows to a file for them\n`);
          return;
        }
        if (shard !== undefined && shard.count > 1) {
          const pattern = flags.output === undefined ? `${stem}.shard-*-of-${shard.count}.jsonl` : `<the ${shard.count} shards' files>`;
          err.write(`merge the ${shard.count} shards' files with: manychip merge ${pattern} -o ${stem}.jsonl\n`);
          report?.abort();
          return;
        }
        const summary = summarizeFile(output);
        await print(summary, flags.format, out, report);
      } finally {
        interrupt.release();
        bar.finish();
        report?.abort();
      }
    });

  program
    .command('merge')
    .description('combine the JSONL files of a sweep’s shards, checking that no run is missing or doubled')
    .argument('<files...>', 'JSONL files written by manychip sweep')
    .option('-o, --output <file>', 'write the merged rows here')
    .addOption(new Option('--format <format>', 'how to print the aggregates').choices(['table', 'json']).default('table'))
    .option('--report <file>', 'also write an HTML report of the whole sweep')
    .action(async (files: string[], flags: { output?: string; format: 'table' | 'json'; report?: string }) => {
      const outputs: NamedPath[] = [
        ['--output', flags.output],
        ['--report', flags.report],
      ];
      checkDistinctOutputs(outputs);
      checkOutputsSpareInputs(outputs, files.map((f) => [`${f}, one of the files being merged`, f]));
      const report = flags.report === undefined ? undefined : OutputFile.open(flags.report, '--report');
      try {
        const merged = mergeSweeps(files, flags.output);
        err.write(`${merged.runs} runs from ${merged.files} file${merged.files === 1 ? '' : 's'}, none missing or doubled${flags.output === undefined ? '' : `; rows in ${flags.output}`}\n`);
        await print(merged.summary, flags.format, out, report);
      } finally {
        report?.abort();
      }
    });
}

/** What a sweep reads: its file, the scenario and the scenario's data files, and the policy modules. */
function sweepInputs(plan: SweepPlan): CommandInput[] {
  // Every variant's files: a --set may point a data file elsewhere in some of them (each path once, as first named).
  const byPath = new Map<string, CommandInput>();
  for (const variant of plan.variants) for (const input of scenarioInputs(variant.scenario)) if (!byPath.has(input[1])) byPath.set(input[1], input);
  const scenario = [...byPath.values()];
  // The scenario first: swept with --set alone, it is the sweep's file too, and named as the scenario.
  return [...scenario, ['the sweep file', plan.file], ...moduleInputs(plan.policySources)];
}

/** Prints a sweep's aggregates, and writes its report if asked. */
export async function print(summary: SweepSummary, format: 'table' | 'json', out: (text: string) => void, report: OutputFile | undefined): Promise<void> {
  if (report !== undefined) {
    report.write([await renderSweepReport(summary)]);
    report.commit();
  }
  if (format === 'json') {
    out(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const timedOut = summary.timedOut === 0 ? '' : `${summary.timedOut} of the ${summary.runs} runs timed out (--timeout) and are left out of these figures\n`;
  out(`${sweepTable(summary)}${timedOut}`);
}

/** The line that says runs timed out: they are in the file, without results, and left out of the aggregates. */
function timedOutLine(count: number, file: string): string {
  return `${count} run${count === 1 ? '' : 's'} timed out (--timeout): in ${file} with "timedOut" (the policy hook each was in) instead of results, and left out of the aggregates`;
}

/**
 * Whether a file given to compare is a sweep's JSONL output rather than a
 * scenario: by its name, or (renamed, or never named so) by its first line.
 */
export function isSweepOutput(file: string): boolean {
  return extname(file) === '.jsonl' || basename(file).endsWith('.jsonl.gz') || holdsSweepRows(file);
}
