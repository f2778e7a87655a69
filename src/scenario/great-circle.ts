/** Mean Earth radius in km (IUGG). */
const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km between two points given in degrees (haversine). */
export function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** How a distance becomes a round-trip time. */
export interface PathModel {
  /** One-way propagation speed in fibre, km per ms (about 200: two thirds of c). */
  kmPerMs: number;
  /** Fibre route length over great-circle distance (routes are not straight). */
  routeFactor: number;
  /** Fixed round-trip overhead for switching and queuing, ms. */
  overheadMs: number;
}

/** Round-trip time over a fibre path of the given great-circle length: `2 · km / kmPerMs · routeFactor + overheadMs`. */
export function rttFromKm(km: number, path: PathModel): number {
  return ((2 * km) / path.kmPerMs) * path.routeFactor + path.overheadMs;
}
