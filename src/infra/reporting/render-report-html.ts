import type {
  Report,
  ReportBlock,
  ReportChartBlock,
  ReportKpiBlock,
  ReportTableBlock,
} from '../../domain/reporting/report.js';
import { formatReportDate, formatReportValue } from './format-report-value.js';
import { REPORT_CSS } from './report-styles.js';
import { renderChartSvg } from './vega-chart-renderer.js';

/**
 * The report as one self-contained HTML document: inline CSS, charts as inline SVG (Vega-Lite,
 * rendered here, not in the reader's browser), no script, no external URL. Headings for the
 * report and each section, tables with `th scope`, charts with a text alternative, numbers,
 * money and dates for the report's locale. Prints a page per section.
 *
 * @example
 * ```ts
 * const html = await renderReportHtml(report);
 * await writeFile('report.html', html);
 * ```
 */
export async function renderReportHtml(report: Report): Promise<string> {
  const sections: string[] = [];
  for (const section of report.sections) {
    const blocks: string[] = [];
    for (const block of section.blocks) blocks.push(await renderBlock(block, report));
    const headingId = `h-${section.id}`;
    sections.push(
      `<section id="${escapeHtml(section.id)}" aria-labelledby="${escapeHtml(headingId)}">\n` +
        `<h2 id="${escapeHtml(headingId)}">${escapeHtml(section.heading)}</h2>\n${blocks.join('\n')}\n</section>`,
    );
  }
  const { labels, locale } = report;
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${report.title} — ${report.company.name}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="report-header">
<h1>${escapeHtml(report.title)}</h1>
<p class="company">${escapeHtml(report.company.name)}</p>
<dl class="meta">
<div><dt>${escapeHtml(labels.period)}</dt><dd>${escapeHtml(periodText(report))}</dd></div>
<div><dt>${escapeHtml(labels.generated)}</dt><dd>${escapeHtml(formatReportDate(report.generatedAt, locale))}</dd></div>
</dl>
</header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

/**
 * "1 March 2026 – 31 March 2026": the period's last day, since `to` is exclusive.
 *
 * @example
 * ```ts
 * periodText(report); // 'October 1, 2026 – November 30, 2026'
 * ```
 */
export function periodText(report: Pick<Report, 'period' | 'locale'>): string {
  const last = new Date(report.period.to.getTime() - 1);
  const from = formatReportDate(report.period.from, report.locale);
  const to = formatReportDate(last, report.locale);
  return from === to ? from : `${from} – ${to}`;
}

async function renderBlock(block: ReportBlock, report: Report): Promise<string> {
  switch (block.kind) {
    case 'kpis':
      return kpisHtml(block, report);
    case 'table':
      return tableHtml(block, report);
    case 'chart':
      return chartHtml(block, report);
    case 'note':
      return `<p class="note">${escapeHtml(block.text)}</p>`;
  }
}

function kpisHtml(block: ReportKpiBlock, report: Report): string {
  const items = block.items.map(
    ({ key, label, value }) =>
      `<div><dt>${escapeHtml(label)}</dt><dd data-kpi="${escapeHtml(key)}">${escapeHtml(
        formatReportValue(value, report.locale, report.labels.notAvailable),
      )}</dd></div>`,
  );
  return `<dl class="kpis">\n${items.join('\n')}\n</dl>`;
}

function tableHtml(block: ReportTableBlock, report: Report): string {
  const head = [block.rowHeader, ...block.columns]
    .map((title) => `<th scope="col">${escapeHtml(title)}</th>`)
    .join('');
  const rows = block.rows.map(
    (row) =>
      `<tr><th scope="row">${escapeHtml(row.header)}</th>${row.cells
        .map(
          (cell) =>
            `<td>${escapeHtml(formatReportValue(cell, report.locale, report.labels.notAvailable))}</td>`,
        )
        .join('')}</tr>`,
  );
  return `<table>\n<caption>${escapeHtml(block.caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

async function chartHtml(block: ReportChartBlock, report: Report): Promise<string> {
  const svg = await renderChartSvg(block, report.locale);
  return `<figure class="chart" data-chart="${escapeHtml(block.id)}">\n${svg}\n<figcaption>${escapeHtml(block.title)}</figcaption>\n</figure>`;
}

/**
 * Escapes text for HTML content and double-quoted attributes.
 *
 * @example
 * ```ts
 * escapeHtml('<b>A & B</b>'); // '&lt;b&gt;A &amp; B&lt;/b&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
