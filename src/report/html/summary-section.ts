import type { Comparison } from '../../compare/comparison.js';
import { escapeHtml } from '../svg/escape.js';
import { differenceTable, summaryTable } from './summary-tables.js';

/** The summary (means) and, with more than one policy, the paired differences against the baseline. */
export function summarySection(c: Comparison): string {
  const key = c.metrics.filter((m) => m.inTable);
  const more = c.metrics.filter((m) => !m.inTable);
  const hasDifferences = c.summaries.some((s) => s.differences !== null);
  const out: string[] = ['<section id="summary">', '<h2>Summary</h2>'];
  out.push(
    `<p class="note">${c.seeds.length > 1 ? 'Mean over seeds ± half the width of its confidence interval' : 'Values of the one run'}${c.policies.length > 1 ? '; the best in each column is highlighted' : ''}. Hover a heading for what it measures.</p>`,
  );
  out.push(summaryTable(c, key));
  if (hasDifferences) {
    out.push('<h3>Paired differences against the baseline</h3>');
    out.push(
      '<p class="note">Policy − baseline, seed by seed, with the interval of the mean difference under it. <span class="sig-key better">Blue *</span> significantly better, <span class="sig-key worse">orange *</span> significantly worse (Holm-corrected); unmarked differences may be noise.</p>',
    );
    out.push(differenceTable(c, key));
  }
  if (more.length > 0) {
    out.push(`<details><summary>More metrics (${more.map((m) => escapeHtml(m.label)).join(', ')})</summary>`);
    out.push(summaryTable(c, more));
    if (hasDifferences) out.push(differenceTable(c, more));
    out.push('</details>');
  }
  out.push('</section>');
  return out.join('\n');
}
