/**
 * The invariants every results object (the results contract, docs/outputs.md)
 * must hold, checked on the object as the library returns it, before JSON
 * would turn NaN and Infinity into null:
 *
 * - jobs conserved: arrived = completed + rejected + failed + unfinished,
 *   for every object that carries those counts (per class and origin too);
 * - numbers are finite everywhere, and null only where the contract allows
 *   it (a summary of no observations, no horizon, no makespan yet, an SLO
 *   nobody had, a cost per job with no job completed);
 * - utilisation, fragmentation and SLO fractions within [0, 1];
 * - cost and energy ≥ 0;
 * - per class and per origin (`byClass`, `byOrigin`): each group holds the
 *   same invariants as the run, and the groups' counts, costs and energy add
 *   up to the run's (energy with `energy.unattributedKWh`);
 * - summaries ordered (p50 ≤ p95 ≤ p99 ≤ max) and time never going back.
 *
 * Same seed → same bytes is checked by the caller, which runs twice.
 */

/** One broken invariant. `where` names the field; `pattern` is the same with map keys as `*`, for grouping. */
export interface Violation {
  invariant: string;
  where: string;
  pattern: string;
  value: string;
}

/** Float slack for fractions and orderings computed in different orders. */
const EPS = 1e-9;

type Json = unknown;

export function checkResults(results: Json): Violation[] {
  const out: Violation[] = [];
  const add = (invariant: string, where: string, pattern: string, value: unknown): void => {
    out.push({ invariant, where, pattern, value: show(value) });
  };
  if (!isObject(results)) {
    add('results are an object', '', '', results);
    return out;
  }

  checkNumbers(results, '', '', add);
  checkConservation(results, '', '', add);

  const jobs = results.jobs;
  const completed = isObject(jobs) && typeof jobs.completed === 'number' ? jobs.completed : undefined;
  for (const key of ['wait', 'jct', 'slowdown', 'rttMs']) checkSummary(results[key], key, add);
  const cost = results.cost;
  if (isObject(cost)) {
    nonNegative(cost.total, 'cost.total', 'cost.total', add);
    eachEntry(cost.byProvider, 'cost.byProvider', (v, w, p) => nonNegative(v, w, p, add));
    if (cost.perJob === null && completed !== undefined && completed > 0) add('cost.perJob is null only when no job completed', 'cost.perJob', 'cost.perJob', null);
    if (cost.perJob !== null) nonNegative(cost.perJob, 'cost.perJob', 'cost.perJob', add);
  }
  nonNegative(results.energyKWh, 'energyKWh', 'energyKWh', add);
  if (isObject(results.energy)) eachEntry(results.energy.bySite, 'energy.bySite', (v, w, p) => nonNegative(v, w, p, add));

  const u = results.utilization;
  if (isObject(u)) {
    fraction(u.overall, 'utilization.overall', 'utilization.overall', 'utilisation within [0, 1]', add);
    for (const part of ['byChip', 'bySite']) eachEntry(u[part], `utilization.${part}`, (v, w, p) => fraction(v, w, p, 'utilisation within [0, 1]', add));
  }
  fraction(results.fragmentation, 'fragmentation', 'fragmentation', 'fragmentation within [0, 1]', add);
  const slo = results.slo;
  if (isObject(slo)) {
    for (const key of ['circleMet', 'deadlineMet']) if (slo[key] !== null) fraction(slo[key], `slo.${key}`, `slo.${key}`, 'SLO fractions within [0, 1]', add);
    eachEntry(slo.byCircle, 'slo.byCircle', (v, w, p) => {
      if (!isObject(v)) return;
      if (v.met === null && typeof v.jobs === 'number' && v.jobs > 0) add('an SLO share is null only when no job had it', `${w}.met`, `${p}.met`, null);
      if (v.met !== null) fraction(v.met, `${w}.met`, `${p}.met`, 'SLO fractions within [0, 1]', add);
    });
  }

  for (const part of ['byClass', 'byOrigin']) checkGroups(results, part, add);

  const ts = results.timeseries;
  if (isObject(ts)) {
    const t = ts.t;
    if (Array.isArray(t)) {
      for (let i = 1; i < t.length; i++) {
        if ((t[i] as number) < (t[i - 1] as number)) {
          add('time never goes back', `timeseries.t[${i}]`, 'timeseries.t[]', t[i]);
          break;
        }
      }
    }
    for (const part of ['utilizationByChip', 'utilizationBySite']) {
      eachEntry(ts[part], `timeseries.${part}`, (series, w, p) => {
        if (!Array.isArray(series)) return;
        const bad = series.findIndex((v) => typeof v === 'number' && (v < -EPS || v > 1 + EPS));
        if (bad >= 0) add('utilisation within [0, 1]', `${w}[${bad}]`, `${p}[]`, series[bad]);
      });
    }
    if (Array.isArray(ts.fragmentation)) {
      const bad = ts.fragmentation.findIndex((v) => typeof v === 'number' && (v < -EPS || v > 1 + EPS));
      if (bad >= 0) add('fragmentation within [0, 1]', `timeseries.fragmentation[${bad}]`, 'timeseries.fragmentation[]', ts.fragmentation[bad]);
    }
    if (Array.isArray(ts.queueLength)) {
      const bad = ts.queueLength.findIndex((v) => typeof v === 'number' && v < 0);
      if (bad >= 0) add('queue length ≥ 0', `timeseries.queueLength[${bad}]`, 'timeseries.queueLength[]', ts.queueLength[bad]);
    }
  }
  return out;
}

