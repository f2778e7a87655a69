import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowNetwork } from '../../src/sim/flow-network.js';
import { referenceCompletions, referenceRates, type ReferenceFlow } from '../helpers/reference-max-min.js';

/** Runs flows through a FlowNetwork, event by event, and returns each flow's arrival time. */
function simulate(
  linkGbps: number[],
  flows: ReferenceFlow[],
  cancel: { flow: number; atS: number }[] = [],
  eachInstant?: (t: number, network: FlowNetwork) => void,
): { arrivals: number[]; network: FlowNetwork } {
  const network = new FlowNetwork(linkGbps);
  const arrivals = flows.map(() => NaN);
  const starts = flows.map((f, i) => ({ at: f.startS, i })).sort((a, b) => a.at - b.at || a.i - b.i);
  const ids = flows.map(() => -1);
  const cancels = [...cancel].sort((a, b) => a.atS - b.atS);
  let s = 0;
  let c = 0;
  for (;;) {
    const nextStart = starts[s]?.at ?? Infinity;
    const nextCancel = cancels[c]?.atS ?? Infinity;
    const t = Math.min(nextStart, nextCancel, network.nextTime());
    if (t === Infinity) return { arrivals, network };
    eachInstant?.(t, network);
    // The network's own events first, then cancellations, then new flows (as the simulation's order within an instant).
    network.advance(t, (tag) => {
      arrivals[tag] = t;
    });
    while (c < cancels.length && (cancels[c] as { atS: number }).atS <= t) {
      const k = (cancels[c] as { flow: number }).flow;
      if (ids[k]! >= 0 && Number.isNaN(arrivals[k]!)) network.cancel(ids[k]!, t);
      arrivals[k] = -1;
      c++;
    }
    while (s < starts.length && (starts[s] as { at: number }).at <= t) {
      const { i } = starts[s] as { i: number };
      const f = flows[i] as ReferenceFlow;
      if (arrivals[i] !== -1) ids[i] = network.start(i, f.route, f.sizeGB, f.latencyS, f.share, t);
      s++;
    }
  }
}

const flow = (route: number[], sizeGB: number, startS = 0, latencyS = 0, share = 1): ReferenceFlow => ({ route, sizeGB, startS, latencyS, share });

/** Random topologies of up to 6 links and up to 25 flows over them, starting within 20 s. */
const randomFlows = fc
    .record({
      linkGbps: fc.array(fc.double({ min: 0.5, max: 100, noNaN: true }), { minLength: 1, maxLength: 6 }),
      flows: fc.array(
        fc.record({
          startS: fc.double({ min: 0, max: 20, noNaN: true }),
          latencyS: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2, noNaN: true })),
          sizeGB: fc.double({ min: 0.01, max: 50, noNaN: true }),
          links: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 4 }),
          share: fc.oneof(fc.constant(1), fc.double({ min: 0.1, max: 10, noNaN: true })),
        }),
        { minLength: 1, maxLength: 25 },
      ),
    })
    .map(({ linkGbps, flows }) => ({
      linkGbps,
      flows: flows.map((f) => ({ ...f, route: [...new Set(f.links.map((l) => l % linkGbps.length))] })),
    }));

