/**
 * Okabe-Ito, the colour-blind-safe categorical palette (Okabe & Ito 2008),
 * without its black and its pale yellow, which read poorly as thin lines on
 * white. Policies take these in comparison order, the same in every chart.
 */
export const policyColours: readonly string[] = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#8C6D1F', '#6A3D9A'];

/**
 * Paul Tol's colour-blind-safe "muted" scheme, for series inside one
 * policy's panel (chips, sites): another family than the policy colours, so
 * a chip's line is not taken for a policy, and no greys, which are kept for
 * context lines. Ordered so the first few differ most.
 */
export const seriesColours: readonly string[] = ['#332288', '#CC6677', '#44AA99', '#999933', '#88CCEE', '#882255', '#117733', '#DDCC77', '#AA4499'];

/** Lines beyond the coloured few: drawn, but quiet. */
export const mutedColour = '#C9CDD2';

/** The colour of the policy at `index` in the comparison; wraps past the palette. */
export function policyColour(index: number): string {
  return policyColours[index % policyColours.length] as string;
}

/** The colour of the series at `index`; wraps past the palette. */
export function seriesColour(index: number): string {
  return seriesColours[index % seriesColours.length] as string;
}
