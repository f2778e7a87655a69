import type { Comparison } from '../compare/comparison.js';
import { armNoun } from '../compare/comparison.js';
import { metricOf } from '../compare/metric-spec.js';
import { csvField } from './csv-field.js';

/**
 * One CSV row per policy × seed: the compared metrics and the job counts
 * of each run, for analysis elsewhere (R, pandas, a spreadsheet). Values
 * are as in the results contract (fractions as fractions, seconds, $, kWh);
 * a missing value is an empty field.
 */
export function compareCsv(c: Comparison): string {
  const metrics = c.metrics.map((info) => metricOf(info.key));
  const counts = ['arrived', 'completed', 'rejected', 'failed', 'unfinished', 'preempted'] as const;
  const lines = [[armNoun(c, false), 'seed', ...metrics.map((m) => m.key), ...counts.map((k) => `jobs.${k}`), 'events'].join(',')];
  // Runs are arm-major: the arm's name (a policy, or a mechanism) by position.
  c.runs.forEach((r, i) => {
    const arm = c.policies[Math.floor(i / c.seeds.length)] ?? r.policy;
    lines.push([csvField(arm), r.seed, ...metrics.map((m) => csvField(m.value(r))), ...counts.map((k) => r.jobs[k]), r.events].join(','));
  });
  return `${lines.join('\n')}\n`;
}
