import type { Problem } from './problem.js';
import type { ExpandedScenarioData, Origin, PoolSpec } from './scenario.js';
import { poolNodes } from './pool-nodes.js';
import { meanOf } from './work-size.js';

type Path = (string | number)[];
type Arrivals = NonNullable<ExpandedScenarioData['workload'][number]['arrivals']>;

/**
 * Most events a scenario may imply before it ends. The simulation applies
 * one to two million events a second, so this is ten to twenty minutes of
 * work: a scenario that needs more is almost always a slip of a unit (an
 * MMPP state of 1e-300 s, nodes that fail every microsecond), and would
 * otherwise look like a hang.
 */
export const MAX_EVENTS = 1e9;

/** What one part of a scenario brings to the event count, and where it is written. */
interface Contribution {
  where: Origin;
  field: Path;
  what: string;
  events: number;
}

/**
 * Refuses arrival processes that can bring no job at all, and scenarios whose
 * arrival processes, failure models and price schedules imply more than
 * `MAX_EVENTS` events before the run ends. Without a horizon the run lasts
 * at least until the last expected arrival, which is the span used then (a
 * lower bound: a refusal is never a false alarm).
 */
export function checkEventBudget(
  s: ExpandedScenarioData,
  locate: (where: Origin, field: Path, message: string) => Problem,
): Problem[] {
  const problems: Problem[] = [];
  const top: Origin = { path: [] };
  const spanS = s.horizon ?? lastExpectedArrivalS(s);
  const until = s.horizon === undefined ? 'before the last expected arrival' : 'before the horizon';
  const parts: Contribution[] = [];

  s.workload.forEach((w, wi) => {
    const a = w.arrivals;
    if (a === undefined) return;
    const field: Path = ['workload', wi, 'arrivals'];
    if (a.process === 'mmpp' && a.states.every((st) => st.rate === 0)) {
      problems.push(locate(top, [...field, 'states'], 'every state has rate 0, so this MMPP never brings a job (and would switch states forever): give a state a rate above 0'));
      return;
    }
    const rate = meanRate(a);
    const entrySpanS = Math.min(spanS, w.count === undefined ? Infinity : w.count / rate);
    const arrivals = Math.min(w.count ?? Infinity, rate * entrySpanS);
    if (a.process === 'mmpp') {
      // States are left for another chosen uniformly, so each is visited equally often: switches come every mean(meanS).
      const meanStayS = a.states.reduce((t, st) => t + st.meanS, 0) / a.states.length;
      parts.push({ where: top, field, what: 'this MMPP (state switches and arrivals)', events: entrySpanS / meanStayS + arrivals });
    } else if (a.process === 'diurnal') {
      // Thinning draws candidates at the peak rate.
      parts.push({ where: top, field, what: 'this diurnal process (candidates drawn at the peak rate)', events: a.rate * (1 + a.amplitude) * entrySpanS });
    }
  });

  for (const site of s.sites) {
    for (const pool of site.pools) {
      const where = pool.origin;
      if (pool.failures !== undefined) {
        // Each node alternates up and down: a failure and a repair per cycle.
        const cycleS = (pool.failures.mtbfHours + pool.failures.repairHours) * 3600;
        const nodes = poolNodes(pool);
        parts.push({ where, field: ['failures'], what: `the failures of pool ${pool.name ?? `${site.name}/${pool.chip}`} (${nodes.toLocaleString('en-US')} nodes)`, events: (2 * nodes * spanS) / cycleS });
      }
      const tick = ruleIntervalS(pool);
      if (tick !== undefined) parts.push({ where, field: ['elastic', 'rule'], what: `the ${pool.elastic?.rule ?? ''} rule of pool ${pool.name ?? `${site.name}/${pool.chip}`} (evaluated every ${tick} s)`, events: spanS / tick });
      const curve = pool.priceCurve;
      if (curve?.kind === 'periodic') {
        parts.push({ where, field: ['priceSchedule'], what: `the price schedule of pool ${pool.name ?? `${site.name}/${pool.chip}`} (${curve.atS.length} step${curve.atS.length === 1 ? '' : 's'} a period)`, events: (curve.atS.length * spanS) / curve.periodS });
      }
      if (pool.dynamicPricing !== undefined) {
        parts.push({ where, field: ['pricing'], what: `the dynamic price of pool ${pool.name ?? `${site.name}/${pool.chip}`} (an evaluation every ${pool.dynamicPricing.intervalS} s)`, events: spanS / pool.dynamicPricing.intervalS });
      }
    }
  }

  if (s.market?.mechanism === 'call') parts.push({ where: top, field: ['market', 'intervalS'], what: `the call market (a clearing every ${s.market.intervalS} s)`, events: spanS / s.market.intervalS });

  problems.push(...endlessRestarts(s, locate));

  const total = parts.reduce((n, p) => n + p.events, 0);
  if (!(total > MAX_EVENTS)) return problems;
  const worst = parts.reduce((a, b) => (b.events > a.events ? b : a));
  const others = total - worst.events;
  const rest = others >= 1 ? ` (${formatCount(total)} with the rest of the scenario)` : '';
  problems.push(
    locate(
      worst.where,
      worst.field,
      `${worst.what}: about ${formatCount(worst.events)} events ${until}${rest}; at most ${formatCount(MAX_EVENTS)} are simulated (a mean time or period is probably in the wrong unit)`,
    ),
  );
  return problems;
}

