import { UserError } from '../errors.js';
import type { GroupResults, Results } from '../metrics/results.js';
import { compareMetrics, type CompareMetric, type MetricSource, type MetricUnit } from './compare-metrics.js';
import { marketCompareMetrics } from './market-metrics.js';

/** A `--metric` that names no metric, class or origin the runs have. */
export class MetricError extends UserError {
  override name = 'MetricError';
}

/** The classes and origin regions a metric may be restricted to (those of the scenario, or of a sweep's rows). */
export interface MetricGroups {
  classes: readonly string[];
  origins: readonly string[];
}

/** A metric read the same way from the whole run or from one class's or origin's part of it. */
interface Selectable {
  /** Its path in the results contract: `jct.p95`, `slo.circleMet`. */
  path: string;
  label: string;
  description: string;
  unit: MetricUnit;
  better: 'lower' | 'higher';
  pick: (g: GroupResults) => number | null;
}

const summaries = [
  { name: 'wait', label: 'wait', unit: 's', what: 'time in queue, jobs that started' },
  { name: 'jct', label: 'JCT', unit: 's', what: 'job completion time (arrival to finish), completed jobs' },
  { name: 'slowdown', label: 'slowdown', unit: 'ratio', what: 'bounded slowdown, completed jobs' },
  { name: 'rttMs', label: 'RTT', unit: 'ms', what: 'round-trip time from origin to site, placed jobs' },
] as const;
const statistics = [
  { name: 'mean', label: 'mean', what: 'mean' },
  { name: 'p50', label: 'p50', what: 'median' },
  { name: 'p95', label: 'p95', what: '95th percentile' },
  { name: 'p99', label: 'p99', what: '99th percentile' },
  { name: 'max', label: 'max', what: 'maximum' },
] as const;

const fraction = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Everything a metric spec may name, by path; each can be restricted to a class or an origin. */
const selectable: readonly Selectable[] = [
  ...summaries.flatMap((s) =>
    statistics.map(
      (q): Selectable => ({
        path: `${s.name}.${q.name}`,
        label: `${q.label} ${s.label}`,
        description: `${q.what} of ${s.what}`,
        unit: s.unit,
        better: 'lower',
        pick: (g) => g[s.name][q.name],
      }),
    ),
  ),
  { path: 'slo.circleMet', label: 'circle', description: 'fraction of jobs with a latency-circle SLO placed inside their circle', unit: 'fraction', better: 'higher', pick: (g) => g.slo.circleMet },
  { path: 'slo.deadlineMet', label: 'deadline', description: 'fraction of jobs with a deadline that completed by it', unit: 'fraction', better: 'higher', pick: (g) => g.slo.deadlineMet },
  { path: 'cost.total', label: 'cost', description: 'total cost of every counted job, completed or cut', unit: '$', better: 'lower', pick: (g) => g.cost.total },
  { path: 'cost.perJob', label: 'cost/job', description: 'total cost per completed job', unit: '$', better: 'lower', pick: (g) => g.cost.perJob },
  { path: 'energyKWh', label: 'energy', description: 'energy drawn', unit: 'kWh', better: 'lower', pick: (g) => g.energyKWh },
  {
    path: 'started',
    label: 'started',
    description: 'fraction of arrived jobs that started (not rejected, not left waiting)',
    unit: 'fraction',
    better: 'higher',
    pick: (g) => fraction(g.jobs.arrived - g.jobs.rejected - g.jobs.neverStarted, g.jobs.arrived),
  },
  { path: 'completed', label: 'completed', description: 'fraction of arrived jobs that completed', unit: 'fraction', better: 'higher', pick: (g) => fraction(g.jobs.completed, g.jobs.arrived) },
];

