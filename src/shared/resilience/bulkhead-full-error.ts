import { EdgeError, type EdgeErrorOptions } from '../http/edge-error.js';

/**
 * A bulkhead has no free execution or queue slot: the call was rejected without running.
 * Code `BULKHEAD_FULL` (HTTP 503 at the edge); not retried, so load is shed rather than piled up.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof BulkheadFullError) return reply.status(503); }
 * ```
 */
export class BulkheadFullError extends EdgeError {
  readonly code = 'BULKHEAD_FULL';
  readonly retryable = false;
  readonly policy: string;

  constructor(policy: string, options: EdgeErrorOptions = {}) {
    super(`Bulkhead "${policy}" is full; the call was rejected`, {
      ...options,
      context: { policy, ...options.context },
    });
    this.policy = policy;
  }
}
