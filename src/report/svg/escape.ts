const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for HTML and SVG element content and quoted attribute
 * values: `&`, `<`, `>`, `"` and `'` become entities. Every string that
 * comes from a scenario file (scenario, policy, chip, site and circle
 * names) goes through here before it reaches the report.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => entities[ch] as string);
}
