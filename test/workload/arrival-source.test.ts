import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../src/engine/rng.js';
import { DiurnalSource, MmppSource, OriginPicker, PoissonSource, type ArrivalSource } from '../../src/workload/arrival-source.js';

function arrivalTimes(source: ArrivalSource, until: number): number[] {
  const times: number[] = [];
  while (source.nextTime < until) {
    times.push(source.nextTime);
    source.advance();
  }
  return times;
}

const rng = (name: string): ReturnType<RngStreams['stream']> => new RngStreams(17).stream(name);

describe('PoissonSource', () => {
  it('arrives at the given rate and stops after count', () => {
    const times = arrivalTimes(new PoissonSource(0, 4, 100_000, new OriginPicker([[0, 1]]), rng('p')), Infinity);
    expect(times).toHaveLength(100_000);
    // Independent exponential gaps: the mean gap 1/4 within four standard errors (sd of a gap = mean).
    const meanGap = (times.at(-1) as number) / times.length;
    expect(Math.abs(meanGap - 0.25)).toBeLessThan((4 * 0.25) / Math.sqrt(times.length));
  });
});

describe('OriginPicker', () => {
  it('picks origins in proportion to their weights', () => {
    const picker = new OriginPicker([[3, 1], [5, 3]]);
    const r = rng('o');
    let fives = 0;
    const n = 40_000;
    for (let i = 0; i < n; i++) if (picker.pick(r) === 5) fives++;
    // Binomial: p = 0.75, four standard errors.
    expect(Math.abs(fives / n - 0.75)).toBeLessThan(4 * Math.sqrt((0.75 * 0.25) / n));
  });

  it('draws nothing when there is one origin', () => {
    const r = rng('o1');
    const before = rng('o1')();
    expect(new OriginPicker([[2, 1]]).pick(r)).toBe(2);
    expect(r()).toBe(before);
  });
});

describe('DiurnalSource', () => {
  it('follows rate · (1 + amplitude · cos(2π (t − peak) / period)) in every part of the day', () => {
    const rate = 2;
    const amplitude = 0.6;
    const period = 1000;
    const peak = 250;
    const days = 200;
    const times = arrivalTimes(new DiurnalSource(0, rate, amplitude, period, peak, Infinity, new OriginPicker([[0, 1]]), rng('d')), days * period);
    // Count arrivals per tenth of the day over all days; each count is Poisson with mean ∫ rate dt.
    const bins = new Array<number>(10).fill(0);
    for (const t of times) bins[Math.floor(((t % period) / period) * 10)]! += 1;
    bins.forEach((count, b) => {
      const t0 = (b * period) / 10;
      const t1 = t0 + period / 10;
      const w = (2 * Math.PI) / period;
      const expected = days * rate * ((t1 - t0) + (amplitude / w) * (Math.sin(w * (t1 - peak)) - Math.sin(w * (t0 - peak))));
      expect(Math.abs(count - expected), `bin ${b}`).toBeLessThan(4 * Math.sqrt(expected));
    });
  });
});

describe('MmppSource', () => {
  it('arrives at the time-weighted mean of its state rates in the long run, in bursts', () => {
    const states = [
      { rate: 0.5, meanS: 90 },
      { rate: 5, meanS: 10 },
    ];
    const horizon = 2_000_000;
    const times = arrivalTimes(new MmppSource(0, states, Infinity, new OriginPicker([[0, 1]]), rng('m')), horizon);
    const meanRate = (0.5 * 90 + 5 * 10) / 100;
    // State changes make counts overdispersed; 5% is many standard errors at this length.
    expect(times.length / horizon).toBeCloseTo(meanRate, 1);
    expect(Math.abs(times.length / horizon / meanRate - 1)).toBeLessThan(0.05);
    // Bursty: the variance of counts in 10 s windows is well above their mean (it equals it for Poisson).
    const counts = new Array<number>(horizon / 10).fill(0);
    for (const t of times) counts[Math.floor(t / 10)]! += 1;
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const variance = counts.reduce((a, c) => a + (c - mean) ** 2, 0) / (counts.length - 1);
    expect(variance / mean).toBeGreaterThan(3);
  });
});

describe('MmppSource with no positive rate', () => {
  it('brings no arrival instead of switching states forever', () => {
    const states = [
      { rate: 0, meanS: 1 },
      { rate: 0, meanS: 1 },
    ];
    expect(new MmppSource(0, states, Infinity, new OriginPicker([[0, 1]]), rng('m0')).nextTime).toBe(Infinity);
  });
});
