/**
 * Rate recomputation on a shared network at scale (issue 18): concurrent
 * transfers over a 100-link backbone, churning (each transfer that arrives
 * is replaced by a new one on the same route), on `FlowNetwork` alone.
 *
 * Two layouts of the same flows, in the same process and interleaved:
 * - `local`: each flow crosses two neighbouring links of the 100 (a ring
 *   of 50 two-link segments), so a change touches only the flows of its
 *   segment: about n / 50 flows.
 * - `shared`: each flow also crosses one trunk link, so every flow shares
 *   a link with every other and a change touches all n.
 * Reported per layout and concurrency n (1,000, 3,000, 10,000):
 * recomputations per second, flows touched per recomputation, and
 * microseconds per recomputation. The cost should follow the flows
 * touched, not the size of the network.
 *
 * Each run replaces `--arrivals` transfers (default 20,000 for `local`,
 * and 1,000 for `shared`, whose recomputations cost n times more).
 *
 *   npm run bench:network [-- --rounds 3 --arrivals 20000 --shared-arrivals 1000]
 */
import { FlowNetwork } from '../src/sim/flow-network.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const rounds = arg('rounds', 3);
const arrivals = { local: arg('arrivals', 20_000), shared: arg('shared-arrivals', 1_000) };
const LINKS = 100;

/** A small deterministic generator (mulberry32), so each layout sees the same sizes. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function routeOf(i: number, shared: boolean): number[] {
  // Links 0..98 in 50 two-link segments (the last segment wraps onto link 0); link 99 is the trunk.
  const segment = i % 50;
  const pair = [2 * segment, (2 * segment + 1) % (LINKS - 1)];
  return shared ? [...pair, LINKS - 1] : pair;
}

function churn(n: number, shared: boolean): { seconds: number; recomputations: number; flowsPerRecomputation: number } {
  // 100 Gb/s each, the trunk 400 Gb/s; transfers of 1 to 100 GB.
  const network = new FlowNetwork(Array.from({ length: LINKS }, (_, l) => (l === LINKS - 1 ? 400 : 100)));
  const random = rng(42);
  for (let i = 0; i < n; i++) network.start(i, routeOf(i, shared), 1 + 99 * random(), 0, 1, 0);
  network.advance(0, () => undefined);
  const before = { r: network.recomputations, f: network.flowsRecomputed };
  let done = 0;
  const started = performance.now();
  const target = shared ? arrivals.shared : arrivals.local;
  while (done < target) {
    const t = network.nextTime();
    network.advance(t, (tag) => {
      done++;
      // The transfer is replaced on its route; it starts moving at the next event.
      network.start(tag, routeOf(tag, shared), 1 + 99 * random(), 0, 1, t);
    });
  }
  const seconds = (performance.now() - started) / 1000;
  const recomputations = network.recomputations - before.r;
  return { seconds, recomputations, flowsPerRecomputation: (network.flowsRecomputed - before.f) / recomputations };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

// Warm up both paths so that neither pays for compiling the code.
churn(1_000, false);
churn(1_000, true);
console.log(`rate recomputation, ${LINKS} links, ${arrivals.local.toLocaleString('en-US')} (local) and ${arrivals.shared.toLocaleString('en-US')} (shared) arrivals per run, median of ${rounds} rounds (Node ${process.version})`);
console.log('layout  concurrent  recomputations/s  flows per recomputation  µs per recomputation');
for (const n of [1_000, 3_000, 10_000]) {
  const seen = { local: [] as number[], shared: [] as number[] };
  let per = { local: 0, shared: 0 };
  let count = { local: 0, shared: 0 };
  for (let r = 0; r < rounds; r++) {
    for (const layout of r % 2 === 0 ? (['local', 'shared'] as const) : (['shared', 'local'] as const)) {
      const run = churn(n, layout === 'shared');
      seen[layout].push(run.seconds);
      per = { ...per, [layout]: run.flowsPerRecomputation };
      count = { ...count, [layout]: run.recomputations };
    }
  }
  for (const layout of ['local', 'shared'] as const) {
    const s = median(seen[layout]);
    const rate = count[layout] / s;
    console.log(`${layout.padEnd(7)} ${n.toLocaleString('en-US').padStart(10)}  ${Math.round(rate).toLocaleString('en-US').padStart(16)}  ${per[layout].toFixed(1).padStart(23)}  ${((s / count[layout]) * 1e6).toFixed(1).padStart(20)}`);
  }
}
