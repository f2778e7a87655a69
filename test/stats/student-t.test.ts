import { describe, expect, it } from 'vitest';
import { logGamma, regularizedIncompleteBeta, studentTCdf, studentTQuantile, studentTTwoSidedP } from '../../src/stats/student-t.js';

describe('studentTCdf', () => {
  it('equals the Cauchy distribution at one degree of freedom', () => {
    for (const t of [-30, -2, -0.5, 0, 0.3, 1, 4, 100]) expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
  });

  it('equals the closed form at two degrees of freedom', () => {
    for (const t of [-10, -1, 0, 0.7, 2.5, 40]) expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
  });

  it('tends to the standard normal as degrees of freedom grow', () => {
    expect(studentTCdf(1.959963984540054, 1e7)).toBeCloseTo(0.975, 6);
  });

  it('is symmetric and handles infinities and NaN', () => {
    expect(studentTCdf(1.3, 7) + studentTCdf(-1.3, 7)).toBeCloseTo(1, 14);
    expect(studentTCdf(Infinity, 3)).toBe(1);
    expect(studentTCdf(-Infinity, 3)).toBe(0);
    expect(studentTCdf(NaN, 3)).toBeNaN();
    expect(() => studentTCdf(1, 0)).toThrow(RangeError);
  });
});

describe('studentTQuantile', () => {
  it('matches published two-sided 95% critical values', () => {
    // Values from any t table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2), to the digits printed there.
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [4, 2.776],
      [9, 2.262],
      [19, 2.093],
      [30, 2.042],
      [100, 1.984],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });

  it('inverts the CDF', () => {
    for (const df of [1, 3, 9, 50])
      for (const p of [0.001, 0.05, 0.3, 0.5, 0.8, 0.995]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 11);
  });

  it('rejects probabilities outside (0, 1)', () => {
    expect(() => studentTQuantile(0, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
  });
});

describe('studentTTwoSidedP', () => {
  it('is twice the upper tail', () => {
    expect(studentTTwoSidedP(2.262, 9)).toBeCloseTo(0.05, 3);
    expect(studentTTwoSidedP(-2.262, 9)).toBeCloseTo(0.05, 3);
    expect(studentTTwoSidedP(0, 9)).toBe(1);
    expect(studentTTwoSidedP(Infinity, 9)).toBe(0);
  });
});

describe('regularizedIncompleteBeta and logGamma', () => {
  it('match closed forms', () => {
    // I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b.
    expect(regularizedIncompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 13);
    expect(regularizedIncompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 13);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(0.1)).toBeCloseTo(Math.log(9.513507698668732), 12);
  });
});