describe('FlowNetwork', () => {
  it('gives n equal transfers on one link B/n each, so all arrive together at n·size/B', () => {
    for (const n of [1, 2, 3, 7, 10]) {
      // 8 Gb/s = 1 GB/s; n flows of 10 GB each take 10n s.
      const { arrivals } = simulate([8], Array.from({ length: n }, () => flow([0], 10)));
      for (const t of arrivals) expect(t).toBeCloseTo(10 * n, 9);
    }
  });

  it('charges one-way latency before bandwidth: a lone transfer takes latency + size/bandwidth', () => {
    // 4 GB over 16 Gb/s (2 GB/s) after 0.05 s.
    const { arrivals } = simulate([16], [flow([0], 4, 3, 0.05)]);
    expect(arrivals[0]).toBeCloseTo(3 + 0.05 + 2, 12);
  });

  it('leaves what a flow bottlenecked on a slow link cannot use to the others on the fast link', () => {
    // Link 0: 8 GB/s shared by A and B; link 1: 2 GB/s, A only. A gets 2, B gets the other 6.
    const rates = referenceRates([8, 2], [{ route: [0, 1], share: 1 }, { route: [0], share: 1 }]);
    expect(rates).toEqual([2, 6]);
    const { arrivals } = simulate([64, 16], [flow([0, 1], 4), flow([0], 12)]);
    // A: 4 GB at 2 GB/s = 2 s. B: 12 GB at 6 GB/s = 2 s too.
    expect(arrivals[0]).toBeCloseTo(2, 12);
    expect(arrivals[1]).toBeCloseTo(2, 12);
  });

  it('shares a parking lot: the long flow over two links and a short flow on each get half a link each', () => {
    // Two 1 GB/s links; long flow over both, one short flow per link: all at 0.5 GB/s.
    // Short flows of 1 GB end at 2 s; the long one (3 GB) has 2 GB left and then runs alone at 1 GB/s: 4 s.
    const { arrivals } = simulate([8, 8], [flow([0, 1], 3), flow([0], 1), flow([1], 1)]);
    expect(arrivals[1]).toBeCloseTo(2, 12);
    expect(arrivals[2]).toBeCloseTo(2, 12);
    expect(arrivals[0]).toBeCloseTo(4, 12);
  });

  it('slows a flow mid-way when another starts, and speeds it up when that one ends', () => {
    // 1 GB/s link. A: 10 GB from 0. B: 2 GB from 4. 0–4: A alone moves 4. 4–8: both at 0.5: B done at 8, A has 4 left.
    // 8–12: A alone: done at 12.
    const { arrivals } = simulate([8], [flow([0], 10), flow([0], 2, 4)]);
    expect(arrivals[1]).toBeCloseTo(8, 12);
    expect(arrivals[0]).toBeCloseTo(12, 12);
  });

  it('weights shares: a flow of share 3 gets three times the rate of a flow of share 1', () => {
    // 1 GB/s: 0.75 and 0.25. A (3 GB) done at 4; B (3 GB) moved 1, then alone: 2 more s → 6.
    const { arrivals } = simulate([8], [flow([0], 3, 0, 0, 3), flow([0], 3, 0, 0, 1)]);
    expect(arrivals[0]).toBeCloseTo(4, 12);
    expect(arrivals[1]).toBeCloseTo(6, 12);
  });

  it('gives a cancelled flow’s share back to the others', () => {
    // Two 10 GB flows on 1 GB/s; the second is cancelled at 4 (each moved 2). The first has 8 left alone: 12.
    const { arrivals } = simulate([8], [flow([0], 10), flow([0], 10)], [{ flow: 1, atS: 4 }]);
    expect(arrivals[0]).toBeCloseTo(12, 12);
  });

  it('never recomputes a flow across an idle corner of the network', () => {
    // Links 0 and 1 are disjoint: flows on link 1 come and go without touching link 0's.
    const network = new FlowNetwork([8, 8]);
    for (let i = 0; i < 50; i++) network.start(i, [0], 100, 0, 1, 0);
    network.advance(0, () => {});
    const before = network.flowsRecomputed;
    network.start(99, [1], 1, 0, 1, 1);
    network.advance(1, () => {});
    network.advance(network.nextTime(), () => {});
    // One recomputation as it started moving and one as it ended, each over that one flow alone (or none).
    expect(network.flowsRecomputed - before).toBeLessThanOrEqual(1);
  });

  it('recomputes once for all the flows that start moving in one instant, with the rates of one by one', () => {
    const network = new FlowNetwork([8, 80]);
    for (let i = 0; i < 100; i++) network.start(i, i % 2 === 0 ? [0] : [0, 1], 1 + i, 0, 1, 0);
    network.advance(0, () => undefined);
    expect(network.recomputations).toBe(1);
    expect(network.flowsRecomputed).toBe(100);
    // 1 GB/s shared by 100: each moves at 0.01 GB/s.
    for (let f = 0; f < 100; f++) expect(network.rateOf(f)).toBeCloseTo(0.01, 15);
  });

  it('expects a new transfer to take its bytes plus what the flows sharing its links move meanwhile, over the slowest link', () => {
    // Links: 0 at 8 GB/s, 1 at 2 GB/s.
    const network = new FlowNetwork([64, 16]);
    expect(network.expectedS([0, 1], 4, 1, 0)).toBe(2);
    // A 100 GB flow still paying latency on link 0 is about to compete: a new 10 GB flow shares the link with it
    // until it has moved its 10 GB, and the link moves 20 GB meanwhile.
    network.start(0, [0], 100, 1, 1, 0);
    expect(network.expectedS([0], 10, 1, 0)).toBe(2.5);
    // Moving from t = 1 at 8 GB/s, it has 92 GB left at t = 2: a 200 GB flow outlasts it, so 292 GB cross the link.
    network.advance(1, () => undefined);
    expect(network.expectedS([0], 10, 1, 2)).toBe(2.5);
    expect(network.expectedS([0], 200, 1, 2)).toBe(36.5);
    // With three times the other's share, 30 GB move while the other moves 10.
    expect(network.expectedS([0], 30, 3, 2)).toBe(5);
    // The estimate is what happens when nobody else comes: the new flow arrives 2.5 s after it starts.
    const { arrivals } = simulate([64], [flow([0], 100), flow([0], 10, 2)]);
    expect(arrivals[1]).toBeCloseTo(2 + 2.5, 12);
  });

  it('ends a flow whose remainder is too small to move the clock, as the reference does (a case the property drew)', () => {
    // One link of 83.018… Gb/s (B = 10.377… GB/s). Flows 0 and 1 start a hair after 0 and share it; 1 (0.0458 GB)
    // arrives at 2·0.0458/B, then 0 has the link alone; flow 2 (0.01 GB) moves alone from t = 20. Its remainder
    // after one step is 1.7e-14 GB, under half an ulp of 20 s at rate B: the reference once looped on it for ever.
    const gbps = 83.01818781743758;
    const B = gbps / 8;
    const flows = [
      flow([0], 49.99999999999993, 0, 6.524000655808744e-108),
      flow([0], 0.04579001343145011, 4.3527215007290554e-247),
      flow([0], 0.010000000000000024, 19.999999999999986),
    ];
    const oneArrives = (2 * 0.04579001343145011) / B;
    const expected = [oneArrives + (49.99999999999993 - 0.04579001343145011) / B, oneArrives, 19.999999999999986 + 0.010000000000000024 / B];
    const { arrivals } = simulate([gbps], flows);
    const reference = referenceCompletions([B], flows);
    expected.forEach((t, i) => {
      expect(arrivals[i]).toBeCloseTo(t, 12);
      expect(reference[i]).toBeCloseTo(t, 12);
    });
  });

  it('matches a separately written progressive-filling reference on random topologies and flows, within 1e-9', () => {
    fc.assert(
      fc.property(randomFlows, ({ linkGbps, flows }) => {
        const expected = referenceCompletions(
          linkGbps.map((g) => g / 8),
          flows,
        );
        const { arrivals } = simulate(linkGbps, flows);
        arrivals.forEach((t, i) => {
          expect(Math.abs(t - expected[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, expected[i]!));
        });
      }),
      { numRuns: 300 },
    );
  });

  // Two sets of flows, the second long after the first has ended, on other links (each
  // route moved one link on) with other sizes. Before the second, the stamp jumps to its
  // last value, as after 2^32 − 1 recomputations: the second set's recomputations wrap
  // around to stamps 1, 2, … which the first set's links and flows still hold unless the
  // wrap clears them. Returns the arrivals with the jump and without.
  function acrossTheWrap(linkGbps: number[], flows: ReferenceFlow[]): { wrapped: number[]; plain: number[] } {
    const later = 1e6;
    const n = linkGbps.length;
    const second = flows.map((f) => ({ ...f, route: f.route.map((l) => (l + 1) % n), sizeGB: f.sizeGB * 1.7, startS: f.startS + later }));
    const twice = [...flows, ...second];
    let jumped = false;
    const jump = (t: number, network: FlowNetwork): void => {
      if (jumped || t < later) return;
      jumped = true;
      (network as unknown as { epoch: number }).epoch = 0xffffffff;
    };
    const wrapped = simulate(linkGbps, twice, [], jump).arrivals;
    expect(jumped).toBe(true);
    return { wrapped, plain: simulate(linkGbps, twice).arrivals };
  }

  it('gives the same rates after its recomputation stamps wrap around as before (2^32 − 1 recomputations; property)', () => {
    fc.assert(
      fc.property(randomFlows, ({ linkGbps, flows }) => {
        const { wrapped, plain } = acrossTheWrap(linkGbps, flows);
        expect(wrapped).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });

  it('forgets, at the wrap, which links the recomputations before it reached (a case a fresh seed drew)', () => {
    const { wrapped, plain } = acrossTheWrap(
      [0.5, 0.5],
      [flow([1], 0.01, 0, 0, 0.1), flow([0], 0.01, 0.5439999999362044, 0, 1), flow([1], 0.01, 5e-324, 0, 0.1)],
    );
    expect(wrapped).toEqual(plain);
  });

  it('conserves bytes: the GB each link carried equal the sizes of the flows that crossed it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ sizeGB: fc.double({ min: 0.1, max: 20, noNaN: true }), startS: fc.double({ min: 0, max: 10, noNaN: true }), link: fc.nat(2) }), {
          minLength: 1,
          maxLength: 20,
        }),
        (specs) => {
          const flows = specs.map((s) => flow(s.link === 2 ? [0, 1] : [s.link], s.sizeGB, s.startS));
          const { network, arrivals } = simulate([8, 24], flows);
          const end = Math.max(...arrivals);
          const { gb } = network.linkTotals(end);
          const through = (l: number): number => flows.filter((f) => f.route.includes(l)).reduce((s, f) => s + f.sizeGB, 0);
          expect(gb[0]).toBeCloseTo(through(0), 6);
          expect(gb[1]).toBeCloseTo(through(1), 6);
        },
      ),
    );
  });
});
