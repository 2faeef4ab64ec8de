import type { Report } from '../../domain/reporting/report.js';
import type { RenderedReport, ReportRenderer } from '../../domain/reporting/report-renderer.js';
import { renderReportHtml } from './render-report-html.js';

/**
 * `ReportRenderer` to one self-contained HTML file (see {@link renderReportHtml}): no browser
 * needed, only the optional peers `vega` and `vega-lite` for the charts.
 *
 * @example
 * ```ts
 * const rendered = await new HtmlReportRenderer().render(report);
 * await writeFile('report.html', rendered.bytes);
 * ```
 */
export class HtmlReportRenderer implements ReportRenderer {
  readonly format = 'html' as const;

  async render(report: Report): Promise<RenderedReport> {
    const html = await renderReportHtml(report);
    return {
      format: 'html',
      contentType: 'text/html; charset=utf-8',
      bytes: new TextEncoder().encode(html),
    };
  }

  async close(): Promise<void> {}
}
