import { Option, type Command } from 'commander';
import { parseNonNegative, parsePositive, policySpecs } from './parse-options.js';
import { benchPolicies, type PolicyBenchmark } from '../bench/bench-policies.js';
import type { Policy } from '../policy/policy.js';
import { loadPolicySource } from '../loader/load-policy.js';
import { policyNames } from '../policy/registry.js';
import { benchPoliciesTable } from '../report/bench-policies-table.js';
import { loadScenarioFile } from '../scenario/parse-scenario.js';
import { ProgressBar, type ProgressStream } from './progress-bar.js';

interface BenchFlags {
  policies: string;
  seed?: number;
  rounds: number;
  format: 'table' | 'json';
  quiet?: boolean;
}

/** Adds `manychip bench` to the program: argument parsing and output only; the work is `benchPolicies()`. */
export function addBenchCommand(program: Command, out: (text: string) => void, err: ProgressStream): void {
  program
    .command('bench')
    .description('benchmark policies on a scenario: decisions/s and events/s per policy, and as a share of a calibration loop')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .requiredOption('--policies <list>', `comma-separated policies: ${policyNames().join(', ')}, or module paths (./my-policy.js)`)
    .option('--seed <n>', 'seed of every run (default: the scenario seed)', parseNonNegative)
    .option('--rounds <n>', 'runs per policy; figures are medians', parsePositive, 3)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--quiet', 'no progress bar')
    .action(async (file: string, flags: BenchFlags) => {
      const specs = policySpecs(flags.policies);
      const scenario = loadScenarioFile(file, {});
      // Modules load once; every run makes a fresh scheduler from what they export.
      const sources: (string | Policy)[] = [];
      for (const spec of specs) sources.push(await loadPolicySource(spec));
      const bar = new ProgressBar(err, 'bench');
      let result: PolicyBenchmark;
      try {
        result = benchPolicies(scenario, {
          policies: sources,
          rounds: flags.rounds,
          ...(flags.seed === undefined ? {} : { seed: flags.seed }),
          ...(flags.quiet === true ? {} : { onProgress: (done: number, total: number) => bar.update(done, total) }),
        });
      } finally {
        bar.finish();
      }
      out(flags.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : benchPoliciesTable(result));
    });
}
