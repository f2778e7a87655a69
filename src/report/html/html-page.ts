import { escapeHtml } from '../svg/escape.js';
import { reportStyle } from './style.js';

/**
 * A report page: the document around its sections, with the report
 * stylesheet inline (and `extraStyle` after it), `title` escaped here,
 * and `footer` (already HTML) under the sections.
 */
export function htmlPage(title: string, sections: readonly string[], footer: string, extraStyle = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${reportStyle}${extraStyle}</style>
</head>
<body>
<main>
${sections.filter((s) => s !== '').join('\n')}
<footer>${footer}</footer>
</main>
</body>
</html>
`;
}
