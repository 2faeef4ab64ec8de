import { lazyOptionalPeer } from '../peer/lazy-optional-peer.js';

/** The slice of playwright-core's `Page` the renderer uses (no peer in declarations). */
export interface ChromiumPage {
  setContent(html: string, options: { waitUntil: 'load'; timeout?: number }): Promise<void>;
  pdf(options: Record<string, unknown>): Promise<Uint8Array>;
  screenshot(options: Record<string, unknown>): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** The slice of playwright-core's `BrowserContext` the renderer uses. */
export interface ChromiumContext {
  newPage(): Promise<ChromiumPage>;
  route(url: string, handler: (route: { abort(): Promise<void> }) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** The slice of playwright-core's `Browser` the renderer uses. */
export interface ChromiumBrowser {
  newContext(options: Record<string, unknown>): Promise<ChromiumContext>;
  version(): string;
  close(): Promise<void>;
}

/** The slice of playwright-core's module the renderer uses. */
export interface PlaywrightCoreModule {
  chromium: { launch(options: Record<string, unknown>): Promise<ChromiumBrowser> };
}

export const loadPlaywrightCore = lazyOptionalPeer<PlaywrightCoreModule>(
  'playwright-core',
  'PDF and PNG reports (printed by Chromium)',
  '@baltra/sdk/reporting',
);