/** Where the contract allows null: the summaries of nothing, and a few fields documented as "null when none". */
const GROUP_NULLABLE = ['cost.perJob', 'slo.circleMet', 'slo.deadlineMet'];
const NULLABLE = new Set([
  'horizon',
  'makespan',
  'slo.byCircle.*.met',
  ...GROUP_NULLABLE,
  ...GROUP_NULLABLE.map((f) => `byClass.*.${f}`),
  ...GROUP_NULLABLE.map((f) => `byOrigin.*.${f}`),
  // A call market's interval; an interval without trades has no trade price (docs/outputs.md, the market block).
  'market.intervalS',
  'market.timeseries.tradePriceByChip.*[]',
  // Without completions over links there is no share of JCT (the network block).
  'network.transferShareOfJct',
]);
const SUMMARY_KEYS = new Set(['mean', 'p50', 'p95', 'p99', 'max']);

type Add = (invariant: string, where: string, pattern: string, value: unknown) => void;

/** Walks everything but `perf`: every number finite, every null allowed. */
function checkNumbers(value: Json, where: string, pattern: string, add: Add, parentIsSummary = false): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) add('numbers are finite', where, pattern, value);
    return;
  }
  if (value === null) {
    const key = where.slice(where.lastIndexOf('.') + 1);
    if (!NULLABLE.has(pattern) && !(parentIsSummary && SUMMARY_KEYS.has(key))) add('no null where a number belongs', where, pattern, null);
    return;
  }
  if (typeof value === 'undefined') {
    add('no undefined in results', where, pattern, value);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkNumbers(v, `${where}[${i}]`, `${pattern}[]`, add));
    return;
  }
  if (!isObject(value)) return;
  const summary = 'count' in value && 'mean' in value && 'max' in value;
  for (const [k, v] of Object.entries(value)) {
    if (where === '' && k === 'perf') continue;
    checkNumbers(v, join(where, k), join(pattern, isRecordKey(pattern) ? '*' : k), add, summary);
  }
}

/** Fields whose keys are names from the scenario (chips, sites, providers, circles, reasons), grouped as `*`. */
function isRecordKey(pattern: string): boolean {
  return /(byChip|bySite|byProvider|byCircle|rejectReasons|utilizationByChip|utilizationBySite|byClass|byOrigin|jctByClass|ByChip|ByLink|BySite)$/.test(pattern);
}

function checkConservation(value: Json, where: string, pattern: string, add: Add): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkConservation(v, `${where}[${i}]`, `${pattern}[]`, add));
    return;
  }
  if (!isObject(value)) return;
  const keys = ['arrived', 'completed', 'rejected', 'failed', 'unfinished'] as const;
  if (keys.every((k) => typeof value[k] === 'number')) {
    const [arrived, completed, rejected, failed, unfinished] = keys.map((k) => value[k] as number) as [number, number, number, number, number];
    if (arrived !== completed + rejected + failed + unfinished) {
      add('jobs conserved (arrived = completed + rejected + failed + unfinished)', where, pattern, `${arrived} ≠ ${completed} + ${rejected} + ${failed} + ${unfinished}`);
    }
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'number' && (!Number.isInteger(v) || v < 0)) add('job counts are whole numbers ≥ 0', join(where, k), join(pattern, k), v);
    }
  }
  for (const [k, v] of Object.entries(value)) checkConservation(v, join(where, k), join(pattern, isRecordKey(pattern) ? '*' : k), add);
}

