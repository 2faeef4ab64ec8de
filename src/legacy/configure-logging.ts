import { configureLogging as configureSdkLogging } from '../shared/logging/configure-logging.js';
import type { CreateLoggerOptions } from '../shared/logging/create-logger.js';
import type { LogLevel } from '../shared/logging/log-level.js';
import type { Logger } from '../shared/logging/logger.js';
import { warnDeprecated } from './warn-deprecated.js';

/** The level names of Python's `logging`, as the old services' settings spell them. */
export type PythonLogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'WARN' | 'ERROR' | 'CRITICAL' | 'FATAL';

/**
 * Options of the legacy {@link configureLogging}: those of `configureLogging` from
 * `@baltra/sdk`, with the level also spelled the Python way and the service also named
 * `serviceName`.
 */
export interface LegacyLoggingOptions extends Omit<CreateLoggerOptions, 'level'> {
  readonly level?: LogLevel | PythonLogLevel;
  /** Reten's spelling of `service`; `service` wins when both are given. */
  readonly serviceName?: string;
}

const PYTHON_LEVELS: Readonly<Record<PythonLogLevel, LogLevel>> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warn',
  WARN: 'warn',
  ERROR: 'error',
  CRITICAL: 'error',
  FATAL: 'error',
};

/**
 * @deprecated Use `configureLogging()` from `@baltra/sdk` (levels `error` … `debug`, option
 * `service`). Reten service core's `configure_logging()`: same logger, legacy spelling of the
 * options (`level: 'WARNING'`, `serviceName`).
 *
 * @example
 * ```ts
 * import { configureLogging } from '@baltra/sdk/legacy';
 * const logger = configureLogging({ level: 'WARNING', serviceName: 'leads' }); // warns once: BALTRA_DEP003
 * // = configureLogging({ level: 'warn', service: 'leads' }) from '@baltra/sdk'
 * ```
 */
export function configureLogging(options: LegacyLoggingOptions = {}): Logger {
  warnDeprecated(
    'BALTRA_DEP003',
    'configureLogging() of @baltra/sdk/legacy',
    'configureLogging() from @baltra/sdk',
  );
  const { level, serviceName, service, ...rest } = options;
  const resolvedService = service ?? serviceName;
  return configureSdkLogging({
    ...rest,
    ...(level !== undefined && { level: toLogLevel(level) }),
    ...(resolvedService !== undefined && { service: resolvedService }),
  });
}

function toLogLevel(level: LogLevel | PythonLogLevel): LogLevel {
  return (PYTHON_LEVELS as Partial<Record<string, LogLevel>>)[level] ?? (level as LogLevel);
}
