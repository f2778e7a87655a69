import { basename, extname } from 'node:path';
import { Option, type Command } from 'commander';
import type { SweepSummary } from '../sweep/aggregate.js';
import { mergeSweeps, summarizeFile } from '../sweep/merge.js';
import { runSweep } from '../sweep/run-sweep.js';
import { parseShard } from '../sweep/shard.js';
import { planSweep } from '../sweep/sweep-plan.js';
import { sweepTable } from '../report/sweep-table.js';
import { OutputFile } from '../io/output-file.js';
import { parseNonNegative, parsePositive, policySpecs } from './parse-options.js';
import { ProgressBar, type ProgressStream } from './progress-bar.js';
import { renderSweepReport } from './load-html-report.js';

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
    .option('-o, --output <file>', 'JSONL file the runs are appended to (default <name>.jsonl, or <name>.shard-<i>-of-<n>.jsonl)')
    .option('--workers <n>', 'worker threads (default: one per core; 0 runs in this thread)', parseNonNegative)
    .option('--resume', 'skip the runs already in the output and do the rest')
    .option('--force', 'overwrite an existing output')
    .option('--shard <i/n>', 'run the i-th of n slices (0-based); k8s/n, slurm/n or env/n take i from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID')
    .option('--strict', 'fail on the first malformed trace row')
    .option('--lean', 'lean rows: no time series, sketches instead of quantile arrays (a few kB a row)')
    .addOption(new Option('--format <format>', 'how to print the aggregates').choices(['table', 'json']).default('table'))
    .option('--report <file>', 'also write an HTML report: each metric against the swept parameter, per policy')
    .option('--quiet', 'no progress bar')
    .action(async (file: string, flags: SweepFlags) => {
      const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
      const plan = planSweep(file, {
        set: flags.set,
        ...(flags.policies === undefined ? {} : { policies: policySpecs(flags.policies) }),
        ...(flags.seeds === undefined ? {} : { seeds: flags.seeds }),
        ...(flags.seed === undefined ? {} : { seed: flags.seed }),
      });
      const output = flags.output ?? (shard === undefined ? `${plan.name}.jsonl` : `${plan.name}.shard-${shard.index}-of-${shard.count}.jsonl`);
      const report = flags.report === undefined ? undefined : OutputFile.open(flags.report, '--report');
      const bar = new ProgressBar(err, 'sweep');
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
          onWarning: (w) => err.write(`warning: ${w}\n`),
        });
        bar.finish();
        const where = shard === undefined ? '' : `shard ${shard.index}/${shard.count}: `;
        err.write(`${where}${outcome.ran} run${outcome.ran === 1 ? '' : 's'} done${outcome.skipped > 0 ? `, ${outcome.skipped} already in ${output}` : ''}; rows in ${output}\n`);
        if (!outcome.outputIsFile) {
          // A device or a pipe cannot be read back for the aggregates.
          err.write(`${output} is not a regular file: no aggregates${report === undefined ? '' : ' and no report'}; write the rows to a file for them\n`);
          return;
        }
        if (shard !== undefined && shard.count > 1) {
          const pattern = flags.output === undefined ? `${plan.name}.shard-*-of-${shard.count}.jsonl` : `<the ${shard.count} shards' files>`;
          err.write(`merge the ${shard.count} shards' files with: manychip merge ${pattern} -o ${plan.name}.jsonl\n`);
          report?.abort();
          return;
        }
        const summary = summarizeFile(output);
        await print(summary, flags.format, out, report);
      } finally {
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

/** Prints a sweep's aggregates, and writes its report if asked. */
export async function print(summary: SweepSummary, format: 'table' | 'json', out: (text: string) => void, report: OutputFile | undefined): Promise<void> {
  if (report !== undefined) {
    report.write([await renderSweepReport(summary)]);
    report.commit();
  }
  out(format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : sweepTable(summary));
}

/** Whether a file given to compare is a sweep's JSONL output rather than a scenario. */
export function isSweepOutput(file: string): boolean {
  return extname(file) === '.jsonl' || basename(file).endsWith('.jsonl.gz');
}
