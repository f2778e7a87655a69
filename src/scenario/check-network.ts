import type { Locate } from './check-references.js';
import { usesMarket } from './check-market.js';
import { networkRoutes, revisitedEnd, walk } from './network-routes.js';
import type { Problem } from './problem.js';
import type { ExpandedScenarioData } from './scenario.js';

/**
 * Checks `network.links` and `network.routes` (issue 18): link ends are
 * known regions or sites, link names are unique, a named route uses known
 * links and joins its origin to its site, and every pair with data to move
 * (a class with input or output generated or listed at an origin, a site
 * with pools outside it) has a route.
 */
export function checkNetwork(s: ExpandedScenarioData, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const at = (field: (string | number)[], message: string, key?: string): void => {
    problems.push(locate({ path: [] }, ['network', ...field], message, key));
  };
  const links = s.network.links;
  if (links.length === 0) {
    if (Object.keys(s.network.routes).length > 0) at(['routes'], 'routes need network.links to run over');
    return problems;
  }
  // The brain moves jobs between sites on its own terms, and a market bills through contracts that the
  // output's fee would bypass: neither runs over shared links yet.
  if (s.brain !== undefined) at(['links'], 'a shared network (network.links) does not run under a brain yet: remove the brain block or the links');
  if (usesMarket(s)) at(['links'], 'a shared network (network.links) does not run with a market yet: remove the links or the market (the scenario has a market block, bids, tiers or dynamic prices)');
  const regionNames = s.regions.map((r) => r.name);
  const ends = new Set([...regionNames, ...s.sites.map((site) => site.name)]);
  const linkNames = new Set<string>();
  links.forEach((l, i) => {
    for (const end of ['a', 'b'] as const) {
      if (!ends.has(l[end])) at(['links', i, end], `unknown region or site "${l[end]}" — a link joins two of: ${[...ends].join(', ')}`);
    }
    if (l.a === l.b) at(['links', i, 'b'], `link "${l.name}" joins "${l.a}" to itself`);
    if (linkNames.has(l.name)) at(['links', i, 'name'], `link "${l.name}" is declared twice`);
    linkNames.add(l.name);
  });
  if (problems.length > 0) return problems;

  const linkIndex = new Map(links.map((l, i) => [l.name, i]));
  const hasLink = new Set(links.flatMap((l) => [l.a, l.b]));
  for (const [origin, row] of Object.entries(s.network.routes)) {
    if (!regionNames.includes(origin)) {
      at(['routes'], `unknown region "${origin}" — known: ${regionNames.join(', ')}`, origin);
      continue;
    }
    for (const [siteName, route] of Object.entries(row)) {
      const site = s.sites.find((x) => x.name === siteName);
      if (site === undefined) {
        at(['routes', origin], `unknown site "${siteName}" — known: ${s.sites.map((x) => x.name).join(', ')}`, siteName);
        continue;
      }
      const unknownLink = route.find((n) => !linkIndex.has(n));
      if (unknownLink !== undefined) {
        at(['routes', origin, siteName], `unknown link "${unknownLink}" — known: ${[...linkIndex.keys()].join(', ')}`);
        continue;
      }
      const to = hasLink.has(site.name) ? site.name : (site.region ?? site.name);
      const end = walk(
        origin,
        route.map((n) => linkIndex.get(n) as number),
        links,
      );
      if (end !== to) {
        at(
          ['routes', origin, siteName],
          end === undefined
            ? `route ${route.join(' → ')} does not connect "${origin}" to "${siteName}": each link must start where the one before ends`
            : `route ${route.join(' → ')} from "${origin}" ends at "${end}", not at "${to}"${to === siteName ? '' : ` (site "${siteName}" is reached through its region)`}`,
        );
        continue;
      }
      const again = revisitedEnd(
        origin,
        route.map((n) => linkIndex.get(n) as number),
        links,
      );
      if (again !== undefined) at(['routes', origin, siteName], `route ${route.join(' → ')} passes "${again}" twice: a route goes through each region or site once`);
    }
  }
  if (problems.length > 0) return problems;

  // Pairs with data to move and no route.
  const routes = networkRoutes(s);
  const moving = new Set<string>();
  const originsOf = (o: string | Record<string, number>): string[] => (typeof o === 'string' ? [o] : Object.keys(o));
  const carries = (cls: string): boolean => {
    const c = Object.hasOwn(s.classes, cls) ? s.classes[cls] : undefined;
    return c !== undefined && (c.inputGB > 0 || c.outputGB > 0);
  };
  for (const w of s.workload) if (carries(w.class)) for (const o of originsOf(w.origin)) moving.add(o);
  for (const j of s.jobs) if ((j.inputGB ?? 0) > 0 || carries(j.class)) moving.add(j.origin);
  s.regions.forEach((region, ri) => {
    if (!moving.has(region.name)) return;
    s.sites.forEach((site, si) => {
      if (site.pools.length === 0 || site.region === region.name) return;
      if (routes[ri * s.sites.length + si] === undefined) {
        at(['links'], `no route from region "${region.name}" to site "${site.name}", and jobs from "${region.name}" carry data: add links joining them, or a route in network.routes`);
      }
    });
  });
  return problems;
}
