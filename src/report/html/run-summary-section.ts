import type { GroupResults, Results, Summary } from '../../metrics/results.js';
import { formatNumber } from '../format-number.js';
import { escapeHtml } from '../svg/escape.js';
import { formatValue } from '../svg/format-value.js';
import type { MetricUnit } from '../../compare/compare-metrics.js';
import { stackedTables, type TableColumn } from './stacked-tables.js';

const countKeys = ['arrived', 'completed', 'rejected', 'failed', 'unfinished', 'preempted', 'neverStarted', 'restarts'] as const;
const countLabels: Record<(typeof countKeys)[number], string> = {
  arrived: 'arrived',
  completed: 'completed',
  rejected: 'rejected',
  failed: 'failed',
  unfinished: 'unfinished',
  preempted: 'preempted',
  neverStarted: 'never started',
  restarts: 'restarts',
};

const head = (label: string, title = ''): string => `<th scope="col"${title === '' ? '' : ` title="${escapeHtml(title)}"`}>${escapeHtml(label)}</th>`;
const cell = (text: string): string => `<td>${text}</td>`;

/** The counts, then a row per statistic (wait, JCT, slowdown, RTT) with its mean and quantiles, then cost, energy and use. */
export function runSummarySection(r: Results): string {
  const counts = stackedTables(
    [{ head: head('jobs'), cells: ['<th scope="row">all</th>'] }],
    countKeys.filter((k) => k !== 'neverStarted' || r.jobs.neverStarted > 0).filter((k) => k !== 'restarts' || r.jobs.restarts > 0).map((k) => ({ head: head(countLabels[k]), cells: [cell(formatNumber(r.jobs[k]))] })),
  );
  const stats: [string, Summary, MetricUnit][] = [
    ['wait', r.wait, 's'],
    ['JCT', r.jct, 's'],
    [`slowdown (bounded, τ = ${formatNumber(r.slowdownThresholdS)} s)`, r.slowdown, 'ratio'],
    ['RTT', r.rttMs, 'ms'],
  ];
  const quantiles = ['n', 'mean', 'p50', 'p95', 'p99', 'max'] as const;
  const summary = stackedTables(
    [{ head: head('per job'), cells: stats.map(([label]) => `<th scope="row">${escapeHtml(label)}</th>`) }],
    quantiles.map((q) => ({
      head: head(q),
      cells: stats.map(([, s, unit]) => cell(q === 'n' ? formatNumber(s.count) : formatValue(s[q], unit))),
    })),
  );
  const slo: string[] = [];
  if (r.slo.circleMet !== null) slo.push(`circle SLO met ${formatValue(r.slo.circleMet, 'fraction')}`);
  if (r.slo.deadlineMet !== null) slo.push(`deadline met ${formatValue(r.slo.deadlineMet, 'fraction')}`);
  const facts: [string, string][] = [
    ['cost', `${formatValue(r.cost.total, '$')} total, ${formatValue(r.cost.perJob, '$')} per completed job`],
    ['energy', `${formatValue(r.energyKWh, 'kWh')}, of which the jobs drew ${formatValue(r.energyKWh - r.energy.unattributedKWh, 'kWh')} busy`],
    ['utilisation', `${formatValue(r.utilization.overall, 'fraction')} of the chips in service allocated`],
    ...(slo.length > 0 ? ([['SLO', slo.join(' · ')]] as [string, string][]) : []),
    ['makespan', r.makespan === null ? '– (jobs unfinished)' : formatValue(r.makespan, 's')],
  ];
  return `<section id="summary">
<h2>Summary</h2>
${counts}
${summary}
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>
</section>`;
}

/** The columns of a per-class or per-origin table: counts, waits, JCTs, slowdown, SLOs, cost and busy energy. */
function groupColumns(groups: readonly GroupResults[]): TableColumn[] {
  const col = (label: string, title: string, value: (g: GroupResults) => string): TableColumn => ({ head: head(label, title), cells: groups.map((g) => cell(value(g))) });
  const columns: TableColumn[] = [
    col('arrived', 'jobs that arrived after the warm-up', (g) => formatNumber(g.jobs.arrived)),
    col('completed', 'jobs that completed', (g) => formatNumber(g.jobs.completed)),
    col('rejected', 'jobs rejected', (g) => formatNumber(g.jobs.rejected)),
    col('unfinished', 'jobs still waiting or running at the end', (g) => formatNumber(g.jobs.unfinished)),
    col('mean wait', 'mean time in queue, jobs that started', (g) => formatValue(g.wait.mean, 's')),
    col('p95 wait', '95th percentile of time in queue', (g) => formatValue(g.wait.p95, 's')),
    col('p50 JCT', 'median job completion time', (g) => formatValue(g.jct.p50, 's')),
    col('p95 JCT', '95th percentile of job completion time', (g) => formatValue(g.jct.p95, 's')),
    col('p99 JCT', '99th percentile of job completion time', (g) => formatValue(g.jct.p99, 's')),
    col('mean slowdown', 'mean bounded slowdown, completed jobs', (g) => formatValue(g.slowdown.mean, 'ratio')),
  ];
  if (groups.some((g) => g.slo.circleMet !== null)) columns.push(col('circle met', 'jobs with a circle SLO placed inside it', (g) => formatValue(g.slo.circleMet, 'fraction')));
  if (groups.some((g) => g.slo.deadlineMet !== null)) columns.push(col('deadline met', 'jobs with a deadline that completed by it', (g) => formatValue(g.slo.deadlineMet, 'fraction')));
  columns.push(
    col('cost', 'what the jobs paid', (g) => formatValue(g.cost.total, '$')),
    col('busy energy', 'energy the jobs drew while holding chips (idle chips belong to no class)', (g) => formatValue(g.energyKWh, 'kWh')),
  );
  return columns;
}

/** Per class and per origin: a row each, when there is more than one. */
export function runGroupsSection(r: Results): string {
  const tables: string[] = [];
  for (const [title, what, table] of [
    ['By class', 'class', r.byClass],
    ['By origin', 'origin', r.byOrigin],
  ] as const) {
    const entries = Object.entries(table);
    if (entries.length < 2) continue;
    tables.push(`<h3>${title}</h3>`, stackedTables([{ head: head(what), cells: entries.map(([name]) => `<th scope="row">${escapeHtml(name)}</th>`) }], groupColumns(entries.map(([, g]) => g))));
  }
  if (tables.length === 0) return '';
  return `<section id="groups">
<h2>Per class and origin</h2>
<p class="note">The same job statistics over each class's or origin's jobs only. Counts, cost and busy energy add up to the run's; the chips' idle energy belongs to no class.</p>
${tables.join('\n')}
</section>`;
}
