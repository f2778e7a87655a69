import type { PolicyNameLists } from './check-policies.js';
import type { Problem } from './problem.js';
import type { ExpandedScenarioData } from './scenario.js';

/** `policyOptions.onNoFit`, read by the node-level policies: wait for a node with room, or reject the job at once. */
export const onNoFitValues = ['wait', 'reject'] as const;
/** `policyOptions.tieBreak`, read by the node-level policies: equal scores settled by a random node order, or declaration order. */
export const tieBreakValues = ['random', 'order'] as const;

/**
 * Problems with the `policyOptions` that manychip's own policies read,
 * located in the file and naming the policy the file names. The options are
 * checked whatever that policy is, since `--policy` or `--policies` may run
 * another one with them.
 */
export function checkPolicyOptions(policy: string, options: Readonly<Record<string, unknown>>, at: (path: string[], message: string) => Problem): Problem[] {
  const problems: Problem[] = [];
  const check = (key: string, allowed: readonly string[]): void => {
    const value = options[key];
    if (value === undefined || allowed.includes(value as string)) return;
    problems.push(at(['policyOptions', key], `must be ${allowed.map((v) => JSON.stringify(v)).join(' or ')}, not ${JSON.stringify(value) ?? String(value)} (option of the node-level policies; this file's policy is "${policy}")`));
  };
  check('onNoFit', onNoFitValues);
  check('tieBreak', tieBreakValues);
  return problems;
}

/** The `policyOptions` keys manychip's own scheduling policies read: cost-latency's `weights`, the node-level policies' `onNoFit` and `tieBreak`. */
export const READ_POLICY_OPTIONS = ['weights', 'onNoFit', 'tieBreak'] as const;

/** The `brain.options` keys the built-in brain policies read: power-of-d's and late binding's `d`, cost-latency's `weights`. */
export const READ_BRAIN_OPTIONS = ['d', 'weights'] as const;

/**
 * Warnings for options that a built-in policy will run with and that no
 * built-in policy reads: most likely a misspelt key (`wieghts`), which would
 * otherwise leave the defaults in place without a word. Only where the
 * policy is known to be built in (a module reads options of its own, and
 * `run --policy` may swap the scenario's for one): the scenario's
 * `policyOptions` under its `policy`, a site's under the site's policy, and
 * `brain.options` under the brain's. Names of built-ins come from `names`;
 * without them nothing is known to be built in and nothing is said.
 */
export function unreadOptionWarnings(
  s: Pick<ExpandedScenarioData, 'policy' | 'policyOptions' | 'sites' | 'brain'>,
  names: PolicyNameLists,
  at: (path: (string | number)[], message: string, key: string) => Problem,
): Problem[] {
  const warnings: Problem[] = [];
  const builtIn = (policy: string | undefined, known: readonly string[] | undefined): policy is string => policy !== undefined && known !== undefined && known.includes(policy);
  const check = (options: Readonly<Record<string, unknown>> | undefined, policy: string, read: readonly string[], path: (string | number)[]): void => {
    for (const key of Object.keys(options ?? {})) {
      if (read.includes(key)) continue;
      warnings.push(at(path, `no built-in policy reads this option (they read ${read.join(', ')}): "${policy}" runs as if it were not there`, key));
    }
  };
  const scenarioPolicy = names.policyOverridden === true ? undefined : s.policy;
  if (builtIn(scenarioPolicy, names.policyNames)) check(s.policyOptions, scenarioPolicy, READ_POLICY_OPTIONS, ['policyOptions']);
  s.sites.forEach((site, i) => {
    const policy = site.policy ?? scenarioPolicy;
    if (site.policyOptions !== undefined && builtIn(policy, names.policyNames)) check(site.policyOptions, policy, READ_POLICY_OPTIONS, ['sites', i, 'policyOptions']);
  });
  if (s.brain !== undefined && builtIn(s.brain.policy, names.brainPolicyNames)) check(s.brain.options, s.brain.policy, READ_BRAIN_OPTIONS, ['brain', 'options']);
  return warnings;
}
