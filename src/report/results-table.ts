import type { BrainResults, Results, Summary } from '../metrics/results.js';
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
  const reasons = Object.entries(r.rejectReasons);
  if (reasons.length > 0) lines.push(['rejected', reasons.map(([reason, n]) => `${reason} ${formatCount(n)}`).join(' · ')]);
  if (r.brain !== undefined) lines.push(...brainLines(r.brain));
  lines.push(['makespan', r.makespan === null ? '– (jobs unfinished)' : `${formatNumber(r.makespan)} s`]);
  lines.push([
    'events',
    `${formatCount(r.events)} in ${formatNumber(r.perf.wallSeconds, 3)} s (${formatNumber(r.perf.eventsPerSecond / 1e6, 3)} M events/s)`,
  ]);
  out.push(textTable(lines, ['left', 'left']));
  return out.join('\n') + '\n';
}

function listPercent(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([name, v]) => `${name} ${formatPercent(v)}`)
    .join(' · ');
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
