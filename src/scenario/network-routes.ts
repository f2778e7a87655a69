import type { DeepReadonly, ExpandedScenarioData } from './scenario.js';

type Net = DeepReadonly<Pick<ExpandedScenarioData, 'regions' | 'sites' | 'network'>>;

/** A route from an origin region to a site: link indices in order (empty: the site is at the origin), and its one-way latency. */
export interface Route {
  readonly links: readonly number[];
  readonly latencyMs: number;
}

/**
 * Routes over `network.links`, per (origin region, site): the one named in
 * `network.routes`, else the shortest by one-way latency (ties: fewer hops,
 * then the link names in order). A site with no link of its own is reached
 * through its region. Undefined where no route exists (validation names
 * the pair if data must move there), and where a named route is broken.
 * Indexed `region * sites.length + site`; empty when there are no links.
 */
export function networkRoutes(s: Net): (Route | undefined)[] {
  const links = s.network.links;
  if (links.length === 0) return [];
  const linkIndex = new Map(links.map((l, i) => [l.name, i]));
  const hasLink = new Set(links.flatMap((l) => [l.a, l.b]));
  const out: (Route | undefined)[] = [];
  for (const region of s.regions) {
    const tree = shortestFrom(region.name, links);
    for (const site of s.sites) {
      const to = hasLink.has(site.name) ? site.name : (site.region ?? site.name);
      const named = s.network.routes[region.name]?.[site.name];
      if (named !== undefined && Object.hasOwn(s.network.routes[region.name] ?? {}, site.name)) {
        const idx = named.map((n) => linkIndex.get(n));
        const path = idx.every((i) => i !== undefined) ? walk(region.name, idx as number[], links) : undefined;
        out.push(path === to ? { links: idx as number[], latencyMs: (idx as number[]).reduce((t, i) => t + (links[i]?.latencyMs ?? 0), 0) } : undefined);
        continue;
      }
      if (to === region.name) out.push({ links: [], latencyMs: 0 });
      else out.push(tree.get(to));
    }
  }
  return out;
}

/**
 * Where a named route ends when followed from `from`, link by link (each
 * link must touch the current end); undefined if it breaks off.
 */
export function walk(from: string, route: readonly number[], links: Net['network']['links']): string | undefined {
  let at: string = from;
  for (const i of route) {
    const l = links[i];
    if (l === undefined) return undefined;
    if (l.a === at) at = l.b;
    else if (l.b === at) at = l.a;
    else return undefined;
  }
  return at;
}

/**
 * The first end a connected route comes back to (undefined when it passes
 * every end once): a route is a path, and one that loops would cross a
 * link, or an end's links, more than once and count its flow there twice.
 */
export function revisitedEnd(from: string, route: readonly number[], links: Net['network']['links']): string | undefined {
  const seen = new Set([from]);
  let at: string = from;
  for (const i of route) {
    const l = links[i];
    if (l === undefined) return undefined;
    at = l.a === at ? l.b : l.a;
    if (seen.has(at)) return at;
    seen.add(at);
  }
  return undefined;
}

/** Shortest routes from one end to every end it reaches (Dijkstra over a few dozen links: a plain scan will do). */
function shortestFrom(from: string, links: Net['network']['links']): Map<string, Route> {
  interface Best { ms: number; hops: number; names: string[]; links: number[] }
  const best = new Map<string, Best>([[from, { ms: 0, hops: 0, names: [], links: [] }]]);
  const done = new Set<string>();
  const better = (x: Best, y: Best | undefined): boolean => {
    if (y === undefined) return true;
    if (x.ms !== y.ms) return x.ms < y.ms;
    if (x.hops !== y.hops) return x.hops < y.hops;
    return x.names.join('\u0000') < y.names.join('\u0000');
  };
  for (;;) {
    let here: string | undefined;
    let hereBest: Best | undefined;
    for (const [end, b] of best) {
      if (!done.has(end) && better(b, hereBest)) {
        here = end;
        hereBest = b;
      }
    }
    if (here === undefined || hereBest === undefined) break;
    done.add(here);
    links.forEach((l, i) => {
      const next = l.a === here ? l.b : l.b === here ? l.a : undefined;
      if (next === undefined || done.has(next)) return;
      const cand = { ms: hereBest.ms + l.latencyMs, hops: hereBest.hops + 1, names: [...hereBest.names, l.name], links: [...hereBest.links, i] };
      if (better(cand, best.get(next))) best.set(next, cand);
    });
  }
  const out = new Map<string, Route>();
  for (const [end, b] of best) out.set(end, { links: b.links, latencyMs: b.ms });
  return out;
}

/**
 * The explicit RTT table with, where links are given, every routed pair it
 * does not name: 2 × the route's one-way latency + `overheadMs`. An
 * explicit RTT wins; a pair inside one region with no links keeps today's rule.
 */
export function rttTableWithRoutes(s: Net, routes: readonly (Route | undefined)[]): Record<string, Record<string, number>> {
  if (routes.length === 0) return s.network.rttMs;
  const table: Record<string, Record<string, number>> = {};
  s.regions.forEach((region, ri) => {
    const own = Object.hasOwn(s.network.rttMs, region.name) ? s.network.rttMs[region.name] : undefined;
    const row: Record<string, number> = { ...own };
    s.sites.forEach((site, si) => {
      if (own !== undefined && Object.hasOwn(own, site.name)) return;
      const r = routes[ri * s.sites.length + si];
      if (r !== undefined && r.links.length > 0) row[site.name] = 2 * r.latencyMs + s.network.overheadMs;
    });
    table[region.name] = row;
  });
  return table;
}
