import { describeThrown, describeValue } from './describe-value.js';
import { hookNames, type Policy } from './policy.js';
import { PolicyError } from './policy-error.js';

/** Policies `readPolicy` made: read already, returned as they are. */
const read = new WeakSet<object>();

/**
 * A user's policy object, read once and checked: a plain `Policy` whose
 * fields are copied out (a getter that throws, or a Proxy whose traps do,
 * fails here with a `PolicyError` rather than in the middle of a run), whose
 * hooks are functions called on the original object (so `this` works as
 * the author meant), whose weights are finite numbers ≥ 0 and whose
 * `lowerIsBetter` is a list of part names. `source` names the policy until
 * its own name is known (a module path, say).
 */
export function readPolicy(value: unknown, source: string): Policy {
  if (value !== null && typeof value === 'object' && read.has(value)) return value as Policy;
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    throw new PolicyError(source, `a policy is an object with a name and hooks ({ name, order?, filter?, score?, place?, batch?, preempt? }), not ${describeValue(value)}`);
  }
  const get = (key: string, label: string): unknown => {
    try {
      return (value as Record<string, unknown>)[key];
    } catch (e) {
      throw new PolicyError(label, `reading its ${key} threw: ${describeThrown(e)}`, { cause: e });
    }
  };
  const name = get('name', source);
  if (typeof name !== 'string' || name.trim() === '') {
    throw new PolicyError(source, `a policy needs a name, a non-empty string; its name is ${describeValue(name)}`);
  }
  const policy: Policy = { name };
  const description = get('description', name);
  if (description !== undefined) {
    if (typeof description !== 'string') throw new PolicyError(name, `its description is ${describeValue(description)}, not a string`);
    policy.description = description;
  }
  const strictOrder = get('strictOrder', name);
  if (strictOrder !== undefined) {
    if (typeof strictOrder !== 'boolean') throw new PolicyError(name, `its strictOrder is ${describeValue(strictOrder)}, not true or false`);
    policy.strictOrder = strictOrder;
  }
  for (const hook of hookNames) {
    const fn = get(hook, name);
    if (fn === undefined) continue;
    if (typeof fn !== 'function') throw new PolicyError(name, `its ${hook} is ${describeValue(fn)}: a hook is a function, or left out`);
    // Called on the original object, as `policy.score(…)` would be.
    (policy as unknown as Record<string, unknown>)[hook] = Function.prototype.bind.call(fn as (...args: unknown[]) => unknown, value) as unknown;
  }
  const weights = get('weights', name);
  if (weights !== undefined) policy.weights = readWeights(weights, name);
  const lower = get('lowerIsBetter', name);
  if (lower !== undefined) policy.lowerIsBetter = readPartNames(lower, name);
  read.add(policy);
  return policy;
}

/** `weights`: part name → a finite number ≥ 0, copied into an object without a prototype. */
function readWeights(weights: unknown, policy: string): Readonly<Record<string, number>> {
  const fail = (detail: string): never => {
    throw new PolicyError(policy, `its weights ${detail}; allowed: { part: a finite number ≥ 0, … } (a part left out weighs 1; lowerIsBetter inverts a part)`);
  };
  if (weights === null || typeof weights !== 'object' || Array.isArray(weights)) return fail(`are ${describeValue(weights)}`);
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  let entries: [string, unknown][];
  try {
    entries = Object.entries(weights);
  } catch (e) {
    return fail(`cannot be read (${describeThrown(e)})`);
  }
  for (const [part, w] of entries) {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) fail(`give ${JSON.stringify(part)} ${describeValue(w)}`);
    out[part] = w as number;
  }
  return out;
}

/** `lowerIsBetter`: a list of part names. */
function readPartNames(names: unknown, policy: string): readonly string[] {
  let list: unknown[] | undefined;
  try {
    list = Array.isArray(names) ? Array.from(names as unknown[]) : undefined;
  } catch {
    list = undefined;
  }
  if (list === undefined || list.some((n) => typeof n !== 'string')) {
    throw new PolicyError(policy, `its lowerIsBetter is ${describeValue(names)}; allowed: a list of score part names`);
  }
  return list as string[];
}
