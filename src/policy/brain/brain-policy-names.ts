import type { PolicyNameLists } from '../../scenario/check-policies.js';
import { policyNames } from '../registry.js';

/** The built-in brain policies' names, in a module of their own: checking a scenario needs them, not the policies (CLI start-up). */
export const BRAIN_POLICY_NAMES = ['random', 'round-robin', 'least-loaded', 'power-of-d', 'late-binding', 'cost-latency'] as const;

export type BrainPolicyName = (typeof BRAIN_POLICY_NAMES)[number];

/**
 * The built-in names a scenario file is checked against: its policies and
 * the brain's (`overridden`: the scenario's own policy is replaced, as by
 * `run --policy`, so only the sites' are checked).
 */
export function policyNameLists(overridden = false): PolicyNameLists {
  return { policyNames: policyNames(), brainPolicyNames: [...BRAIN_POLICY_NAMES], policyOverridden: overridden };
}
