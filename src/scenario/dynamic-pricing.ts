import type { Problem } from './problem.js';
import type { DynamicPricingSpec, SiteSpec } from './scenario.js';
import type { DynamicPricingData, ScenarioData } from './schema.js';

type Path = (string | number)[];
type At = (path: Path, message: string, key?: string) => Problem;

/**
 * A `pricing: { dynamic }` block resolved into a `DynamicPricingSpec`, or
 * undefined with a problem when its curve is not sorted by utilisation (a
 * piecewise-linear function needs its points in order; two points at one
 * utilisation would make it jump). `base` stays NaN when not given: the
 * pool's own price fills it in.
 */
export function resolveDynamicPricing(d: DynamicPricingData, path: Path, problems: Problem[], at: At): DynamicPricingSpec | undefined {
  const utilisation = d.curve.map((p) => p[0]);
  const multiplier = d.curve.map((p) => p[1]);
  const unsorted = utilisation.findIndex((u, i) => i > 0 && !(u > (utilisation[i - 1] as number)));
  if (unsorted > 0) {
    problems.push(
      at(
        [...path, 'curve', unsorted, 0],
        `the curve must be sorted by utilisation, each point above the one before: ${utilisation[unsorted] as number} follows ${utilisation[unsorted - 1] as number}`,
      ),
    );
    return undefined;
  }
  return { base: d.base ?? NaN, utilisation, multiplier, intervalS: d.intervalS, of: d.of };
}

/**
 * Fills in each pool's dynamic pricing: its own `pricing`, else its
 * provider's (for pools that set no price curve of their own). A provider
 * named in `providers` must be the provider of some site. The base, when
 * not given, is the pool's `pricePerChipHour`.
 */
export function applyProviderPricing(s: ScenarioData, sites: SiteSpec[], problems: Problem[], at: At): void {
  const known = new Set(sites.map((site) => site.provider ?? 'default'));
  const byProvider = new Map<string, DynamicPricingSpec>();
  for (const [name, p] of Object.entries(s.providers)) {
    if (!known.has(name)) {
      problems.push(at(['providers'], `unknown provider "${name}" — known: ${[...known].join(', ')}`, name));
      continue;
    }
    const d = p.pricing?.dynamic;
    if (d === undefined) continue;
    const spec = resolveDynamicPricing(d, ['providers', name, 'pricing', 'dynamic'], problems, at);
    if (spec !== undefined) byProvider.set(name, spec);
  }
  for (const site of sites) {
    const fromProvider = byProvider.get(site.provider ?? 'default');
    // New pool objects: copies of a repeated site share theirs, and may have different providers.
    site.pools = site.pools.map((pool) => {
      const spec = pool.dynamicPricing ?? (pool.priceCurve === undefined ? fromProvider : undefined);
      return spec === undefined ? pool : { ...pool, dynamicPricing: Number.isNaN(spec.base) ? { ...spec, base: pool.pricePerChipHour } : spec };
    });
  }
}
