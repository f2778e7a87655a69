import { armNoun, holmFamilySize, type Comparison } from '../../compare/comparison.js';
import { escapeHtml } from '../svg/escape.js';
import { formatNumber } from '../format-number.js';
import { legend } from './legend.js';
import { policyColours } from './policy-colours.js';

/** "42–51" for consecutive seeds, else the list (cut after ten). */
export function seedText(seeds: readonly number[]): string {
  if (seeds.length === 0) return 'none';
  const consecutive = seeds.every((s, i) => i === 0 || s === (seeds[i - 1] as number) + 1);
  if (consecutive && seeds.length > 2) return `${seeds[0]}–${seeds[seeds.length - 1]}`;
  return seeds.length <= 10 ? seeds.join(', ') : `${seeds.slice(0, 10).join(', ')}, …`;
}

/** A length of simulated time in the unit that reads best: "15 min", "2.5 h". */
export function duration(s: number): string {
  if (s >= 7200) return `${formatNumber(s / 3600, 3)} h`;
  if (s >= 120) return `${formatNumber(s / 60, 3)} min`;
  return `${formatNumber(s, 3)} s`;
}

/** The title, what was compared, and a line on how to read the numbers. */
export function headerSection(c: Comparison): string {
  const colourOf = policyColours(c);
  const n = c.seeds.length;
  const conf = `${formatNumber(c.confidence * 100, 3)}%`;
  const tests = holmFamilySize(c);
  const horizon = c.runs[0]?.horizon ?? null;
  const many = c.policies.length > 1;
  const facts: [string, string][] = [
    [armNoun(c, true), String(c.policies.length)],
    ['seeds', `${n} (${seedText(c.seeds)})`],
  ];
  if (many) facts.push(['baseline', escapeHtml(c.baseline)]);
  if (n > 1) facts.push(['confidence', conf]);
  if (many && n > 1) facts.push(['significance', `Holm, α = ${formatNumber(c.alpha, 3)}`]);
  if (horizon !== null) facts.push(['horizon', duration(horizon)]);
  const lede =
    c.policies.length === 1
      ? `One ${armNoun(c, false)}, ${n === 1 ? 'one seed' : `${n} seeds`}.`
      : `${c.policies.length} ${armNoun(c, true)} compared over ${n === 1 ? 'one seed' : `${n} seeds`}, against the baseline ${escapeHtml(c.baseline)}.`;
  const how: string[] = [];
  if (n > 1) how.push(`Intervals are ${conf} Student-t confidence intervals of the mean over the ${n} seeds.`);
  else how.push(`One seed: no intervals${many ? ' and no significance tests' : ''} (they need two seeds or more).`);
  if (many && n === 1) how.push(`Differences are against the baseline under the same seed (common random numbers).`);
  if (many && n > 1) {
    how.push(
      `Differences are paired against the baseline under common random numbers: under one seed every policy sees the same arrivals, sizes and failures, so a difference belongs to the policy.`,
      `Marks (*) say a difference is significant after Holm's correction over ${tests === 1 ? 'its one test' : `all ${tests} tests`} at α = ${formatNumber(c.alpha, 3)}.`,
    );
  }
  return `<header class="card">
<h1>${escapeHtml(c.scenario)}</h1>
<p class="lede">manychip comparison report · ${lede}</p>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
${legend(c.policies.map((p) => ({ label: p, colour: colourOf(p), ...(p === c.baseline && many ? { note: 'baseline' } : {}) })))}
<p class="note"><strong>How to read:</strong> ${how.join(' ')}</p>
</header>`;
}
