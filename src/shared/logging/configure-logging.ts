import { getSettings } from '../settings/core-settings.js';
import { type CreateLoggerOptions, createLogger } from './create-logger.js';
import type { Logger } from './logger.js';

let defaultLogger: Logger | undefined;

/**
 * Sets up the process-wide default logger and returns it. `level` and `service` default to
 * `getSettings().logLevel` and `getSettings().serviceName` (so invalid settings fail here,
 * at start-up, with every problem listed). Call it once when the service starts.
 *
 * @example
 * ```ts
 * const log = configureLogging({ fields: { version: '1.4.0' } });
 * log.info('worker started');
 * ```
 */
export function configureLogging(options: CreateLoggerOptions = {}): Logger {
  const needsSettings = options.level === undefined || options.service === undefined;
  const settings = needsSettings ? getSettings() : undefined;
  defaultLogger = createLogger({
    ...options,
    level: options.level ?? settings?.logLevel ?? 'info',
    service: options.service ?? settings?.serviceName ?? 'baltra-service',
  });
  return defaultLogger;
}

/**
 * The process-wide default logger, configured from the settings on first use when
 * {@link configureLogging} was not called.
 *
 * @example
 * ```ts
 * getLogger().warn('lead skipped', { leadId });
 * ```
 */
export function getLogger(): Logger {
  return defaultLogger ?? configureLogging();
}

/**
 * Forgets the default logger so the next {@link getLogger} creates a new one (for tests).
 *
 * @example
 * ```ts
 * afterEach(() => resetLogging());
 * ```
 */
export function resetLogging(): void {
  defaultLogger = undefined;
}
