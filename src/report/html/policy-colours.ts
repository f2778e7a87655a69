import type { Comparison } from '../../compare/comparison.js';
import { policyColour } from '../svg/palette.js';

/** Each policy's colour, by its place in the comparison: the same in every chart and table. */
export function policyColours(c: Comparison): (policy: string) => string {
  const colours = new Map(c.policies.map((p, i) => [p, policyColour(i)]));
  return (policy) => colours.get(policy) ?? '#57606C';
}

/** A policy's coloured square, to stand before its (escaped) name. */
export function policySwatch(colour: string): string {
  return `<span class="swatch" style="background:${colour}"></span>`;
}
