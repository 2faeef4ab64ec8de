import { configureLogging } from '../shared/logging/configure-logging.js';
import type { Logger } from '../shared/logging/logger.js';
import { warnDeprecated } from './warn-deprecated.js';

/**
 * @deprecated Use `configureLogging()` from `@baltra/sdk`. The old services' `setup_logging()`.
 *
 * @example
 * ```ts
 * const logger = setupLogging({ level: 'debug' }); // warns once: BALTRA_DEP001
 * ```
 */
export function setupLogging(options: Parameters<typeof configureLogging>[0] = {}): Logger {
  warnDeprecated('BALTRA_DEP001', 'setupLogging()', 'configureLogging() from @baltra/sdk');
  return configureLogging(options);
}
