import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../src/report/format-number.js';

describe('groupDigits', () => {
  it('writes whole numbers as en-US Intl does, thousands separated', () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    fc.assert(fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => groupDigits(n) === intl.format(n)));
    expect([0, 7, 999, 1000, 28475, 1_000_000].map(groupDigits)).toEqual(['0', '7', '999', '1,000', '28,475', '1,000,000']);
  });

  it('rounds a fraction to the nearest whole number first', () => {
    expect([999.6, 1234.4, 0.2].map(groupDigits)).toEqual(['1,000', '1,234', '0']);
  });
});
