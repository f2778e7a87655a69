import { describe, expect, it } from 'vitest';
import { greatCircleKm, rttFromKm } from '../../src/scenario/great-circle.js';

describe('greatCircleKm', () => {
  it('is zero from a point to itself', () => {
    expect(greatCircleKm(39.9, 116.4, 39.9, 116.4)).toBe(0);
  });

  it('gives the published Beijing–Shanghai distance (about 1,068 km)', () => {
    expect(greatCircleKm(39.9042, 116.4074, 31.2304, 121.4737)).toBeCloseTo(1068, -1);
  });

  it('gives a quarter of the Earth’s circumference from the pole to the equator', () => {
    expect(greatCircleKm(90, 0, 0, 0)).toBeCloseTo((Math.PI / 2) * 6371.0088, 6);
  });

  it('is symmetric', () => {
    expect(greatCircleKm(36.06, 103.83, 31.23, 121.47)).toBeCloseTo(greatCircleKm(31.23, 121.47, 36.06, 103.83), 9);
  });
});

describe('rttFromKm', () => {
  it('is the fibre round trip, stretched by the route factor, plus the overhead', () => {
    // 1,000 km at 200 km/ms one way: 10 ms round trip; ×1.5 route; +0.2 ms.
    expect(rttFromKm(1000, { kmPerMs: 200, routeFactor: 1.5, overheadMs: 0.2 })).toBeCloseTo(15.2, 12);
  });

  it('puts the edge of a 1 ms city circle about 53 km away with the default route factor', () => {
    const km = ((1 - 0.2) * 200) / 2 / 1.5;
    expect(rttFromKm(km, { kmPerMs: 200, routeFactor: 1.5, overheadMs: 0.2 })).toBeCloseTo(1, 12);
    expect(km).toBeCloseTo(53.3, 1);
  });
});
