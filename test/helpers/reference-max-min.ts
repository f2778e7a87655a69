/**
 * A plain reference for flow-level sharing, written apart from
 * `src/sim/flow-network.ts` to check it: at every event (a flow starts
 * moving or ends) every rate is recomputed from scratch by progressive
 * filling over the whole network, and time advances to the next event.
 */
export interface ReferenceFlow {
  startS: number;
  latencyS: number;
  sizeGB: number;
  /** Link indices. */
  route: number[];
  /** Weight in the fair split (1: plain max-min). */
  share: number;
}

/** Max-min fair rates (GB/s) for flows over links of the given capacities (GB/s), weighted by share. */
export function referenceRates(capacityGBps: number[], flows: { route: number[]; share: number }[]): number[] {
  const rates = flows.map(() => NaN);
  const remaining = [...capacityGBps];
  let open = flows.map((_, i) => i);
  while (open.length > 0) {
    // The lowest level at which some link runs full, over the flows still growing.
    let best = Infinity;
    let bottleneck = -1;
    remaining.forEach((cap, l) => {
      const weight = open.filter((i) => flows[i]!.route.includes(l)).reduce((s, i) => s + flows[i]!.share, 0);
      if (weight > 0 && cap / weight < best) {
        best = cap / weight;
        bottleneck = l;
      }
    });
    const frozen = open.filter((i) => flows[i]!.route.includes(bottleneck));
    for (const i of frozen) {
      rates[i] = best * flows[i]!.share;
      for (const l of flows[i]!.route) remaining[l] = Math.max(0, remaining[l]! - rates[i]!);
    }
    open = open.filter((i) => !frozen.includes(i));
  }
  return rates;
}

/** Arrival time of every flow, recomputing all rates at every event. */
export function referenceCompletions(capacityGBps: number[], flows: ReferenceFlow[]): number[] {
  const done = flows.map(() => NaN);
  const left = flows.map((f) => f.sizeGB);
  const movesAt = flows.map((f) => f.startS + f.latencyS);
  let now = 0;
  for (;;) {
    const moving = flows.map((_, i) => i).filter((i) => Number.isNaN(done[i]!) && movesAt[i]! <= now);
    const rates = referenceRates(
      capacityGBps,
      moving.map((i) => flows[i]!),
    );
    // When each moving flow would arrive at these rates; one whose latency is paid with nothing to move arrives at once.
    const arrivesAt = moving.map((i, k) => (left[i]! <= 0 ? now : now + left[i]! / rates[k]!));
    let next = Math.min(Infinity, ...arrivesAt);
    flows.forEach((_, i) => {
      if (Number.isNaN(done[i]!) && movesAt[i]! > now) next = Math.min(next, movesAt[i]!);
    });
    if (next === Infinity) return done;
    const dt = next - now;
    moving.forEach((i, k) => {
      // The flows whose arrival is this event are done: judged by time, not by bytes left, since a remainder
      // too small to move `now` by one representable step would otherwise never arrive (rounding).
      if (arrivesAt[k]! <= next) {
        left[i] = 0;
        done[i] = next;
      } else {
        left[i] = left[i]! - rates[k]! * dt;
      }
    });
    now = next;
  }
}
