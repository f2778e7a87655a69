import { isModulePath } from '../scenario/module-path.js';
import type { Scenario } from '../scenario/scenario.js';
import { RuleError } from '../policy/elastic-rules/rule-error.js';
import { ruleModuleProblem, type RuleModule } from '../policy/elastic-rules/user-rule.js';
import { importDefault } from './import-module.js';

/**
 * The scaling-rule modules a scenario's elastic pools name (`rule:
 * ./my-rule.js`), loaded once each and checked for the rule shape, by the
 * path as the scenario writes it; paths resolve against the scenario's
 * directory; `more` (rules to compare) against `moreBaseDir`. Pass the
 * map as the run's `rules`. A module that is missing,
 * throws as it loads or exports no rule is a `RuleError` naming it.
 */
export async function loadRules(scenario: Scenario, more: readonly string[] = [], moreBaseDir = process.cwd()): Promise<Map<string, RuleModule>> {
  const rules = new Map<string, RuleModule>();
  const load = async (spec: string, baseDir: string): Promise<void> => {
    if (!isModulePath(spec) || rules.has(spec)) return;
    const exported = await importDefault(spec, baseDir, 'rule', (message, cause) => new RuleError(spec, message, { cause }));
    const problem = ruleModuleProblem(exported);
    if (problem !== undefined) throw new RuleError(spec, problem);
    rules.set(spec, exported as RuleModule);
  };
  for (const site of scenario.sites) for (const pool of site.pools) if (pool.elastic !== undefined) await load(pool.elastic.rule, scenario.baseDir);
  // Rules named elsewhere (`compare --rules`) resolve against their own directory, the working one by default.
  for (const spec of more) await load(spec, moreBaseDir);
  return rules;
}
