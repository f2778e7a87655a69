import type { CandidateExplanation, DecisionExplanation, JobExplanation } from '../model/explanation.js';
import { formatNumber } from './format-number.js';
import { textTable } from './text-table.js';

/**
 * Why each explained job went where it went, as text: per decision, the
 * candidates (pools, or nodes for node-level policies), which filter
 * refused each and why, each score part as raw → normalised (weighted),
 * the total, and the winner (marked ▶). Pure: renders what was recorded.
 */
export function explanationsText(explanations: readonly JobExplanation[]): string {
  if (explanations.length === 0) return 'explanations: no job asked about arrived in this run\n';
  return explanations.map(jobText).join('\n');
}

function jobText(job: JobExplanation): string {
  const out = [`why · job ${job.job} · class ${job.class} · from ${job.origin} · arrived at ${seconds(job.arrival)}`];
  for (const d of job.decisions) out.push(...decisionText(d));
  if (job.droppedDecisions !== undefined) out.push(`  (${job.droppedDecisions} more decisions not kept; the last one is shown last)`);
  return `${out.join('\n')}\n`;
}

function decisionText(d: DecisionExplanation): string[] {
  const lines = [`  ${seconds(d.time)}  ${headline(d)}`];
  if (d.rule !== undefined && (d.kind === 'start' || d.kind === 'enqueue' || d.kind === 'dispatch' || d.kind === 'probe')) lines.push(`      chosen by: ${d.rule}`);
  if (d.candidates.length === 0) return lines;
  if (d.kind === 'dispatch' || d.kind === 'probe') return [...lines, ...sitesText(d)];
  const parts = partNames(d.candidates);
  const nodeLevel = d.candidates.some((c) => c.node !== undefined);
  const scored = parts.length > 0;
  const header = ['', nodeLevel ? 'candidate' : 'pool', ...parts.map((p) => `${p} raw → norm (weighted)`), ...(scored ? ['total'] : [])];
  const rows: string[][] = [header];
  d.candidates.forEach((c, i) => {
    const name = c.node === undefined ? c.pool : `${c.pool} node ${c.node}`;
    const mark = i === d.winner ? '▶' : '';
    if (c.refused.length > 0) {
      rows.push([mark, name, `refused: ${c.refused.join('; ')}`]);
      return;
    }
    rows.push([mark, name, ...parts.map((p) => partCell(c, p)), ...(scored ? [c.total === undefined ? '–' : formatNumber(c.total)] : [])]);
  });
  const table = textTable(rows, ['left', 'left', ...parts.map(() => 'right' as const), 'right']);
  lines.push(...table.split('\n').map((l) => `      ${l}`));
  if (d.omitted !== undefined) lines.push(`      (${d.omitted} more candidates not listed)`);
  return lines;
}

function headline(d: DecisionExplanation): string {
  switch (d.kind) {
    case 'start':
      return `started on ${d.pool}${d.node === undefined ? '' : ` node ${d.node}`}${d.reason === undefined ? '' : `, ${d.reason}`}`;
    case 'enqueue':
      return `joined the local queue of ${d.pool}${d.reason === undefined ? '' : `, ${d.reason}`}`;
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

function partNames(candidates: readonly CandidateExplanation[]): string[] {
  const names: string[] = [];
  for (const c of candidates) for (const p of c.parts) if (!names.includes(p.name)) names.push(p.name);
  return names;
}

function partCell(c: CandidateExplanation, name: string): string {
  const p = c.parts.find((x) => x.name === name);
  if (p === undefined) return '–';
  return `${formatNumber(p.raw)} → ${formatNumber(p.normalised, 3)} (${formatNumber(p.weighted, 3)})`;
}

function seconds(t: number): string {
  return `t=${formatNumber(t)} s`;
}

/** A brain's decision: each site looked at, as its view showed it, with its score parts when the policy scores. */
function sitesText(d: DecisionExplanation): string[] {
  const figures = [...new Set(d.candidates.flatMap((c) => Object.keys(c.figures ?? {})))];
  const parts = partNames(d.candidates);
  const scored = parts.length > 0;
  const rows: string[][] = [['', 'site', ...figures, ...parts.map((p) => `${p} raw → norm (weighted)`), ...(scored ? ['total'] : [])]];
  d.candidates.forEach((c, i) => {
    const values = figures.map((f) => {
      const v = c.figures?.[f];
      return v === undefined ? '–' : formatNumber(v);
    });
    rows.push([i === d.winner ? '▶' : '', c.pool, ...values, ...parts.map((p) => partCell(c, p)), ...(scored ? [c.total === undefined ? '–' : formatNumber(c.total)] : [])]);
  });
  const table = textTable(rows, ['left', 'left', ...figures.map(() => 'right' as const), ...parts.map(() => 'right' as const), 'right']);
  return table.split('\n').map((l) => `      ${l}`);
}
