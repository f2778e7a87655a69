import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuantileSketch } from '../../src/metrics/quantile-sketch.js';
import { sketchFromJson, sketchToJson } from '../../src/metrics/sketch-json.js';

const ps = [0, 0.1, 0.5, 0.95, 0.99, 1];

describe('sketches as JSON', () => {
  it('read back as the same sketch, through JSON text, whatever the values (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.constant(0)), { maxLength: 300 }), fc.nat({ max: 2 ** 40 }), (values, extra) => {
        const s = new QuantileSketch();
        for (const v of values) s.add(v);
        // Counts past 2^32 survive too (merged sweeps): a bucket of `extra` more values.
        if (values.length > 0) s.merge(QuantileSketch.fromParts({ count: extra, zeros: 0, min: s.max, max: s.max, first: QuantileSketch.bucketOf(s.max === 0 ? 1 : s.max), counts: [extra] }));
        const back = sketchFromJson(JSON.parse(JSON.stringify(sketchToJson(s))));
        expect(back).toBeInstanceOf(QuantileSketch);
        const b = back as QuantileSketch;
        expect([b.count, b.zeros, b.quantiles(ps)]).toEqual([s.count, s.zeros, s.quantiles(ps)]);
        expect(b.occupied()).toEqual(s.occupied());
      }),
      { numRuns: 200 },
    );
  });

  it('says what is wrong with a damaged sketch instead of reading it', () => {
    const s = new QuantileSketch();
    for (const v of [1, 2, 3, 0]) s.add(v);
    const good = sketchToJson(s);
    expect(sketchFromJson({ ...good, count: 5 })).toBe('holds counts that add up to 4, not its count 5');
    expect(sketchFromJson({ ...good, counts: 'gA' })).toMatch(/^holds counts that add up to/);
    expect(sketchFromJson({ ...good, min: null })).toBe('has a min and max that do not fit its count');
    expect(sketchFromJson({ ...good, first: 1.5 })).toMatch(/^needs whole counts/);
    expect(sketchFromJson('jct')).toMatch(/^is not a sketch/);
    expect(sketchFromJson(sketchToJson(new QuantileSketch()))).toBeInstanceOf(QuantileSketch);
  });
});
