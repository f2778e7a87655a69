import type { BrainResults, GroupResults, MarketResults, Results, Summary } from '../metrics/results.js';
import { formatCount, formatNumber, formatPercent } from './format-number.js';
import { textTable } from './text-table.js';
import { elasticTable } from './elastic-table.js';
import { linksByUtilisation, type NetworkResults } from '../metrics/network-results.js';

/**
 * The results of one run as a readable terminal report. Pure: it renders
 * what `summarize` computed and never recomputes a metric.
 */
export function resultsTable(r: Results): string {
  const out: string[] = [];
  const horizon = r.horizon === null ? 'no horizon' : `horizon ${formatNumber(r.horizon)} s`;
  out.push(`${r.scenario} · policy ${r.policy} · seed ${r.seed} · ${horizon}`);
  out.push('');

  const j = r.jobs;
  const jobColumns: [string, number][] = [
    ['arrived', j.arrived],
    ['completed', j.completed],
    ['rejected', j.rejected],
    ['failed', j.failed],
    ['unfinished', j.unfinished],
    ['preempted', j.preempted],
  ];
  // Shown only when they say something.
  if (j.neverStarted > 0) jobColumns.push(['never started', j.neverStarted]);
  if (j.restarts > 0) jobColumns.push(['restarts', j.restarts]);
  out.push(textTable([['jobs', ...jobColumns.map(([name]) => name)], ['', ...jobColumns.map(([, n]) => formatCount(n))]]));
  out.push('');

  const row = (label: string, s: Summary): string[] => [
    label,
    formatCount(s.count),
    formatNumber(s.mean),
    formatNumber(s.p50),
    formatNumber(s.p95),
    formatNumber(s.p99),
    formatNumber(s.max),
  ];
  out.push(
    textTable([
      ['', 'n', 'mean', 'p50', 'p95', 'p99', 'max'],
      row('wait (s)', r.wait),
      row('JCT (s)', r.jct),
      row(`slowdown (bounded, τ=${formatNumber(r.slowdownThresholdS)} s)`, r.slowdown),
      row('RTT (ms)', r.rttMs),
    ]),
  );
  out.push('');
  const classes = Object.entries(r.byClass);
  if (classes.length > 1) {
    out.push(classBlock(classes));
    out.push('');
  }

  const providers = Object.entries(r.cost.byProvider);
  const lines: string[][] = [
    ['cost', `${money(r.cost.total)} total, ${money(r.cost.perJob)} per completed job`],
  ];
  if (providers.length > 1) lines.push(['', `by provider: ${providers.map(([p, v]) => `${p} ${money(v)}`).join(' · ')}`]);
  lines.push(['energy', `${formatNumber(r.energyKWh)} kWh (${Object.entries(r.energy.bySite).map(([s, v]) => `${s} ${formatNumber(v)}`).join(' · ')})`]);
  const slo: string[] = [];
  if (r.slo.circleMet !== null) {
    const circles = Object.entries(r.slo.byCircle).filter(([, c]) => c.jobs > 0);
    slo.push(`circle met ${formatPercent(r.slo.circleMet)} (${circles.map(([name, c]) => `${name} ${formatPercent(c.met)}`).join(' · ')})`);
  }
  if (r.slo.deadlineMet !== null) slo.push(`deadline met ${formatPercent(r.slo.deadlineMet)}`);
  if (slo.length > 0) lines.push(['SLO', slo.join(' · ')]);
  lines.push(['utilisation', `by chip: ${listPercent(r.utilization.byChip)}`]);
  lines.push(['', `by site: ${listPercent(r.utilization.bySite)}`]);
  lines.push(['fragmentation', `${formatPercent(r.fragmentation)} of chips idle but unusable by waiting jobs (time average)`]);
  if (r.market !== undefined) lines.push(...marketLines(r.market, money));
  const reasons = Object.entries(r.rejectReasons);
  if (reasons.length > 0) lines.push(['rejected', reasons.map(([reason, n]) => `${reason} ${formatCount(n)}`).join(' · ')]);
  if (r.brain !== undefined) lines.push(...brainLines(r.brain));
  if (r.network !== undefined) lines.push(...networkLines(r.network));
  lines.push(['makespan', r.makespan === null ? '– (jobs unfinished)' : `${formatNumber(r.makespan)} s`]);
  lines.push([
    'events',
    `${formatCount(r.events)} in ${formatNumber(r.perf.wallSeconds, 3)} s (${formatNumber(r.perf.eventsPerSecond / 1e6, 3)} M events/s)`,
  ]);
  out.push(textTable(lines, ['left', 'left']));
  // Only for a run with elastic pools: the rest of the report is the same without them.
  if (r.elastic !== undefined) out.push('', elasticTable(r.elastic));
  return out.join('\n') + '\n';
}

/** The market block in a few lines: how it traded, at what prices, who earned what. */
function marketLines(m: MarketResults, money: (v: number | null) => string): string[][] {
  const how = m.mechanism === 'call' ? `call every ${formatNumber(m.intervalS)} s, k ${formatNumber(m.k)}` : m.mechanism === 'continuous' ? `continuous, k ${formatNumber(m.k)}` : 'posted';
  const prices = Object.entries(m.tradePrice).map(([chip, p]) => `${chip} ${money(p.mean)} (p50 ${formatNumber(p.p50)}, p95 ${formatNumber(p.p95)})`);
  const providers = Object.entries(m.revenueByProvider).map(([p, v]) => `${p} ${money(v)}`);
  return [
    ['market', `${how} · ${formatCount(m.trades)} trades, ${formatNumber(m.chipHoursTraded)} chip-hours`],
    ...(prices.length > 0 ? [['', `price per chip-hour: ${prices.join(' · ')}`]] : []),
    ['', `paid ${money(m.paid)}, earned: ${providers.join(' · ')}`],
    ['', `buyer surplus ${money(m.buyerSurplus)} · spot: ${formatCount(m.spot.notices)} notices, ${formatCount(m.spot.reclamations)} reclaimed · unmatched: ${formatCount(m.unmatched.bids)} bids (${formatNumber(m.unmatched.bidHours)} chip-h)`],
  ];
}

