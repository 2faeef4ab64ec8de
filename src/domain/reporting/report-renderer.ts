import type { Report } from './report.js';

/** The formats a report renders to. */
export type ReportFormat = 'html' | 'pdf' | 'png';

/** A rendered report: its bytes and their media type. */
export interface RenderedReport {
  readonly format: ReportFormat;
  /** `text/html; charset=utf-8`, `application/pdf` or `image/png`. */
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/**
 * Turns a {@link Report} into a document. Adapters: HTML (self-contained, charts as inline
 * SVG) and PDF/PNG (that HTML printed by a headless Chromium) in `@baltra/sdk/reporting`.
 * A renderer that holds a browser is closed with `close()`.
 *
 * @example
 * ```ts
 * const rendered = await renderer.render(report);
 * await writeFile(`report.${rendered.format}`, rendered.bytes);
 * await renderer.close();
 * ```
 */
export interface ReportRenderer {
  readonly format: ReportFormat;
  render(report: Report): Promise<RenderedReport>;
  /** Releases what the renderer holds (a browser); idempotent. */
  close(): Promise<void>;
}
