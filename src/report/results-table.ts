import type { MarketResults, Results, Summary } from '../metrics/results.js';
import { formatCount, formatNumber, formatPercent } from './format-number.js';
import { textTable } from './text-table.js';

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
      row('slowdown', r.slowdown),
      row('RTT (ms)', r.rttMs),
    ]),
  );
  out.push('');

  const money = (v: number | null): string => (v === null ? '–' : `$${formatNumber(v)}`);
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
  lines.push(['makespan', r.makespan === null ? '– (jobs unfinished)' : `${formatNumber(r.makespan)} s`]);
  lines.push([
    'events',
    `${formatCount(r.events)} in ${formatNumber(r.perf.wallSeconds, 3)} s (${formatNumber(r.perf.eventsPerSecond / 1e6, 3)} M events/s)`,
  ]);
  out.push(textTable(lines, ['left', 'left']));
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

function listPercent(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([name, v]) => `${name} ${formatPercent(v)}`)
    .join(' · ');
}
