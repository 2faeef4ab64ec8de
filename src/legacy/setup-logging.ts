import { configureLogging } from '../shared/logging/configure-logging.js';
import type { CreateLoggerOptions } from '../shared/logging/create-logger.js';
import type { Logger } from '../shared/logging/logger.js';
import { warnDeprecated } from './warn-deprecated.js';

/**
 * @deprecated Use `configureLogging()` from `@baltra/sdk`. The old services' `setup_logging()`
 * (carpeta_common's took the service name; it is accepted here as a string).
 *
 * @example
 * ```ts
 * const logger = setupLogging({ level: 'debug' }); // warns once: BALTRA_DEP001
 * const same = setupLogging('gateway');            // = configureLogging({ service: 'gateway' })
 * ```
 */
export function setupLogging(options: CreateLoggerOptions | string = {}): Logger {
  warnDeprecated('BALTRA_DEP001', 'setupLogging()', 'configureLogging() from @baltra/sdk');
  return configureLogging(typeof options === 'string' ? { service: options } : options);
}
