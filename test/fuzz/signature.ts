import type { FuzzCase, Outcome } from './fuzz-case.js';

/**
 * What makes two failures the same failure: the family, the kind of
 * outcome, where it showed and the first line of its message with the
 * particulars (paths, numbers, quoted values, positions) taken out.
 */
export function failureSignature(c: FuzzCase, o: Outcome): string {
  const message = o.message
    .replace(/\S*\/\S*/g, '<path>')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi, 'N')
    .replace(/\s+/g, ' ')
    .slice(0, 160);
  return `${c.family} · ${o.kind} (${o.via}) · ${message}`;
}