/** Seconds between an elastic pool's rule evaluations on a timer, or undefined when it has none. */
function ruleIntervalS(pool: PoolSpec): number | undefined {
  const e = pool.elastic;
  if (e === undefined) return undefined;
  if (e.rule === 'target-utilisation') return e.targetUtilisation.intervalS;
  if (e.rule === 'queue-length' && e.queueLength.intervalS > 0) return e.queueLength.intervalS;
  return undefined;
}

/** Long-run mean arrival rate of a process, per second. */
export function meanRate(a: Arrivals): number {
  switch (a.process) {
    case 'poisson':
    case 'diurnal':
      return a.rate;
    case 'mmpp': {
      // Time-weighted over states, each visited in turn for its mean duration.
      const total = a.states.reduce((t, st) => t + st.meanS, 0);
      return a.states.reduce((r, st) => r + (st.rate * st.meanS) / total, 0);
    }
  }
}

/**
 * Without a horizon (or with `drain`) a run lasts until its jobs finish, and
 * a job whose node fails starts over: a job of w seconds on nodes that fail
 * at rate λ in all needs about e^(λw) attempts. When, on every pool that can
 * run a class, a job of mean size would need more than `MAX_EVENTS`, the run
 * would not end; the class's most reliable pool is named.
 */
function endlessRestarts(s: ExpandedScenarioData, locate: (where: Origin, field: Path, message: string) => Problem): Problem[] {
  if (s.onNodeFailure !== 'requeue' || (s.horizon !== undefined && !s.drain)) return [];
  const problems: Problem[] = [];
  const used = new Set([...s.workload.map((w) => w.class), ...s.jobs.map((j) => j.class)]);
  for (const [name, cls] of Object.entries(s.classes)) {
    if (!used.has(name)) continue;
    const workS = meanOf(cls.work);
    let best: { exponent: number; pool: PoolSpec; runS: number; name: string } | undefined;
    for (const site of s.sites) {
      for (const pool of site.pools) {
        const speed = Object.hasOwn(cls.speed, pool.chip) ? (cls.speed[pool.chip] as number) : 0;
        if (!(speed > 0)) continue;
        const runS = workS / speed;
        const nodes = cls.chips > pool.chipsPerNode ? Math.ceil(cls.chips / pool.chipsPerNode) : 1;
        const exponent = pool.failures === undefined ? 0 : (runS * nodes) / (pool.failures.mtbfHours * 3600);
        if (best === undefined || exponent < best.exponent) best = { exponent, pool, runS, name: pool.name ?? `${site.name}/${pool.chip}` };
      }
    }
    if (best === undefined || !(best.exponent > Math.log(MAX_EVENTS))) continue;
    const restarts = Math.expm1(best.exponent);
    const count = Number.isFinite(restarts) ? `about ${formatCount(restarts)}` : 'more than 1e+308';
    problems.push(
      locate(
        best.pool.origin,
        ['failures'],
        `a job of class "${name}" of mean size (${Number(best.runS.toPrecision(3))} s in pool ${best.name}, its most reliable) would start over ${count} times before it finished, since a failure restarts it; without a horizon (or with drain) the run would not end`,
      ),
    );
  }
  return problems;
}

/** When the last arrival is expected: the explicit jobs' last, and each generated stream's count over its rate. */
function lastExpectedArrivalS(s: ExpandedScenarioData): number {
  let last = s.jobs.reduce((t, j) => Math.max(t, j.arrival), 0);
  for (const w of s.workload) {
    if (w.arrivals === undefined || w.count === undefined) continue;
    const rate = meanRate(w.arrivals);
    if (rate > 0) last = Math.max(last, w.count / rate);
  }
  return last;
}

/** 1,000,000,000 below a trillion, else 3.6e+302. */
function formatCount(n: number): string {
  return n < 1e12 ? Math.round(n).toLocaleString('en-US') : n.toExponential(1);
}
