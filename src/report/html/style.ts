/**
 * The report's stylesheet, inline so the file needs nothing at view time:
 * the system font stack, a light page, cards laid out with CSS grid, and
 * the look of the SVG charts (which carry classes, not presentation
 * attributes, so they stay small).
 */
export const reportStyle = `
:root { --ink: #1f2328; --muted: #59636e; --faint: #8c959f; --line: #d8dee4; --page: #f5f6f8; --card: #fff;
  --better: #dbeafe; --better-ink: #0b4f8a; --worse: #fde4d0; --worse-ink: #8a3b00; --best: #fff4c2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 40px; }
h1 { font-size: 24px; line-height: 1.2; margin: 0 0 4px; font-weight: 650; overflow-wrap: anywhere; }
h2 { font-size: 17px; margin: 0 0 4px; font-weight: 620; }
h3 { font-size: 14px; margin: 14px 0 6px; font-weight: 600; }
p { margin: 6px 0; }
.lede { color: var(--muted); margin: 0 0 12px; }
.note { color: var(--muted); font-size: 13px; max-width: 80em; }
.note.crossing { color: var(--worse-ink); }
section, header.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px; margin: 0 0 18px; }
.facts { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 10px 0; }
.facts div { min-width: 0; }
.facts dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.facts dd { margin: 0; font-weight: 550; overflow-wrap: anywhere; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 3px; margin-right: 6px; vertical-align: -1px; }
.swatch.line { height: 3px; width: 16px; border-radius: 2px; vertical-align: 3px; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 8px 0; font-size: 13px; }
.legend li { white-space: nowrap; }
.legend .kind { color: var(--muted); }
.tag { display: inline-block; font-size: 11px; font-weight: 500; color: var(--muted); border: 1px solid var(--line); border-radius: 9px; padding: 0 6px; margin-left: 6px; vertical-align: 1px; }
.table-wrap { overflow-x: auto; }
.table-wrap + .table-wrap { margin-top: 14px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; }
th, td { padding: 5px 9px; border-bottom: 1px solid #eaeef2; text-align: right; vertical-align: top; white-space: nowrap; }
th { font-weight: 600; }
thead th { border-bottom: 1.5px solid var(--line); vertical-align: bottom; white-space: normal; }
th[scope=row], thead th:first-child { text-align: left; }
th[scope=row] { white-space: normal; min-width: 8em; max-width: 16em; overflow-wrap: anywhere; }
.dir { display: block; font-weight: 400; font-size: 11px; color: var(--faint); }
.pm, .ci { display: block; font-size: 11px; color: var(--muted); }
td.best { background: var(--best); font-weight: 650; }
td.sig.better { background: var(--better); color: var(--better-ink); font-weight: 650; }
td.sig.worse { background: var(--worse); color: var(--worse-ink); font-weight: 650; }
td.sig .ci { color: inherit; opacity: .8; }
.mark-sig { margin-left: 2px; }
.sig-key { padding: 0 4px; border-radius: 3px; font-weight: 600; }
.sig-key.better { background: var(--better); color: var(--better-ink); }
.sig-key.worse { background: var(--worse); color: var(--worse-ink); }
details { margin-top: 10px; }
summary { cursor: pointer; color: var(--muted); font-size: 13px; }
.panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 10px 26px; margin-top: 8px; }
figure { margin: 0; min-width: 0; }
figcaption { font-weight: 600; font-size: 13px; margin: 6px 0 2px; overflow-wrap: anywhere; }
figcaption .hint { font-weight: 400; color: var(--faint); margin-left: 6px; }
.with-table { display: flex; flex-wrap: wrap; gap: 18px 32px; align-items: flex-start; margin-top: 8px; }
.with-table > .chart-box { flex: 1 1 560px; max-width: 740px; min-width: 0; }
.with-table > .table-box { flex: 0 1 auto; min-width: 0; max-width: 100%; padding-top: 8px; }
.why-job { margin: 8px 0; }
.why-decision { margin: 10px 0 4px; }
table.why td.reason { text-align: left; color: var(--muted); white-space: normal; }
table.why tr.winner th, table.why tr.winner td { background: var(--best); }
.panels.cols-1 { grid-template-columns: minmax(0, 740px); }
.panels.cols-2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.panels.cols-3 { grid-template-columns: repeat(3, minmax(0, 1fr)); }
@media (max-width: 900px) { .panels.cols-2, .panels.cols-3 { grid-template-columns: minmax(0, 1fr); } }
svg.chart { display: block; width: 100%; height: auto; }
.chart text { font-size: 11px; fill: #3d444d; font-family: inherit; }
.chart .axis-title { font-size: 12px; fill: var(--ink); }
.chart .grid { stroke: #edf0f3; }
.chart .domain, .chart .tick { stroke: #8c959f; }
.chart .guide { stroke: #f3f4f6; }
.chart .whisker { fill: none; stroke-width: 2; stroke-linecap: round; }
.chart .whisker.dark { stroke: #24292f; stroke-width: 1.4; }
.chart .whisker.beyond { stroke-dasharray: 3 3; }
.chart .bound { stroke: #24292f; stroke-width: 1.2; stroke-dasharray: 2 3; }
.chart .line { stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
.chart .line.context { stroke-width: 1; }
.chart .front { fill: none; stroke: #24292f; stroke-width: 1.5; stroke-dasharray: 5 4; }
.chart .on-front .dot, .chart .best .dot { stroke: #24292f; stroke-width: 2; }
.chart .point-label { font-size: 12px; fill: var(--ink); }
.chart .point-label.on-front { font-weight: 650; }
.chart .missing { fill: var(--faint); font-style: italic; }
footer { color: var(--faint); font-size: 12px; text-align: center; margin-top: 8px; }
`;
