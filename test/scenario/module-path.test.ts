import { describe, expect, it } from 'vitest';
import { BRAIN_POLICY_NAMES } from '../../src/policy/brain/brain-policy-names.js';
import { policyNames } from '../../src/policy/registry.js';
import { elasticRuleNames } from '../../src/scenario/elastic-schema.js';
import { isModulePath } from '../../src/scenario/module-path.js';

describe('isModulePath', () => {
  it('never takes a built-in name (policy, brain policy, scaling rule) for a module', () => {
    const builtIns = [...policyNames(), ...BRAIN_POLICY_NAMES, ...elasticRuleNames];
    expect(builtIns.length).toBeGreaterThan(25);
    expect(builtIns.filter(isModulePath)).toEqual([]);
  });

  it('takes a path separator or a script ending for a module, and nothing else', () => {
    for (const path of ['./my-policy.js', 'policies/fair.ts', 'C:\\rules\\scale.mjs', 'rule.mts', 'plain.js', '../up/x']) expect(isModulePath(path), path).toBe(true);
    for (const name of ['fifo', 'my-policy', 'policy.json', 'rule.jsx', 'js', '']) expect(isModulePath(name), name).toBe(false);
  });
});
