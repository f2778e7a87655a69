import fc from 'fast-check';
import { cliMisuseFamily } from './families/cli-misuse.js';
import { damagedTraceFamily } from './families/damaged-trace.js';
import { hostileFileFamily } from './families/hostile-file.js';
import { hostilePolicyFamily } from './families/hostile-policy.js';
import { mutatedFamily } from './families/mutated-scenario.js';
import { validFamily } from './families/valid-scenario.js';
import { familyNames, type FamilyName, type FuzzCase } from './fuzz-case.js';

/** Every family's generator, by name. */
export const families: Readonly<Record<FamilyName, fc.Arbitrary<FuzzCase>>> = {
  valid: validFamily,
  mutated: mutatedFamily,
  'hostile-file': hostileFileFamily,
  'damaged-trace': damagedTraceFamily,
  'hostile-policy': hostilePolicyFamily,
  'cli-misuse': cliMisuseFamily,
};

export function isFamilyName(name: string): name is FamilyName {
  return (familyNames as readonly string[]).includes(name);
}

/**
 * The fast-check seed of case `index` of a campaign with `seed`: a mix of
 * the two, so that every case can be generated (and shrunk) on its own,
 * in any order, on any worker.
 */
export function caseSeed(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h | 0;
}

/** The family of case `index`: the one asked for, or each family in turn. */
export function familyOf(index: number, only?: FamilyName): FamilyName {
  return only ?? (familyNames[index % familyNames.length] as FamilyName);
}

/** Case `index` of a campaign: the first value fast-check draws from its family with the case's seed. */
export function caseAt(seed: number, index: number, only?: FamilyName): FuzzCase {
  const family = familyOf(index, only);
  const [value] = fc.sample(families[family], { seed: caseSeed(seed, index), numRuns: 1 });
  if (value === undefined) throw new Error(`no case drawn for ${family} #${index}`);
  return value;
}