/** The compare keys that stand for a path (`jctP95` is `jct.p95`); a spec may use either. */
const pathOfKey: Readonly<Record<string, string>> = {
  jctP95: 'jct.p95',
  waitP99: 'wait.p99',
  circleMet: 'slo.circleMet',
  deadlineMet: 'slo.deadlineMet',
  cost: 'cost.total',
  costPerJob: 'cost.perJob',
  energyKWh: 'energyKWh',
  started: 'started',
  jctMean: 'jct.mean',
  waitMean: 'wait.mean',
  completed: 'completed',
  rttP95: 'rttMs.p95',
  slowdownMean: 'slowdown.mean',
};

/** Metrics of the whole run only: utilisation belongs to the chips, which classes and origins share. */
const runOnly = new Set(['utilization', 'utilization.overall']);

/**
 * The elastic pools' bill (the results' `elastic.cost`), for comparing
 * scaling rules and floors; of the whole run, and never in the default
 * set, which is the same for every scenario.
 */
const elasticMetrics: readonly CompareMetric[] = (['total', 'reserved', 'onDemandBusy', 'onDemandIdle'] as const).map((part) => ({
  key: part === 'total' ? 'elastic.cost' : `elastic.cost.${part}`,
  label: part === 'total' ? 'pool bill' : part === 'reserved' ? 'reserved' : part === 'onDemandBusy' ? 'od busy' : 'od idle',
  description: part === 'total' ? 'what the elastic pools cost: reserved nodes, and on-demand nodes from boot to power-off' : `the elastic pools' bill: ${part}`,
  unit: '$',
  better: 'lower',
  inTable: true,
  value: (r: MetricSource) => r.elastic?.cost[part] ?? null,
}));

/** A spec taken apart: the metric's name and the class or origin it is restricted to, if any. */
export interface MetricSpec {
  metric: string;
  group?: { kind: 'class' | 'origin'; name: string };
}

/**
 * Reads `jct.p95`, `jctP95`, `jct.p95@class=chat` or `cost@origin=beijing`
 * (the name after `=` is taken whole, so it may hold any character).
 */
export function parseMetricSpec(spec: string): MetricSpec {
  const at = spec.indexOf('@');
  if (at < 0) return { metric: spec.trim() };
  const metric = spec.slice(0, at).trim();
  const selector = spec.slice(at + 1);
  const eq = selector.indexOf('=');
  const kind = eq < 0 ? '' : selector.slice(0, eq).trim();
  if (kind !== 'class' && kind !== 'origin') throw new MetricError(`--metric "${spec}": after @ give class=<name> or origin=<name>`);
  const name = selector.slice(eq + 1);
  if (name === '') throw new MetricError(`--metric "${spec}": name the ${kind} after ${kind}=`);
  return { metric, group: { kind, name } };
}

/** The metrics that can be restricted to a class or an origin, for messages. */
function groupMetricNames(): string {
  const quantiles = summaries.map((s) => `${s.name}.{${statistics.map((q) => q.name).join(',')}}`);
  const rest = selectable.filter((s) => !summaries.some((x) => s.path.startsWith(`${x.name}.`))).map((s) => s.path);
  return [...quantiles, ...rest].join(', ');
}

/** What `--metric` accepts, for messages. */
export function metricNames(): string {
  return `${groupMetricNames()}, utilization, ${[...elasticMetrics, ...marketCompareMetrics].map((m) => m.key).join(', ')} (whole run only); or a compare key: ${compareMetrics.map((m) => m.key).join(', ')}`;
}

/**
 * The metric a spec names, checked against the classes and origins the runs
 * have: unknown names get one message listing what is allowed. A spec
 * without `@` that names a default compare metric (`jct.p95`, `jctP95`)
 * gives that metric itself, key and all.
 */
export function resolveMetric(spec: string, groups: MetricGroups): CompareMetric {
  const parsed = parseMetricSpec(spec);
  const group = parsed.group;
  if (group !== undefined) {
    const known = group.kind === 'class' ? groups.classes : groups.origins;
    if (!known.includes(group.name)) {
      const list = known.length === 0 ? 'none' : known.map((n) => JSON.stringify(n)).join(', ');
      throw new MetricError(`--metric "${spec}": unknown ${group.kind} ${JSON.stringify(group.name)} — ${group.kind === 'class' ? 'classes' : 'origins'}: ${list}`);
    }
  }
  return metricFor(spec, parsed);
}

