import { relative, resolve } from 'node:path';
import { isModulePath } from '../scenario/module-path.js';
import type { Scenario } from '../scenario/scenario.js';

/** An input of a command, as an output that would overwrite it names it ("the scenario"), and its path. */
export type CommandInput = readonly [what: string, path: string];

/**
 * The files a scenario reads: the scenario itself and every data file it
 * names (traces, node lists, price series, RTT matrices, …), as parsing
 * resolved and noted them. No output may replace one.
 */
export function scenarioInputs(scenario: Scenario): CommandInput[] {
  return [['the scenario', scenario.file], ...scenario.dataFiles.map((path) => [`the scenario's data file ${relative(scenario.baseDir, path) || path}`, path] as const)];
}

/** The policy (or rule) modules among `specs` (names as given on the command line, or in a file at `baseDir`), as inputs. */
export function moduleInputs(specs: readonly string[], baseDir = process.cwd()): CommandInput[] {
  return specs.filter(isModulePath).map((spec) => [`the module ${spec}`, resolve(baseDir, spec)] as const);
}
