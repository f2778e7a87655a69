import { fifo } from './fifo.js';
import type { Policy } from './policy.js';

/** Built-in policies by name. */
export const builtinPolicies: Readonly<Record<string, () => Policy>> = {
  fifo,
};

/** The names `resolvePolicy` accepts. */
export function policyNames(): string[] {
  return Object.keys(builtinPolicies);
}

/** An unknown policy name; the message lists the known ones. */
export class UnknownPolicyError extends Error {
  constructor(readonly policyName: string) {
    super(`unknown policy "${policyName}" — known: ${policyNames().join(', ')}`);
    this.name = 'UnknownPolicyError';
  }
}

/** A fresh instance of the built-in policy called `name`. */
export function resolvePolicy(name: string): Policy {
  const make = Object.hasOwn(builtinPolicies, name) ? builtinPolicies[name] : undefined;
  if (make === undefined) throw new UnknownPolicyError(name);
  return make();
}
