import { EdgeError, type EdgeErrorOptions } from '../http/edge-error.js';

/**
 * A call took longer than its timeout and was aborted through its `AbortSignal`. Code
 * `TIMEOUT` (HTTP 504 at the edge); retryable.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof OperationTimeoutError) log.warn('slow CRM', { timeoutMs: error.timeoutMs }); }
 * ```
 */
export class OperationTimeoutError extends EdgeError {
  readonly code = 'TIMEOUT';
  readonly retryable = true;
  readonly policy: string;
  readonly timeoutMs: number;

  constructor(policy: string, timeoutMs: number, options: EdgeErrorOptions = {}) {
    super(`"${policy}" timed out after ${timeoutMs} ms`, {
      ...options,
      context: { policy, timeoutMs, ...options.context },
    });
    this.policy = policy;
    this.timeoutMs = timeoutMs;
  }
}
