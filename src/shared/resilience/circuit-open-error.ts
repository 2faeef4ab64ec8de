import { EdgeError, type EdgeErrorOptions } from '../http/edge-error.js';

/**
 * The circuit breaker protecting a dependency is open: the call was not attempted. Code
 * `CIRCUIT_OPEN` (mapped to HTTP 503 at the edge); never retried.
 *
 * @example
 * ```ts
 * try { await client.get('/candidates/1', schema); }
 * catch (error) { if (error instanceof CircuitOpenError) return cachedCandidate(); throw error; }
 * ```
 */
export class CircuitOpenError extends EdgeError {
  readonly code = 'CIRCUIT_OPEN';
  readonly retryable = false;
  readonly policy: string;

  constructor(policy: string, options: EdgeErrorOptions = {}) {
    super(`Circuit breaker "${policy}" is open; the call was not attempted`, {
      ...options,
      context: { policy, ...options.context },
    });
    this.policy = policy;
  }
}
