import { isModulePath } from '../scenario/check-elastic.js';
import type { Scenario } from '../scenario/scenario.js';
import { RuleError } from '../policy/elastic-rules/rule-error.js';
import { ruleModuleProblem, type RuleModule } from '../policy/elastic-rules/user-rule.js';
import { importDefault } from './import-module.js';

/**
 * The scaling-rule modules a scenario's elastic pools name (`rule:
 * ./my-rule.js`), loaded once each and checked for the rule shape, by the
 * path as the scenario writes it; paths resolve against the scenario's
 * directory. Pass the map as the run's `rules`. A module that is missing,
 * throws as it loads or exports no rule is a `RuleError` naming it.
 */
export async function loadRules(scenario: Scenario): Promise<Map<string, RuleModule>> {
  const rules = new Map<string, RuleModule>();
  for (const site of scenario.sites) {
    for (const pool of site.pools) {
      const spec = pool.elastic?.rule;
      if (spec === undefined || !isModulePath(spec) || rules.has(spec)) continue;
      const exported = await importDefault(spec, scenario.baseDir, 'rule', (message, cause) => new RuleError(spec, message, { cause }));
      const problem = ruleModuleProblem(exported);
      if (problem !== undefined) throw new RuleError(spec, problem);
      rules.set(spec, exported as RuleModule);
    }
  }
  return rules;
}
