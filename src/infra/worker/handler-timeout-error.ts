import { EdgeError, type EdgeErrorOptions } from '../../shared/http/edge-error.js';

/**
 * A handler ran longer than its tier allows: its signal was aborted, its unit of work rolled
 * back, and the action will be retried. Code `HANDLER_TIMEOUT`.
 *
 * @example
 * ```ts
 * if (error instanceof HandlerTimeoutError) log.warn('slow handler', { timeoutMs: error.timeoutMs });
 * ```
 */
export class HandlerTimeoutError extends EdgeError {
  readonly code = 'HANDLER_TIMEOUT';
  readonly retryable = true;
  readonly timeoutMs: number;

  constructor(actionType: string, timeoutMs: number, options: EdgeErrorOptions = {}) {
    super(`Handler for ${actionType} did not finish within ${timeoutMs} ms`, {
      ...options,
      context: { actionType, timeoutMs, ...options.context },
    });
    this.timeoutMs = timeoutMs;
  }
}
