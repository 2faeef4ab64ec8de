import type { Logger } from '../../shared/logging/logger.js';

/**
 * A `Logger` that drops every entry: for tests and benchmarks whose expected retries and
 * dead letters would otherwise flood the output.
 *
 * @example
 * ```ts
 * const worker = new Worker({ queue, queues: ['jobs'], handlers, logger: silentLogger });
 * ```
 */
export const silentLogger: Logger = Object.freeze({
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => silentLogger,
});
