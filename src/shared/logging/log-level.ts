/**
 * The log levels, most severe first (the npm levels winston uses). A logger at level `info`
 * writes `error`, `warn` and `info` entries.
 *
 * @example
 * ```ts
 * const level: LogLevel = LOG_LEVELS.includes(input as LogLevel) ? (input as LogLevel) : 'info';
 * ```
 */
export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];
