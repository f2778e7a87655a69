import { describe, expect, it } from 'vitest';
import { PriceFunction } from '../../src/model/price-curve.js';

describe('PriceFunction', () => {
  it('integrates a constant price as price × time', () => {
    const p = new PriceFunction(2.5);
    expect(p.constant).toBe(true);
    expect(p.integral(10, 30)).toBe(50);
    expect(p.priceAt(1e9)).toBe(2.5);
    expect(p.nextChangeAfter(0)).toBe(Infinity);
  });

  // Off-peak 1.0 from 0 to 10 s, peak 3.0 from 10 to 20 s, repeating every 20 s.
  const periodic = new PriceFunction(0, { kind: 'periodic', periodS: 20, atS: [0, 10], price: [1, 3] });

  it('integrates a periodic schedule across its steps and periods', () => {
    expect(periodic.integral(5, 15)).toBe(5 * 1 + 5 * 3);
    expect(periodic.integral(0, 20)).toBe(40);
    expect(periodic.integral(15, 65)).toBe(5 * 3 + 40 + 40 + 5 * 1);
    expect(periodic.priceAt(12)).toBe(3);
    expect(periodic.priceAt(41)).toBe(1);
    expect(periodic.minPrice).toBe(1);
  });

  it('finds the next change of a periodic schedule', () => {
    expect(periodic.nextChangeAfter(0)).toBe(10);
    expect(periodic.nextChangeAfter(10)).toBe(20);
    expect(periodic.nextChangeAfter(33)).toBe(40);
  });

  it('always finds a change strictly after the time asked, even for a step that rounds onto its period’s start (found by the fuzz suite: a run that never ended)', () => {
    // A step 1e-300 s into a day: from the second day on, 86,400 + 1e-300 is 86,400 itself.
    const p = new PriceFunction(0, { kind: 'periodic', periodS: 86_400, atS: [0, 1e-300, 79_200], price: [0.55, 1.2, 0.55] });
    expect(p.nextChangeAfter(0)).toBe(1e-300);
    for (const t of [86_400, 172_800, 1e7 - (1e7 % 86_400)]) expect(p.nextChangeAfter(t)).toBeGreaterThan(t);
    expect(p.nextChangeAfter(86_400)).toBe(86_400 + 79_200);
  });

  it('wraps the last step of a period to before its first', () => {
    // Steps at 5 and 15 in a 20 s period: from 0 to 5 the price of the 15 s step still holds.
    const p = new PriceFunction(0, { kind: 'periodic', periodS: 20, atS: [5, 15], price: [2, 4] });
    expect(p.priceAt(1)).toBe(4);
    expect(p.integral(0, 20)).toBe(5 * 4 + 10 * 2 + 5 * 4);
  });

  it('holds a series’ first price before it and its last price after it', () => {
    const p = new PriceFunction(0, { kind: 'series', t: [100, 200], price: [1, 5] });
    expect(p.integral(0, 100)).toBe(100);
    expect(p.integral(150, 250)).toBe(50 * 1 + 50 * 5);
    expect(p.nextChangeAfter(0)).toBe(100);
    expect(p.nextChangeAfter(150)).toBe(200);
    expect(p.nextChangeAfter(200)).toBe(Infinity);
  });
});