/** The metric a spec names, not checked against any run's classes (a missing one reads as no value): for keys read back from a comparison. */
export function metricOf(spec: string): CompareMetric {
  return metricFor(spec, parseMetricSpec(spec));
}

function metricFor(spec: string, { metric, group }: MetricSpec): CompareMetric {
  if (runOnly.has(metric)) {
    if (group !== undefined) throw new MetricError(`--metric "${spec}": utilisation is not split by ${group.kind}, since the chips are shared; per ${group.kind}: ${groupMetricNames()}`);
    return compareMetrics.find((m) => m.key === 'utilization') as CompareMetric;
  }
  const elastic = elasticMetrics.find((m) => m.key === metric);
  if (elastic !== undefined) {
    if (group !== undefined) throw new MetricError(`--metric "${spec}": the elastic pools' bill is not split by ${group.kind}; per ${group.kind}: ${groupMetricNames()}`);
    return elastic;
  }
  const market = marketCompareMetrics.find((m) => m.key === metric);
  if (market !== undefined) {
    if (group !== undefined) throw new MetricError(`--metric "${spec}": the market's figures are not split by ${group.kind}; per ${group.kind}: ${groupMetricNames()}`);
    return market;
  }
  const path = pathOfKey[metric] ?? metric;
  const s = selectable.find((x) => x.path === path);
  if (s === undefined) throw new MetricError(`--metric "${spec}": unknown metric ${JSON.stringify(metric)} — known: ${metricNames()}`);
  if (group === undefined) {
    const standard = compareMetrics.find((m) => pathOfKey[m.key] === path);
    if (standard !== undefined) return standard;
    return { key: path, label: s.label, description: s.description, unit: s.unit, better: s.better, inTable: true, value: (r) => s.pick(r) };
  }
  const table = (r: MetricSource): Record<string, GroupResults> | undefined => (group.kind === 'class' ? r.byClass : r.byOrigin);
  const where = group.kind === 'class' ? `class ${group.name}` : `jobs from ${group.name}`;
  // Energy per group is what its jobs drew; idle chips belong to no class or origin.
  const description = path === 'energyKWh' ? `busy energy drawn by the jobs of the ${where}` : `${s.description}, ${where} only`;
  return {
    key: `${path}@${group.kind}=${group.name}`,
    label: `${s.label} (${group.kind === 'class' ? group.name : `from ${group.name}`})`,
    description,
    unit: s.unit,
    better: s.better,
    inTable: true,
    value: (r) => {
      const t = table(r);
      // Own entries only: a group named "constructor" must not find Object.prototype's.
      const g = t !== undefined && Object.hasOwn(t, group.name) ? t[group.name] : undefined;
      return g === undefined ? null : s.pick(g);
    },
  };
}

/** The metrics `--metric` names, each once, checked against the classes and origins there are. */
export function chosenMetrics(specs: readonly string[], groups: MetricGroups): CompareMetric[] {
  if (specs.length === 0) throw new MetricError('no metrics to compare');
  // Asked for by name, so shown in the terminal table too (some defaults are JSON-only).
  const metrics = specs.map((spec) => ({ ...resolveMetric(spec, groups), inTable: true }));
  const twice = metrics.findIndex((m, i) => metrics.findIndex((o) => o.key === m.key) !== i);
  if (twice >= 0) {
    const key = (metrics[twice] as CompareMetric).key;
    throw new MetricError(`--metric: ${specs.filter((_, i) => (metrics[i] as CompareMetric).key === key).map((x) => `"${x}"`).join(' and ')} name the same metric`);
  }
  return metrics;
}

/** The classes and origins a run's results hold (a sweep row's, say). */
export function groupsOf(r: Pick<Results, 'byClass' | 'byOrigin'>): MetricGroups {
  return { classes: Object.keys(r.byClass), origins: Object.keys(r.byOrigin) };
}