/** A group's own invariants, and the groups adding up to the run (counts, cost, energy). */
function checkGroups(results: Record<string, unknown>, part: string, add: Add): void {
  const groups = results[part];
  if (!isObject(groups)) return;
  const sums = new Map<string, number>();
  const addUp = (key: string, v: unknown): void => {
    if (typeof v === 'number') sums.set(key, (sums.get(key) ?? 0) + v);
  };
  for (const [name, g] of Object.entries(groups)) {
    if (!isObject(g)) continue;
    const where = `${part}.${name}`;
    const pattern = `${part}.*`;
    for (const key of ['wait', 'jct', 'slowdown', 'rttMs']) checkSummary(g[key], `${where}.${key}`, add);
    const jobs = isObject(g.jobs) ? g.jobs : {};
    for (const [k, v] of Object.entries(jobs)) addUp(`jobs.${k}`, v);
    if (isObject(g.slo)) for (const key of ['circleMet', 'deadlineMet']) fraction(g.slo[key], `${where}.slo.${key}`, `${pattern}.slo.${key}`, 'SLO fractions within [0, 1]', add);
    if (isObject(g.cost)) {
      nonNegative(g.cost.total, `${where}.cost.total`, `${pattern}.cost.total`, add);
      addUp('cost.total', g.cost.total);
      const completed = jobs.completed;
      if (g.cost.perJob === null && typeof completed === 'number' && completed > 0) add('cost.perJob is null only when no job completed', `${where}.cost.perJob`, `${pattern}.cost.perJob`, null);
      nonNegative(g.cost.perJob, `${where}.cost.perJob`, `${pattern}.cost.perJob`, add);
    }
    nonNegative(g.energyKWh, `${where}.energyKWh`, `${pattern}.energyKWh`, add);
    addUp('energyKWh', g.energyKWh);
  }
  const runJobs = isObject(results.jobs) ? results.jobs : {};
  const whole = new Map<string, unknown>([
    ...Object.entries(runJobs).map(([k, v]): [string, unknown] => [`jobs.${k}`, v]),
    ['cost.total', isObject(results.cost) ? results.cost.total : undefined],
    // The groups hold the busy energy their jobs drew; the rest is unattributed.
    ['energyKWh', isObject(results.energy) && typeof results.energy.unattributedKWh === 'number' && typeof results.energyKWh === 'number' ? results.energyKWh - results.energy.unattributedKWh : undefined],
  ]);
  for (const [key, sum] of sums) {
    const total = whole.get(key);
    if (typeof total === 'number' && Math.abs(sum - total) > 1e-6 * Math.max(1, Math.abs(total))) {
      add(`the ${part} groups add up to the run`, `${part}.*.${key}`, `${part}.*.${key}`, `${sum} ≠ ${total}`);
    }
  }
}

function checkSummary(s: Json, where: string, add: Add): void {
  if (!isObject(s) || typeof s.count !== 'number') return;
  const { count } = s;
  if (count > 0) {
    for (const key of SUMMARY_KEYS) if (s[key] === null) add('a summary of observations has numbers', `${where}.${key}`, `${where}.${key}`, `null with count ${count}`);
  }
  const order = ['p50', 'p95', 'p99', 'max'].map((k) => s[k]);
  for (let i = 1; i < order.length; i++) {
    const a = order[i - 1];
    const b = order[i];
    if (typeof a === 'number' && typeof b === 'number' && a > b + EPS * Math.max(1, Math.abs(b))) {
      add('quantiles in order (p50 ≤ p95 ≤ p99 ≤ max)', where, where, `${a} > ${b}`);
      break;
    }
  }
  for (const key of SUMMARY_KEYS) {
    const v = s[key];
    if (typeof v === 'number' && v < 0) add('times, slowdowns and RTTs ≥ 0', `${where}.${key}`, `${where}.${key}`, v);
  }
}

function nonNegative(v: unknown, where: string, pattern: string, add: Add): void {
  if (typeof v === 'number' && v < 0) add('cost and energy ≥ 0', where, pattern, v);
}

function fraction(v: unknown, where: string, pattern: string, invariant: string, add: Add): void {
  if (typeof v === 'number' && (v < -EPS || v > 1 + EPS)) add(invariant, where, pattern, v);
}

function eachEntry(record: unknown, where: string, f: (v: unknown, where: string, pattern: string) => void): void {
  if (!isObject(record)) return;
  for (const [k, v] of Object.entries(record)) f(v, `${where}.${k}`, `${where}.*`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function join(where: string, key: string): string {
  return where === '' ? key : `${where}.${key}`;
}

function show(v: unknown): string {
  if (typeof v === 'number' || v === null || v === undefined) return String(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v) ?? String(v);
}