/** Longest class name the per-class block prints whole: its tables then stay within 80 columns. */
const CLASS_NAME_WIDTH = 16;

function money(v: number | null): string {
  return v === null ? '–' : `$${formatNumber(v)}`;
}

/**
 * The per-class block: counts, then wait, JCT and slowdown summaries with
 * a row per class, then SLOs, cost and the busy energy its jobs drew
 * (idle chips belong to no class); within 80 columns for
 * class names up to 16 characters (longer ones are cut with an ellipsis).
 */
function classBlock(classes: readonly [string, GroupResults][]): string {
  const names = classes.map(([name]) => fitName(name));
  const counts = textTable([
    ['by class', 'arrived', 'completed', 'rejected', 'failed', 'unfinished', 'preempted'],
    ...classes.map(([, g], i) => [names[i] as string, ...[g.jobs.arrived, g.jobs.completed, g.jobs.rejected, g.jobs.failed, g.jobs.unfinished, g.jobs.preempted].map(formatCount)]),
  ]);
  const stats: string[][] = [['', '', 'n', 'mean', 'p50', 'p95', 'p99', 'max']];
  const statistics: [string, (g: GroupResults) => Summary][] = [
    ['wait (s)', (g) => g.wait],
    ['JCT (s)', (g) => g.jct],
    ['slowdown', (g) => g.slowdown],
  ];
  for (const [label, pick] of statistics) {
    classes.forEach(([, g], i) => {
      const s = pick(g);
      stats.push([i === 0 ? label : '', names[i] as string, formatCount(s.count), ...[s.mean, s.p50, s.p95, s.p99, s.max].map((v) => formatNumber(v))]);
    });
  }
  // SLO columns only where some class has that SLO.
  const slo: [string, (g: GroupResults) => number | null][] = [
    ['circle met', (g) => g.slo.circleMet],
    ['deadline met', (g) => g.slo.deadlineMet],
  ];
  const sloShown = slo.filter(([, pick]) => classes.some(([, g]) => pick(g) !== null));
  const spend = textTable([
    ['', ...sloShown.map(([label]) => label), 'cost', 'cost/job', 'busy kWh'],
    ...classes.map(([, g], i) => [names[i] as string, ...sloShown.map(([, pick]) => formatPercent(pick(g))), money(g.cost.total), money(g.cost.perJob), formatNumber(g.energyKWh)]),
  ]);
  return [counts, textTable(stats, ['left', 'left']), spend].join('\n\n');
}

function fitName(name: string): string {
  const chars = [...name];
  return chars.length <= CLASS_NAME_WIDTH ? name : `${chars.slice(0, CLASS_NAME_WIDTH - 1).join('')}…`;
}

function listPercent(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([name, v]) => `${name} ${formatPercent(v)}`)
    .join(' · ');
}

/** Over shared links: the transfers each way, the share of JCT they took, and the busiest links. */
function networkLines(n: NetworkResults): string[][] {
  const way = (w: NetworkResults['transfers']['input']): string =>
    w.count === 0 ? 'none' : `${formatCount(w.count)}, ${formatNumber(w.gb)} GB, p50 ${formatNumber(w.timeS.p50)} s, p95 ${formatNumber(w.timeS.p95)} s`;
  const busiest = linksByUtilisation(n).slice(0, 3);
  return [
    ['network', `${n.sharing} over ${formatCount(n.links.length)} links · ${n.transferShareOfJct === null ? 'no job completed' : `${formatPercent(n.transferShareOfJct)} of JCT moving data`}`],
    ['', `inputs ${way(n.transfers.input)}`],
    ['', `outputs ${way(n.transfers.output)}`],
    ['', `busiest links: ${busiest.map((l) => `${l.name} ${formatPercent(l.meanUtilisation)}`).join(' · ')}`],
  ];
}

/** Under a brain: its policy and view, how often it misrouted, how old its view was, where jobs went. */
function brainLines(b: BrainResults): string[][] {
  const delay = typeof b.view.delayS === 'number' ? `${formatNumber(b.view.delayS)} s` : b.view.delayS === 'rtt' ? 'half a round trip' : 'per site';
  const view = b.view.refreshS === 0 && b.view.delayS === 0 ? 'a fresh view' : `a view refreshed every ${formatNumber(b.view.refreshS)} s, reports ${delay} late`;
  const age = b.viewAgeS.mean === null ? '' : ` · view age mean ${formatNumber(b.viewAgeS.mean)} s, max ${formatNumber(b.viewAgeS.max)} s`;
  const lines: string[][] = [
    ['brain', `${b.policy} on ${view}${b.transfer === 'rtt' ? ', a round trip to reach a site' : ''} · ${formatCount(b.decisions)} decisions`],
    ['', `misrouted ${formatCount(b.misrouted)} (${formatPercent(b.misroutedFraction)}): sent where there was no room while another site had${age}`],
  ];
  if (b.probes !== undefined) lines.push(['', `probes ${formatCount(b.probes.sent)} sent, ${formatCount(b.probes.bound)} taken, ${formatCount(b.probes.withdrawn)} withdrawn`]);
  const sites = Object.entries(b.dispatches.bySite).filter(([, n]) => n > 0);
  lines.push(['', `jobs by site: ${sites.map(([site, n]) => `${site} ${formatCount(n)}`).join(' · ')}`]);
  return lines;
}
