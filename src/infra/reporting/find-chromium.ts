import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { InfrastructureError } from '../../domain/errors.js';
import type { EnvSource } from '../../shared/settings/define-settings.js';
import { readReportingSettings } from './reporting-settings.js';

/** The executables {@link findChromium} looks for on `PATH`, in order. */
export const CHROMIUM_EXECUTABLES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
] as const;

/**
 * No Chromium to print reports with: `BALTRA_CHROMIUM_PATH` names no executable, or none of
 * {@link CHROMIUM_EXECUTABLES} is on `PATH`. Code `CHROMIUM_NOT_FOUND`.
 *
 * @example
 * ```ts
 * try { findChromium(process.env); }
 * catch (error) { if (error instanceof ChromiumNotFoundError) console.error(error.message); }
 * ```
 */
export class ChromiumNotFoundError extends InfrastructureError {
  constructor(message: string) {
    super(message, { code: 'CHROMIUM_NOT_FOUND' });
  }
}

/**
 * The Chromium the PDF and PNG renderers launch: `BALTRA_CHROMIUM_PATH` when set (it must be
 * an executable file), else the first of {@link CHROMIUM_EXECUTABLES} on `PATH`. Reads `env`,
 * default `process.env`. Never downloads a browser: install Debian's `chromium`
 * (`apt-get install chromium`).
 *
 * @example
 * ```ts
 * const executablePath = findChromium(); // '/usr/bin/chromium'
 * ```
 */
export function findChromium(env?: EnvSource): string {
  const { chromiumPath } = readReportingSettings(env === undefined ? {} : { env }).get();
  if (chromiumPath !== undefined) {
    if (isExecutable(chromiumPath)) return chromiumPath;
    throw new ChromiumNotFoundError(
      `BALTRA_CHROMIUM_PATH=${chromiumPath} is not an executable file`,
    );
  }
  const searchPath = (env === undefined ? process.env.PATH : env.PATH) ?? '';
  for (const directory of searchPath.split(delimiter).filter(Boolean)) {
    for (const name of CHROMIUM_EXECUTABLES) {
      const candidate = join(directory, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  throw new ChromiumNotFoundError(
    `no Chromium on PATH (looked for ${CHROMIUM_EXECUTABLES.join(', ')}): install it (apt-get install chromium) or set BALTRA_CHROMIUM_PATH`,
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
