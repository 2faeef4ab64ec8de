// Helpers for the suites that print reports with Chromium and read them with poppler-utils.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { promisify } from 'node:util';
import { describe, it } from 'vitest';
import { findChromium } from '../../../src/infra/reporting/find-chromium.js';

const run = promisify(execFile);

/** The time a browser test may take (launch, render, print, read back). */
export const BROWSER_TEST_TIMEOUT_MS = 120_000;

/** The tools a browser suite needs that are missing on this machine (empty: all there). */
export function missingBrowserTools(): string[] {
  const missing: string[] = [];
  try {
    findChromium(process.env);
  } catch {
    missing.push('chromium');
  }
  const path = (process.env.PATH ?? '').split(':');
  for (const tool of ['pdftotext', 'pdfinfo', 'pdftoppm']) {
    if (!path.some((dir) => isExecutable(`${dir}/${tool}`))) missing.push(tool);
  }
  return missing;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe` for suites that need Chromium and poppler-utils. Without them the suite is skipped
 * with the reason in its name; in CI (CI=true) it fails instead.
 */
export function describeWithChromium(name: string, body: () => void): void {
  const missing = missingBrowserTools();
  if (missing.length === 0) {
    // A cold Chromium on a loaded CI machine takes seconds to start and print.
    describe(name, { timeout: BROWSER_TEST_TIMEOUT_MS }, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs chromium and poppler-utils', () => {
        throw new Error(`missing ${missing.join(', ')}: apt-get install chromium poppler-utils`);
      });
    });
  } else {
    describe.skip(`${name} [skipped: no ${missing.join(', ')} on PATH]`, body);
  }
}

/** The text of a PDF (or of one page), as pdftotext extracts it in reading order. */
export async function pdfText(
  file: string,
  options: { page?: number; layout?: boolean } = {},
): Promise<string> {
  const { page, layout = false } = options;
  const pages = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  const flags = ['-enc', 'UTF-8', ...(layout ? ['-layout'] : []), ...pages];
  const { stdout } = await run('pdftotext', [...flags, file, '-']);
  return stdout;
}

/** A PDF's page count and first page size in points, from pdfinfo. */
export async function pdfInfo(file: string): Promise<{ pages: number; size: string }> {
  const { stdout } = await run('pdfinfo', [file]);
  const pages = /^Pages:\s+(\d+)/m.exec(stdout)?.[1];
  const size = /^Page size:\s+([\d.]+ x [\d.]+) pts/m.exec(stdout)?.[1];
  if (pages === undefined || size === undefined) throw new Error(`pdfinfo could not read ${file}`);
  return { pages: Number(pages), size };
}
