import { reportStyle } from '../html/style.js';

/** The report's custom properties (`--ink: #1f2328`), to spell out where a standalone file cannot look them up. */
function customProperties(css: string): Map<string, string> {
  const root = /:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
  return new Map([...root.matchAll(/--([\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1] as string, (m[2] as string).trim()]));
}

/**
 * The report stylesheet's chart rules on their own, with custom properties
 * spelled out (SVG viewers and converters such as rsvg do not all resolve
 * `var()`), and the page's font stack set on the chart itself, which the
 * report's text inherits from its body. Derived from `reportStyle`, so a
 * standalone chart looks as it does in the report. The report's
 * `svg.chart` rule (fill the column's width) is left out: a file keeps
 * its own size.
 */
export function standaloneChartStyle(css: string = reportStyle): string {
  const vars = customProperties(css);
  const fontStack = /body\s*\{[^}]*?font:\s*[\d.]+px\/[\d.]+\s+([^;]+);/.exec(css)?.[1]?.trim() ?? 'system-ui, sans-serif';
  const rules = css
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('.chart '))
    .map((l) => l.replace(/var\(--([\w-]+)\)/g, (whole, name: string) => vars.get(name) ?? whole));
  return [`svg.chart { font-family: ${fontStack}; font-size: 14px; }`, ...rules].join('\n');
}

/**
 * A chart from this directory (an `<svg class="chart" …>` string) as a
 * file of its own: an XML declaration, the SVG namespace, the chart rules
 * of the report's stylesheet embedded, and a white background, so it
 * renders the same opened alone, in a paper or through a converter as it
 * does in the HTML report.
 */
export function standaloneSvg(chart: string): string {
  const svg = chart.trim();
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (open === null) throw new Error('standaloneSvg: expected a chart starting with <svg');
  const tag = open[0].includes('xmlns=') ? open[0] : open[0].replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
  let rest = svg.slice(open[0].length);
  // The chart's own <title> stays its first child, where viewers look for a document's title.
  const title = /^<title>[^<]*<\/title>/.exec(rest)?.[0] ?? '';
  rest = rest.slice(title.length);
  const head = `<style><![CDATA[\n${standaloneChartStyle()}\n]]></style><rect class="background" width="100%" height="100%" fill="#fff"/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${tag}${title}${head}${rest}\n`;
}
