import { resolve } from 'node:path';
import { isPolicyPath } from '../policy/registry.js';
import type { Scenario } from '../scenario/scenario.js';

/** An input of a command, as an output that would overwrite it names it ("the scenario"), and its path. */
export type CommandInput = readonly [what: string, path: string];

/**
 * The files a scenario reads: the scenario itself and the data files it
 * names (traces, node lists, price series, RTT matrices, …), found by the
 * fields that hold them (`file`, `rttMsFile`) and resolved as the scenario
 * resolves them, against its directory. No output may replace one.
 */
export function scenarioInputs(scenario: Scenario): CommandInput[] {
  const inputs: CommandInput[] = [['the scenario', scenario.file]];
  const visit = (value: unknown, top: boolean): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, false);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, field] of Object.entries(value)) {
      // The top level's `file` is the scenario's own path, already listed; its warnings name files only for messages.
      if (top && key === 'warnings') continue;
      if (typeof field === 'string' && (key === 'rttMsFile' || (key === 'file' && !top))) inputs.push([`the scenario's data file ${field}`, resolve(scenario.baseDir, field)]);
      else if (typeof field === 'object') visit(field, false);
    }
  };
  visit(scenario, true);
  return inputs;
}

/** The policy (or rule) modules among `specs` (names as given on the command line, or in a file at `baseDir`), as inputs. */
export function moduleInputs(specs: readonly string[], baseDir = process.cwd()): CommandInput[] {
  return specs.filter(isPolicyPath).map((spec) => [`the module ${spec}`, resolve(baseDir, spec)] as const);
}
