import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { importFormats, importTrace, isImportFormat, type ImportFacts } from '../import/index.js';
import { UsageError } from '../errors.js';
import { nameProblem } from '../scenario/data-shape.js';
import { checkOutputsSpareInputs, isRegularFile, OutputFile } from '../io/output-file.js';
import { packageRoot } from './package-root.js';
import { parsePositive } from './parse-options.js';
import { quietOption } from './common-options.js';

interface ImportFlags {
  quiet?: boolean;
  output?: string;
  force?: boolean;
  nodes?: string;
  scaleFactor?: number;
  name?: string;
}

/** Adds `manychip import` to the program: argument checks and file writing only; the work is `importTrace()`. */
export function addImportCommand(program: Command, out: (text: string) => void): void {
  program
    .command('import')
    .description('write a scenario skeleton (YAML) from a trace, to start from your own data')
    .argument('<format>', `trace format: ${importFormats.join(', ')}`)
    .argument('<file>', 'the trace: an SWF log, an Alibaba pod list (openb_pod_list_*.csv) or a Gavel throughput table (JSON)')
    .option('-o, --output <file>', 'write the scenario here instead of to standard output; paths in it are relative to its directory (on standard output they are absolute)')
    .option('--force', 'overwrite the --output file if it exists')
    .option('--nodes <file>', 'alibaba-pods: the node list (openb_node_list_*.csv); required')
    .option('--scale-factor <n>', 'gavel: GPUs per job of the measurements to import (default 1)', parsePositive)
    .option('--name <name>', 'scenario name (default: from the file name)')
    .addOption(quietOption('with --output, no summary line of what was imported (errors are still shown)'))
    .action((format: string, file: string, flags: ImportFlags) => {
      if (!isImportFormat(format)) throw new UsageError(`unknown import format "${format}" — known: ${importFormats.join(', ')}`);
      if (format === 'alibaba-pods' && flags.nodes === undefined) {
        throw new UsageError('alibaba-pods needs the cluster’s node list: give --nodes <file> (e.g. openb_node_list_all_node.csv beside the pod list)');
      }
      if (format !== 'alibaba-pods' && flags.nodes !== undefined) throw new UsageError('--nodes applies to alibaba-pods only');
      if (format !== 'gavel' && flags.scaleFactor !== undefined) throw new UsageError('--scale-factor applies to gavel only');
      if (flags.name !== undefined && flags.name.trim() === '') throw new UsageError('--name must not be empty');
      // The skeleton must pass validate: a name the scenario check refuses is refused here, before anything is read.
      const reserved = flags.name === undefined ? undefined : nameProblem(flags.name);
      if (reserved !== undefined) throw new UsageError(`--name: ${reserved}`);

      const target = flags.output;
      if (target !== undefined) {
        checkOutputsSpareInputs(
          [['--output', target]],
          [
            ['the trace being imported', file],
            ['the node list', flags.nodes],
          ],
        );
        // A directory or a device is not a scenario to keep: writing fails, or goes where the user sent it.
        if (isRegularFile(target) && flags.force !== true) throw new UsageError(`${target} exists; give --force to overwrite it`);
      }
      // Paths in the scenario are relative to its directory; on standard output, where it
      // will be saved is unknown, so they are absolute (and there is no schema line).
      const baseDir = target === undefined ? undefined : dirname(resolve(target));
      const output = target === undefined ? undefined : OutputFile.open(target, '--output');
      try {
        const { yaml, facts } = importTrace(format, file, {
          baseDir,
          schema: baseDir === undefined ? undefined : schemaPath(baseDir),
          name: flags.name,
          nodes: flags.nodes,
          scaleFactor: flags.scaleFactor,
        });
        if (output === undefined) {
          out(yaml);
          return;
        }
        output.write([yaml]);
        output.commit();
        if (flags.quiet !== true) out(`wrote ${target ?? ''}: ${summary(facts)}\n`);
      } finally {
        output?.abort();
      }
    });
}

/** One line on what was imported. */
function summary(facts: ImportFacts): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  switch (facts.format) {
    case 'swf':
      return `${n(facts.jobs)} jobs over ${(facts.spanS / 86400).toFixed(1)} days, ${n(facts.machineProcs)} processors`;
    case 'alibaba-pods':
      return `${n(facts.pods)} pods on ${n(facts.nodes.total)} nodes`;
    case 'gavel':
      return `${n(facts.classes)} classes at scale factor ${facts.scaleFactor} (placeholder cluster, arrivals and work)`;
  }
}

/**
 * The scenario schema as seen from `dir`, when `dir` lies inside this
 * package (a checkout): editors then check the file as it is written.
 * Outside it, a relative path would point nowhere, so there is none.
 */
function schemaPath(dir: string): string | undefined {
  const root = packageRoot();
  if (root === undefined || !existsSync(join(root, 'schema', 'scenario.schema.json'))) return undefined;
  const inside = dir === root || dir.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
  if (!inside) return undefined;
  const rel = relative(dir, join(root, 'schema', 'scenario.schema.json'));
  return sep === '\\' ? rel.split(sep).join('/') : rel;
}
