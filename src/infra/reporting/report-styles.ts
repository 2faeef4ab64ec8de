import { COLOUR_BLIND_SAFE_PALETTE, REPORT_FONT } from './vega-chart-renderer.js';

/**
 * The report's inline stylesheet: readable on screen, printable (a page per section, nothing
 * split inside a card, chart or table row), high-contrast text, no web fonts or URLs.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --accent: ${COLOUR_BLIND_SAFE_PALETTE[0]}; --ink: #1a1a1a; --muted: #4a4a4a; --rule: #c8c8c8; }
* { box-sizing: border-box; }
html { font-family: ${REPORT_FONT}; color: var(--ink); background: #fff; font-size: 14px; line-height: 1.45; }
body { margin: 0 auto; max-width: 960px; padding: 24px; }
header.report-header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 1.9rem; margin: 0 0 4px; }
.company { font-size: 1.3rem; font-weight: bold; margin: 0 0 8px; }
dl.meta { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0; color: var(--muted); }
dl.meta div { display: flex; gap: 6px; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
section { padding-top: 16px; }
h2 { font-size: 1.4rem; margin: 0 0 12px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
dl.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px; margin: 0 0 16px; }
dl.kpis div { border: 1px solid var(--rule); border-left: 5px solid var(--accent); border-radius: 4px; padding: 8px 12px; break-inside: avoid; }
dl.kpis dt { color: var(--muted); font-size: 0.9rem; }
dl.kpis dd { margin: 4px 0 0; font-size: 1.5rem; font-weight: bold; font-variant-numeric: tabular-nums; }
figure.chart { margin: 0 0 16px; break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 4px; }
table { border-collapse: collapse; width: 100%; margin: 0 0 16px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 8px; text-align: right; }
th[scope="row"], thead th:first-child { text-align: left; }
th[scope="row"] { white-space: nowrap; }
thead th { border-bottom: 2px solid var(--ink); }
tr { break-inside: avoid; }
p.note { color: var(--muted); font-size: 0.9rem; }
@media print {
  body { max-width: none; padding: 0; }
  section + section { break-before: page; }
}
`;
