import type { PolicyBenchmark } from '../bench/bench-policies.js';
import { formatCount, formatNumber, formatPercent } from './format-number.js';
import { textTable } from './text-table.js';

/** A `benchPolicies` result as a text table: one row per policy, medians over the rounds. */
export function benchPoliciesTable(b: PolicyBenchmark): string {
  const rate = (perSecond: number): string => (perSecond >= 1e6 ? `${formatNumber(perSecond / 1e6, 3)} M` : formatCount(Math.round(perSecond)));
  const header = ['policy', 'decisions', 'decisions/s', 'events', 'events/s', 'wall (s)', 'decisions/s ÷ loop', 'events/s ÷ loop'];
  const rows = b.policies.map((p) => [
    p.policy,
    formatCount(p.decisions),
    rate(p.decisionsPerSecond),
    formatCount(p.events),
    rate(p.eventsPerSecond),
    formatNumber(p.wallSeconds, 3),
    formatPercent(p.decisionsVsCalibration),
    formatPercent(p.eventsVsCalibration),
  ]);
  const rounds = `${b.rounds} round${b.rounds === 1 ? '' : 's'}`;
  return [
    `${b.scenario} · seed ${b.seed} · ${rounds} · node ${b.node}`,
    `calibration loop (${b.calibration.model}): ${rate(b.calibration.eventsPerSecond)} events/s`,
    '',
    textTable([header, ...rows]),
    '',
    'Medians over the rounds. "÷ loop": the rate as a share of the calibration loop\'s events/s measured just before',
    'each run, the figure to compare across machines. Wall time is the run alone (no parsing or summarising).',
    '',
  ].join('\n');
}
