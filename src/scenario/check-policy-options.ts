import type { Problem } from './problem.js';

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
