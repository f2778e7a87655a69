import type { CandidateExplanation, DecisionExplanation, SlowJob } from '../../model/explanation.js';
import { formatNumber } from '../format-number.js';
import { escapeHtml } from '../svg/escape.js';

/** Decisions shown per job: the first ones and the last (a long wait repeats itself). */
const SHOWN_DECISIONS = 6;

/**
 * "Why": for the slowest jobs of the run, every decision the policy made
 * about each, as it recorded them while deciding (`--explain`): the
 * candidates, which filter refused each and why, each score part raw,
 * normalised and weighted, the total, and the winner.
 */
export function whySection(slowest: readonly SlowJob[]): string {
  if (slowest.length === 0) return '';
  const jobs = slowest.map(({ explanation: e, jctS }) => {
    const decisions = e.decisions.length <= SHOWN_DECISIONS ? e.decisions : [...e.decisions.slice(0, SHOWN_DECISIONS - 1), e.decisions[e.decisions.length - 1] as DecisionExplanation];
    const skipped = e.decisions.length - decisions.length + (e.droppedDecisions ?? 0);
    return `<details class="why-job" data-job="${escapeHtml(e.job)}">
<summary>job <strong>${escapeHtml(e.job)}</strong> · ${escapeHtml(e.class)} from ${escapeHtml(e.origin)} · arrived at ${formatNumber(e.arrival)} s · JCT ${formatNumber(jctS)} s · ${e.decisions.length + (e.droppedDecisions ?? 0)} decisions</summary>
${decisions.map(decisionHtml).join('\n')}${skipped > 0 ? `\n<p class="note">${skipped} decisions in between not shown (the last one is).</p>` : ''}
</details>`;
  });
  return `<section id="why">
<h2>Why the slowest jobs went where they went</h2>
<p class="note">The ${slowest.length} jobs with the longest JCT, and every decision about each, as the policy's own code recorded it while deciding: the candidates, the filters that refused them and why, each score part as raw → normalised (weighted), the total; ▶ marks the winner. The same breakdown for any job: <code>manychip run … --explain &lt;id&gt;</code>.</p>
${jobs.join('\n')}
</section>`;
}

function decisionHtml(d: DecisionExplanation): string {
  const head = `<p class="why-decision"><strong>t = ${formatNumber(d.time)} s</strong> · ${escapeHtml(headline(d))}${d.rule === undefined || (d.kind !== 'start' && d.kind !== 'enqueue') ? '' : ` <span class="dir">chosen by ${escapeHtml(d.rule)}</span>`}</p>`;
  if (d.candidates.length === 0) return head;
  const parts: string[] = [];
  for (const c of d.candidates) for (const p of c.parts) if (!parts.includes(p.name)) parts.push(p.name);
  const rows = d.candidates.map((c, i) => rowHtml(c, parts, i === d.winner));
  const header = `<tr><th scope="col">candidate</th>${parts.map((p) => `<th scope="col">${escapeHtml(p)}<span class="dir">raw → norm (weighted)</span></th>`).join('')}${parts.length > 0 ? '<th scope="col">total</th>' : ''}</tr>`;
  const omitted = d.omitted === undefined ? '' : `<p class="note">${d.omitted} more candidates not listed.</p>`;
  return `${head}\n<div class="table-wrap"><table class="why"><thead>${header}</thead><tbody>${rows.join('')}</tbody></table></div>${omitted}`;
}

function rowHtml(c: CandidateExplanation, parts: readonly string[], winner: boolean): string {
  const name = `${winner ? '▶ ' : ''}${escapeHtml(c.pool)}${c.node === undefined ? '' : ` node ${c.node}`}`;
  const attrs = winner ? ' class="winner"' : c.refused.length > 0 ? ' class="refused"' : '';
  if (c.refused.length > 0) return `<tr${attrs}><th scope="row">${name}</th><td colspan="${parts.length + (parts.length > 0 ? 1 : 0)}" class="reason">refused: ${escapeHtml(c.refused.join('; '))}</td></tr>`;
  const cells = parts.map((name) => {
    const p = c.parts.find((x) => x.name === name);
    return `<td>${p === undefined ? '–' : `${formatNumber(p.raw)} → ${formatNumber(p.normalised, 3)} (${formatNumber(p.weighted, 3)})`}</td>`;
  });
  return `<tr${attrs}><th scope="row">${name}</th>${cells.join('')}${parts.length > 0 ? `<td>${c.total === undefined ? '–' : formatNumber(c.total)}</td>` : ''}</tr>`;
}

function headline(d: DecisionExplanation): string {
  switch (d.kind) {
    case 'start':
      return `started on ${d.pool ?? '?'}${d.node === undefined ? '' : ` node ${d.node}`}${d.reason === undefined ? '' : `, ${d.reason}`}`;
    case 'enqueue':
      return `joined the local queue of ${d.pool ?? '?'}${d.reason === undefined ? '' : `, ${d.reason}`}`;
    case 'wait':
      return `waits: ${d.reason ?? ''}`;
    case 'reject':
      return `rejected: ${d.reason ?? ''}`;
    case 'requeue':
      return `back in the queue: ${d.reason ?? ''}`;
    case 'dispatch':
      return `the brain sent it to site ${d.site ?? '?'}`;
    case 'probe':
      return `the brain reserved places at sites ${d.site ?? '?'}`;
  }
}
