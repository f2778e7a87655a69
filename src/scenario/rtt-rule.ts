import { greatCircleKm, rttFromKm, type PathModel } from './great-circle.js';
import type { ExpandedScenarioData, SiteSpec } from './scenario.js';

type Region = ExpandedScenarioData['regions'][number];

/**
 * How the RTT from an origin region to a site is known, in order of
 * preference: an explicit entry (inline or from the CSV matrix); the
 * great-circle distance between coordinates at both ends (a site without its
 * own takes its region's); or, for a site inside the origin region without
 * coordinates, the fixed overhead alone. Undefined when none applies, which
 * validation reports.
 */
export type RttSource =
  | { kind: 'explicit'; ms: number }
  | { kind: 'distance'; from: { lat: number; lon: number }; to: { lat: number; lon: number } }
  | { kind: 'local' };

export function rttSource(
  region: Readonly<Region>,
  site: Readonly<Pick<SiteSpec, 'name' | 'region' | 'lat' | 'lon'>>,
  explicit: Readonly<Record<string, Readonly<Record<string, number>>>>,
  regionByName: ReadonlyMap<string, Readonly<Region>>,
): RttSource | undefined {
  // Own entries only: a name is never looked up on the prototype of the table.
  const row = Object.hasOwn(explicit, region.name) ? explicit[region.name] : undefined;
  const ms = row !== undefined && Object.hasOwn(row, site.name) ? row[site.name] : undefined;
  if (ms !== undefined) return { kind: 'explicit', ms };
  const home = site.region === undefined ? undefined : regionByName.get(site.region);
  const lat = site.lat ?? home?.lat;
  const lon = site.lon ?? home?.lon;
  if (lat !== undefined && lon !== undefined && region.lat !== undefined && region.lon !== undefined) {
    return { kind: 'distance', from: { lat: region.lat, lon: region.lon }, to: { lat, lon } };
  }
  return site.region === region.name ? { kind: 'local' } : undefined;
}

/** The RTT in ms from an origin region to a site, as `rttSource` decides (the fixed overhead alone when none applies). */
export function rttMsOf(source: RttSource | undefined, path: PathModel): number {
  if (source?.kind === 'explicit') return source.ms;
  if (source?.kind === 'distance') return rttFromKm(greatCircleKm(source.from.lat, source.from.lon, source.to.lat, source.to.lon), path);
  return path.overheadMs;
}
