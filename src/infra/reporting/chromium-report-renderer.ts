import { BaltraError, InfrastructureError } from '../../domain/errors.js';
import type { Report } from '../../domain/reporting/report.js';
import type { RenderedReport, ReportRenderer } from '../../domain/reporting/report-renderer.js';
import type { EnvSource } from '../../shared/settings/define-settings.js';
import { findChromium } from './find-chromium.js';
import { type ChromiumBrowser, loadPlaywrightCore } from './playwright-peer.js';
import { escapeHtml, renderReportHtml } from './render-report-html.js';

/** Options of {@link ChromiumReportRenderer}. */
export interface ChromiumReportRendererOptions {
  readonly format: 'pdf' | 'png';
  /** The Chromium to launch; default {@link findChromium} on `env`. */
  readonly executablePath?: string;
  /** Where `BALTRA_CHROMIUM_PATH` and `PATH` are read; default `process.env`. */
  readonly env?: EnvSource;
  /** PDF paper; default `A4`. */
  readonly paper?: 'A4' | 'Letter';
  /** PNG: the page's CSS width in pixels (the height is the whole report); default 1000. */
  readonly width?: number;
  /**
   * Launch Chromium with `--no-sandbox`. Default: only when the process runs as root (as in
   * most containers), where Chromium's sandbox refuses to start.
   */
  readonly noSandbox?: boolean;
  /** Milliseconds to launch the browser and to load one report; default 30,000. */
  readonly timeoutMs?: number;
}

/**
 * `ReportRenderer` to PDF (A4 or Letter, page numbers, a page per section) or PNG (the whole
 * report as one image): the HTML of {@link renderReportHtml} printed by the system Chromium
 * through `playwright-core` (optional peer; never downloads a browser). The browser is
 * launched on the first `render` and shared by every later one (each in its own offline
 * context and page, so renders can run concurrently); `close()` closes it. Errors:
 * `CHROMIUM_NOT_FOUND`, `REPORT_RENDER_FAILED`, `MISSING_PEER_DEPENDENCY`.
 *
 * @example
 * ```ts
 * const pdf = new ChromiumReportRenderer({ format: 'pdf', paper: 'Letter' });
 * try {
 *   await writeFile('report.pdf', (await pdf.render(report)).bytes);
 * } finally {
 *   await pdf.close();
 * }
 * ```
 */
export class ChromiumReportRenderer implements ReportRenderer {
  readonly format: 'pdf' | 'png';
  private browser: Promise<ChromiumBrowser> | undefined;
  private closed = false;

  constructor(private readonly options: ChromiumReportRendererOptions) {
    this.format = options.format;
  }

  async render(report: Report): Promise<RenderedReport> {
    const html = await renderReportHtml(report);
    const browser = await this.launch();
    const timeout = this.options.timeoutMs ?? 30_000;
    const width = this.options.width ?? 1000;
    try {
      const context = await browser.newContext({
        offline: true,
        javaScriptEnabled: false,
        viewport: { width, height: 800 },
        deviceScaleFactor: 1,
      });
      try {
        // The HTML is self-contained: any request at all is a bug, and must not leave the machine.
        await context.route('**/*', (route) => route.abort());
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load', timeout });
        const bytes =
          this.format === 'pdf'
            ? await page.pdf({
                format: this.options.paper ?? 'A4',
                printBackground: true,
                displayHeaderFooter: true,
                headerTemplate: headerTemplate(report),
                footerTemplate: footerTemplate(report),
                margin: { top: '18mm', bottom: '16mm', left: '14mm', right: '14mm' },
                tagged: true,
                outline: true,
              })
            : await page.screenshot({ type: 'png', fullPage: true, timeout });
        return {
          format: this.format,
          contentType: this.format === 'pdf' ? 'application/pdf' : 'image/png',
          bytes: new Uint8Array(bytes),
        };
      } finally {
        await context.close().catch(() => undefined);
      }
    } catch (error) {
      if (error instanceof BaltraError) throw error;
      throw new InfrastructureError(`rendering the ${this.format.toUpperCase()} report failed`, {
        code: 'REPORT_RENDER_FAILED',
        cause: error,
        context: { format: this.format },
      });
    }
  }

  /** Closes the browser, if one was launched; later renders fail. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close();
  }

  private launch(): Promise<ChromiumBrowser> {
    if (this.closed) {
      return Promise.reject(
        new InfrastructureError('the report renderer is closed', { code: 'REPORT_RENDER_FAILED' }),
      );
    }
    this.browser ??= this.start().catch((error: unknown) => {
      this.browser = undefined;
      throw error;
    });
    return this.browser;
  }

  private async start(): Promise<ChromiumBrowser> {
    const executablePath = this.options.executablePath ?? findChromium(this.options.env);
    const { chromium } = await loadPlaywrightCore();
    const noSandbox = this.options.noSandbox ?? process.getuid?.() === 0;
    try {
      return await chromium.launch({
        executablePath,
        headless: true,
        timeout: this.options.timeoutMs ?? 30_000,
        args: [...(noSandbox ? ['--no-sandbox'] : []), '--disable-dev-shm-usage', '--disable-gpu'],
      });
    } catch (error) {
      throw new InfrastructureError(`Chromium at ${executablePath} did not start`, {
        code: 'REPORT_RENDER_FAILED',
        cause: error,
        context: { executablePath },
      });
    }
  }
}

const TEMPLATE_STYLE =
  'font-family: sans-serif; font-size: 8px; color: #444; width: 100%; padding: 0 14mm;';

function headerTemplate(report: Report): string {
  return `<div style="${TEMPLATE_STYLE} display: flex; justify-content: space-between;"><span>${escapeHtml(report.company.name)}</span><span>${escapeHtml(report.title)}</span></div>`;
}

function footerTemplate(report: Report): string {
  return `<div style="${TEMPLATE_STYLE} text-align: center;">${escapeHtml(report.labels.page)} <span class="pageNumber"></span> / <span class="totalPages"></span></div>`;
}
