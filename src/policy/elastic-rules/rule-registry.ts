import type { ElasticModel } from '../../model/cluster-model.js';
import { demandRule } from './demand.js';
import type { ElasticRule } from './elastic-rule.js';
import { queueLengthRule } from './queue-length.js';
import { RuleError } from './rule-error.js';
import { scheduleRule } from './schedule.js';
import { targetUtilisationRule } from './target-utilisation.js';
import { userRule, type RuleModule } from './user-rule.js';

/**
 * The rule an elastic pool names, made for one pool of one run: a built-in
 * by name, or a module the caller loaded (`loader/load-rule.ts`), looked up
 * by the path as the scenario writes it.
 */
export function ruleFor(spec: ElasticModel, poolName: string, modules: ReadonlyMap<string, RuleModule>): ElasticRule {
  switch (spec.rule) {
    case 'demand':
      return demandRule();
    case 'target-utilisation':
      return targetUtilisationRule(spec.targetUtilisation);
    case 'queue-length':
      return queueLengthRule(spec.queueLength);
    case 'schedule':
      if (spec.schedule === undefined) throw new RuleError(spec.rule, `pool ${poolName} has no schedule steps`);
      return scheduleRule(spec.schedule);
    default: {
      const module = modules.get(spec.rule);
      if (module === undefined) throw new RuleError(spec.rule, `pool ${poolName} names it, but it was not loaded: load rule modules with loadRules(scenario) and pass them as the run's rules`);
      return userRule(spec.rule, module, poolName);
    }
  }
}
